import Foundation

/// What a killed run left half done, completed at the start of the next, under the lock and
/// before anything is fetched (the protocol is `OwnedFiles`'s): the journal's lines are
/// applied to the state in order, the one article write that can be unfinished is finished or
/// undone, the state is saved and the journal dropped. A kill during recovery leaves a
/// journal that recovers the same way.
enum JournalRecovery {
    static func recover(_ state: inout FetchState, statePath: String, files: OwnedFiles) throws(LoadFailure) {
        let entries = files.journal.entries
        guard !entries.isEmpty else { return }
        // Each `writing` line starts a file's write; only the last write of a file can be
        // unfinished, since a run writes one file at a time and stops at the first failure.
        var lastWriting: [String: Int] = [:]
        var liveIntent: [String: Int] = [:]
        var discarded = Set<Int>()
        for (i, entry) in entries.enumerated() {
            switch entry {
            case .writing(let file):
                lastWriting[file] = i
                liveIntent[file] = nil
            case .intent(let intent):
                liveIntent[intent.story.file] = i
            case .discard(let file):
                if let j = liveIntent.removeValue(forKey: file) { discarded.insert(j) }
            case .delta:
                break
            }
        }
        for (i, entry) in entries.enumerated() {
            switch entry {
            case .delta(let delta):
                state.apply(delta)
            case .intent(let intent) where !discarded.contains(i):
                let file = intent.story.file
                let unfinished = (lastWriting[file] ?? -1) < i && exists(DurableFile.temp(for: files.absolute(file)))
                // Temp gone: it was renamed into place. Still there: the rename is to be done.
                if unfinished, try files.finish(intent) != .written { continue }
                state.apply(intent)
            default:
                break
            }
        }
        // A write that never reached its intent, or whose intent was discarded, wrote nothing.
        for file in lastWriting.keys where liveIntent[file] == nil {
            unlink(DurableFile.temp(for: files.absolute(file)))
        }
        try state.save(statePath)
        files.journal.remove()
    }

    private static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }
}
