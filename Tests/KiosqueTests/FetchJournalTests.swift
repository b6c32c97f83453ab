import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// What a killed run leaves in the journal, constructed line by line, and what the next run
/// makes of it (`JournalRecovery`): each case of the protocol of `OwnedFiles`.
@Suite struct FetchJournalTests {
    static let file = "content/articles/2026/11/26/la-sonatel-releve-son-dividende.md"

    /// A site with no feeds (so a run only recovers), an article path and its journal.
    struct Case {
        let site: TestSite
        var statePath: String { site.root + "/.kiosque/state.json" }
        var journalPath: String { statePath + ".journal" }
        var target: String { site.root + "/" + FetchJournalTests.file }
        var temp: String { DurableFile.temp(for: target) }

        init() throws { site = try TestSite(feeds: []) }

        func article(_ sentence: String) -> Data {
            Data("""
            ---
            title: "La Sonatel relève son dividende"
            date: 2026-11-26T10:00:00Z
            sector: "actions"
            source: "Le Quotidien de la BRVM"
            guid: "sonatel-1"
            ---

            \(sentence)

            """.utf8)
        }

        func intent(_ bytes: Data, previous: Data? = nil) -> OwnedFiles.Intent {
            OwnedFiles.Intent(
                story: FetchState.Story(file: FetchJournalTests.file, hash: StableHash.hex(bytes), source: "Le Quotidien de la BRVM",
                                        link: nil, title: "La Sonatel relève son dividende", day: "2026-11-26",
                                        alsoReportedBy: [], itemHash: "0123456789abcdef"),
                seen: ["feeds/brvm.xml\nsonatel-1"], previousHash: previous.map { StableHash.hex($0) })
        }

        func journal(_ entries: [FetchJournal.Entry]) throws {
            let journal = try FetchJournal(path: journalPath)
            for e in entries { try journal.append(e) }
        }

        func put(_ path: String, _ bytes: Data) throws {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try bytes.write(to: URL(fileURLWithPath: path))
        }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

        /// What a kill left (the article, its temp, the journal), then the next run's state.
        func recover(target targetBytes: Data? = nil, temp tempBytes: Data? = nil, _ entries: [FetchJournal.Entry]) throws -> FetchState {
            if let targetBytes { try put(target, targetBytes) }
            if let tempBytes { try put(temp, tempBytes) }
            try journal(entries)
            return try run()
        }

        /// A run (no feeds: only the recovery), then the state it saved.
        func run() throws -> FetchState {
            _ = try FetchRun(config: site.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
            #expect(!exists(journalPath), "the journal is folded into the state and dropped")
            #expect(!exists(temp), "no temp is left")
            return try FetchState.load(statePath)
        }
    }

    @Test func aTempWithoutIntentIsRemovedAndNothingIsWritten() throws {
        let c = try Case()
        defer { c.site.remove() }
        let state = try c.recover(temp: Data("---\ntitle: \"La Sonatel relè".utf8), [.writing(file: Self.file)])  // cut by the kill
        #expect(!c.exists(c.target))
        #expect(state.stories.isEmpty && state.seen.isEmpty)
    }

    @Test func anIntentWithItsTempIsCompleted() throws {
        let c = try Case()
        defer { c.site.remove() }
        let bytes = c.article("Le groupe porte son dividende à 1 655 francs CFA.")
        let state = try c.recover(temp: bytes, [.writing(file: Self.file), .intent(c.intent(bytes))])
        #expect(FileManager.default.contents(atPath: c.target) == bytes)
        #expect(state.stories[Self.file] == c.intent(bytes).story)
        #expect(state.seen["feeds/brvm.xml\nsonatel-1"] == Self.file)
    }

    @Test func aNewFileWhoseNameWasTakenMeanwhileIsLeftToItsAuthor() throws {
        let c = try Case()
        defer { c.site.remove() }
        let bytes = c.article("Le groupe porte son dividende à 1 655 francs CFA.")
        let editors = c.article("Article de la rédaction, au même nom.")
        let state = try c.recover(target: editors, temp: bytes, [.writing(file: Self.file), .intent(c.intent(bytes))])
        #expect(FileManager.default.contents(atPath: c.target) == editors)
        #expect(state.stories.isEmpty && state.seen.isEmpty)  // the item is tried again, under another name
    }

    @Test func aRewriteIsCompletedWhenTheFileIsStillKiosques() throws {
        let c = try Case()
        defer { c.site.remove() }
        let old = c.article("Le dividende passe à 1 500 francs CFA.")
        let corrected = c.article("Le dividende passe à 1 655 francs CFA (correction).")
        let state = try c.recover(target: old, temp: corrected,
                                  [.writing(file: Self.file), .intent(c.intent(corrected, previous: old))])
        #expect(FileManager.default.contents(atPath: c.target) == corrected)
        #expect(state.stories[Self.file]?.hash == StableHash.hex(corrected))
    }

