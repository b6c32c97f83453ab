import Foundation
import KiosqueCore

/// How `kiosque fetch` writes an article, so that a SIGKILL at any instant leaves a file the
/// next run recognises as its own, whatever the editor did to it since: one story, one file,
/// an edited file never overwritten, a deleted one never written again.
///
/// 1. Journal `writing F`, before the temp exists: no temp is ever unknown to the journal.
/// 2. Write the temp, `.F.kiosque-new` beside F (a fixed name: the fetch lock is held), and
///    flush it.
/// 3. Journal the intent, only now that the temp is whole: the story as it will be (with the
///    hash of the new bytes), the items it stands for, and the hash F must still have (a
///    rewrite; none for a new file, which must not exist).
/// 4. Rename the temp over F if F is as the intent expects; else journal `discard F` and
///    unlink the temp: F is the editor's.
///
/// The next run, under the lock, first completes what the journal says (`JournalRecovery`):
/// `writing` without an intent: the temp is unlinked, nothing was written; an intent whose
/// temp is there: step 4, done now; an intent whose temp is gone: the rename happened, so the
/// story is recorded, even if the editor has since edited F (it is theirs: its hash differs)
/// or deleted it (it stays deleted). Then the state is saved and the journal dropped.
///
/// Left open: an editor saving F in the microseconds between step 4's check and its rename.
struct OwnedFiles {
    struct Intent: Codable, Equatable, Sendable {
        /// As it is once the file is in place: `hash` is that of the new bytes.
        var story: FetchState.Story
        /// The items (`FetchState.seenKey`) it stands for.
        var seen: [String]
        /// What the file must still hash to for a rewrite; nil for a new file.
        var previousHash: String?
        /// The images written for it (`ImageDownloads`), relative to the site folder -> hash.
        var media: [String: String]? = nil
    }

    enum Outcome: Equatable {
        case written
        /// The file changed, appeared or went since Kiosque last wrote it: left as it is.
        case leftAlone
        /// The temp could not be written (a full disk…): nothing changed.
        case failed(String)
    }

    /// The site folder, which the stories' paths are relative to.
    let root: String
    let journal: FetchJournal

    func absolute(_ file: String) -> String { file.hasPrefix("/") ? file : (root as NSString).appendingPathComponent(file) }

    /// Steps 1 to 4. Throws only when the journal cannot be written or a rename fails: the
    /// run must stop there, and the next one completes it.
    func write(_ bytes: Data, as intent: Intent) throws(LoadFailure) -> Outcome {
        try journal.append(.writing(file: intent.story.file))
        do {
            try DurableFile.writeFlushed(bytes, to: DurableFile.temp(for: absolute(intent.story.file)))
        } catch {
            return .failed(error.description)
        }
        try journal.append(.intent(intent))
        return try finish(intent)
    }

    /// Step 4, for an intent whose temp is complete.
    func finish(_ intent: Intent) throws(LoadFailure) -> Outcome {
        let target = absolute(intent.story.file)
        let temp = DurableFile.temp(for: target)
        if FileManager.default.contents(atPath: target).map({ StableHash.hex($0) }) == intent.previousHash {
            try DurableFile.rename(temp, to: target)
            return .written
        }
        try journal.append(.discard(file: intent.story.file))
        unlink(temp)
        return .leftAlone
    }

    /// The bytes of `file` if it still holds what Kiosque last wrote there (`hash`); nil once
    /// the editor has changed or deleted it.
    func unchanged(_ file: String, hash: String) -> Data? {
        FileManager.default.contents(atPath: absolute(file)).flatMap { StableHash.hex($0) == hash ? $0 : nil }
    }
}
