import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// The indexes that keep each item's work bounded answer as a search of everything would.
@Suite struct FetchIndexTests {
    @Test func storyIndexFindsWhatComparingEveryTitleFinds() {
        let words = ["la", "brvm", "bceao", "taux", "directeur", "maintient", "recule", "hausse", "cacao", "prix",
                     "dividende", "sonatel", "emprunt", "tresor", "franc", "cfa", "euro", "stable", "or", "mines"]
        var g = KillHarness.Generator(seed: 2026)
        func title() -> String {
            (0..<Int.random(in: 3...9, using: &g)).map { _ in words[Int.random(in: 0..<words.count, using: &g)] }.joined(separator: " ")
        }
        let sources = ["A", "B", "C"]
        var stories: [FetchState.Story] = []
        for i in 0..<300 {
            stories.append(FetchState.Story(file: "f\(i).md", hash: "", source: sources[i % 3], link: nil, title: title(),
                                            day: "2026-11-2\(i % 2)", alsoReportedBy: [], itemHash: nil))
        }
        let index = StoryIndex(stories)
        let titleWords = Dictionary(uniqueKeysWithValues: stories.map { ($0.file, StoryMatch.words($0.title)) })
        func matches(_ story: FetchState.Story, _ words: Set<String>, _ day: String, _ source: String) -> Bool {
            story.day == day && story.source != source && StoryMatch.nearlySameTitle(words, titleWords[story.file]!)
        }
        var matched = 0
        for _ in 0..<2_000 {
            let t = title(), day = "2026-11-2\(Int.random(in: 0...1, using: &g))", source = sources[Int.random(in: 0..<3, using: &g)]
            let words = StoryMatch.words(t)
            let found = index.sameStory(link: nil, title: t, day: day, source: source)
            #expect((found != nil) == stories.contains { matches($0, words, day, source) }, "\(t) on \(day) from \(source)")
            if let found, let story = stories.first(where: { $0.file == found }) {
                #expect(matches(story, words, day, source))
                matched += 1
            }
        }
        #expect(matched > 20)  // the case is exercised
    }

    @Test func slugNamesPastTheLimitAreSaidNotSilent() throws {
        var names = SlugAllocator()
        #expect(names.name(in: "content/articles/2026/11/26", base: "la-brvm-recule", bytes: Data(), isKnown: { _ in true },
                           absolute: { "/nonexistent/" + $0 }) == .exhausted(last: "la-brvm-recule-\(SlugAllocator.limit).md"))

        // Through a run: every name of the title taken in the state, so the item waits, and says so.
        let site = try TestSite(feeds: [("feeds/a.xml", "Source A", nil)], files: [
            "feeds/a.xml": FetchIngestTests.rss(FetchIngestTests.item("r1", "La BRVM recule")),
        ])
        defer { site.remove() }
        var state = FetchState()
        for n in 1...SlugAllocator.limit {
            let file = "content/articles/2026/11/26/la-brvm-recule\(n == 1 ? "" : "-\(n)").md"
            state.stories[file] = FetchState.Story(file: file, hash: "", source: "Source B", link: nil, title: "x",
                                                   day: "2026-11-26", alsoReportedBy: [], itemHash: nil)
        }
        try FileManager.default.createDirectory(atPath: site.root + "/.kiosque", withIntermediateDirectories: true)
        try state.save(site.root + "/.kiosque/state.json")
        let report = try FetchRun(config: site.config(), options: FetchOptions(), now: FetchIngestTests.now).run().feeds[0]
        #expect(report.counts.new == 0)
        #expect(report.notes == ["'La BRVM recule' not written: every name up to content/articles/2026/11/26/la-brvm-recule-"
                                 + "\(SlugAllocator.limit).md is taken; it is tried again next run"])
    }
}