    @Test func aRewriteOfAFileTheEditorChangedIsDropped() throws {
        let c = try Case()
        defer { c.site.remove() }
        let old = c.article("Le dividende passe à 1 500 francs CFA.")
        let corrected = c.article("Le dividende passe à 1 655 francs CFA (correction).")
        let edited = c.article("Le dividende passe à 1 500 francs CFA. Précisions de la rédaction.")
        let before = c.intent(old).story
        let state = try c.recover(target: edited, temp: corrected, [
            .writing(file: Self.file), .intent(OwnedFiles.Intent(story: before, seen: [], previousHash: nil)),  // an earlier write of the run
            .writing(file: Self.file), .intent(c.intent(corrected, previous: old)),
        ])
        #expect(FileManager.default.contents(atPath: c.target) == edited)
        #expect(state.stories[Self.file] == before)  // the editor's file: its hash is not Kiosque's
    }

    @Test func anIntentWhoseTempIsGoneWasRenamedAndADeletedFileStaysDeleted() throws {
        let c = try Case()
        defer { c.site.remove() }
        let bytes = c.article("Le groupe porte son dividende à 1 655 francs CFA.")
        // The rename happened, then the editor deleted the file: no temp, no target.
        let state = try c.recover([.writing(file: Self.file), .intent(c.intent(bytes))])
        #expect(state.stories[Self.file] == c.intent(bytes).story)
        #expect(state.seen["feeds/brvm.xml\nsonatel-1"] == Self.file)
        #expect(!c.exists(c.target))

        // The feed still has the item: it is known, and not written again.
        let feed = FetchIngestTests.rss(FetchIngestTests.item("sonatel-1", "La Sonatel relève son dividende"))
        let fed = try TestSite(feeds: [("feeds/brvm.xml", "Le Quotidien de la BRVM", nil)], files: ["feeds/brvm.xml": feed])
        defer { fed.remove() }
        try FileManager.default.createDirectory(atPath: fed.root + "/.kiosque", withIntermediateDirectories: true)
        try state.save(fed.root + "/.kiosque/state.json")
        let report = try FetchRun(config: fed.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
        #expect(report.feeds[0].counts.new == 0)
        #expect(fed.articles().isEmpty)
    }

    @Test func aDiscardedIntentWritesNothing() throws {
        let c = try Case()
        defer { c.site.remove() }
        let bytes = c.article("Le groupe porte son dividende à 1 655 francs CFA.")
        // Killed between the discard line and the unlink.
        let state = try c.recover(temp: bytes, [.writing(file: Self.file), .intent(c.intent(bytes)), .discard(file: Self.file)])
        #expect(!c.exists(c.target))
        #expect(state.stories.isEmpty)
    }

    @Test func aTornLastLineIsCutOffBeforeAnythingIsAppended() throws {
        let c = try Case()
        defer { c.site.remove() }
        let bytes = c.article("Le groupe porte son dividende à 1 655 francs CFA.")
        try c.journal([.writing(file: Self.file), .intent(c.intent(bytes))])
        let complete = try #require(FileManager.default.contents(atPath: c.journalPath))
        let torn = Data("{\"writing\":\"content/articles/2026/11/26/auT".utf8)
        try (complete + torn).write(to: URL(fileURLWithPath: c.journalPath))

        // Opening the journal cuts the torn line off; what is appended then starts a line of its own.
        let journal = try FetchJournal(path: c.journalPath)
        #expect(journal.entries == [.writing(file: Self.file), .intent(c.intent(bytes))])
        #expect(FileManager.default.contents(atPath: c.journalPath) == complete)
        try journal.append(.discard(file: "content/articles/2026/11/26/autre.md"))
        #expect(try FetchJournal(path: c.journalPath).entries.count == 3)

        // And a run reads every complete line.
        try (complete + torn).write(to: URL(fileURLWithPath: c.journalPath))
        let state = try c.run()
        #expect(state.stories[Self.file] == c.intent(bytes).story)
    }

    @Test func aDamagedLineIsAnErrorNamingTheJournalAndTheLine() throws {
        let c = try Case()
        defer { c.site.remove() }
        try c.journal([.writing(file: Self.file)])
        let complete = try #require(FileManager.default.contents(atPath: c.journalPath))
        try (complete + Data("pas du JSON\n".utf8)).write(to: URL(fileURLWithPath: c.journalPath))
        #expect(throws: LoadFailure.self) { try FetchJournal(path: c.journalPath) }
        do {
            _ = try FetchJournal(path: c.journalPath)
        } catch {
            #expect(error.description.hasPrefix(c.journalPath + ":2: "))
        }
    }

    @Test func aStateSaveCutShortLeavesNoTemp() throws {
        let c = try Case()
        defer { c.site.remove() }
        try c.put(DurableFile.temp(for: c.statePath), Data("{\"feeds\":{".utf8))
        _ = try FetchRun(config: c.site.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
        #expect(!c.exists(DurableFile.temp(for: c.statePath)))
    }
}
