import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// A feed that corrects an item without changing its dates: the article follows, unless the
/// editor has touched it.
@Suite struct FetchCorrectionTests {
    static let later: Timestamp = FetchIngestTests.now + 3 * 86_400  // 2026-12-02

    static func feed(cacao: String, coton: String, anacarde: String) -> [UInt8] {
        FetchIngestTests.rss(
            FetchIngestTests.item("cacao-1", "Le prix bord champ du cacao fixé à 2 200 francs", description: cacao)
            // No date: filed under the instant of the first fetch.
            + "<item><guid>coton-1</guid><title>La campagne cotonnière démarre au Bénin</title><description>\(coton)</description></item>"
            + FetchIngestTests.item("anacarde-1", "L’anacarde ivoirien attire les transformateurs", description: anacarde))
    }

    func run(_ site: TestSite, now: Timestamp) throws -> FeedReport {
        try FetchRun(config: site.config(), options: FetchOptions(), now: now).run().feeds[0]
    }

    @Test func aCorrectionRewritesAnUntouchedFileAndKeepsAnEditedOne() throws {
        let site = try TestSite(feeds: [("feeds/agri.xml", "Agri Hebdo", "matieres-premieres")], files: [
            "feeds/agri.xml": Self.feed(cacao: "Le prix passe à 2 200 francs le kilo.", coton: "Les égreneuses ouvrent lundi.",
                                        anacarde: "Trois usines ouvrent à Bouaké."),
        ])
        defer { site.remove() }
        #expect(try run(site, now: FetchIngestTests.now).counts.new == 3)
        let cacao = "content/articles/2026/11/26/le-prix-bord-champ-du-cacao-fixe-a-2-200-francs.md"
        let coton = "content/articles/2026/11/29/la-campagne-cotonniere-demarre-au-benin.md"
        let anacarde = "content/articles/2026/11/26/l-anacarde-ivoirien-attire-les-transformateurs.md"
        #expect(site.articles() == [anacarde, cacao, coton])
        let edited = site.read(anacarde).replacingOccurrences(of: "Trois usines", with: "Selon notre correspondant, trois usines")
        try site.write(anacarde, Array(edited.utf8))

        // Three days later the feed corrects all three items; not one date changes.
        try site.write("feeds/agri.xml", Self.feed(cacao: "Le prix passe à 2 250 francs le kilo (rectificatif).",
                                                   coton: "Les égreneuses ouvrent mardi, non lundi.",
                                                   anacarde: "Quatre usines ouvrent à Bouaké."))
        let report = try run(site, now: Self.later)
        #expect(report.counts == IngestCounts(new: 0, updated: 2, duplicates: 0, keptByEditor: 1))
        #expect(site.articles() == [anacarde, cacao, coton])  // the same files, no new one
        #expect(site.read(cacao).contains("2 250 francs le kilo (rectificatif)."))
        #expect(site.read(cacao).contains("\ndate: 2026-11-26T10:00:00Z\n"))
        // The undated item keeps the instant it was first filed under, not the correction's.
        #expect(site.read(coton).contains("Les égreneuses ouvrent mardi, non lundi."))
        #expect(site.read(coton).contains("\ndate: 2026-11-29T00:00:00Z\n"))
        #expect(site.read(anacarde) == edited)

        // Said once: the next run, with the same feed, has nothing to say.
        #expect(try run(site, now: Self.later).counts == IngestCounts())
        #expect(site.read(anacarde) == edited)
    }

    @Test func theSummarySaysWhenAnEditedFileIsKept() throws {
        let site = try TestSite(feeds: [("feeds/agri.xml", "Agri Hebdo", nil)], files: [
            "feeds/agri.xml": Self.feed(cacao: "Premier texte.", coton: "Premier texte.", anacarde: "Premier texte."),
        ])
        defer { site.remove() }
        _ = try CLI.run(["fetch", "--site", site.root])
        let file = "content/articles/2026/11/26/le-prix-bord-champ-du-cacao-fixe-a-2-200-francs.md"
        try site.write(file, Array((site.read(file) + "Note de la rédaction.\n").utf8))
        try site.write("feeds/agri.xml", Self.feed(cacao: "Texte corrigé.", coton: "Premier texte.", anacarde: "Premier texte."))
        let result = try CLI.run(["fetch", "--site", site.root])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Agri Hebdo: 1 updated item(s) left alone: their file was edited or deleted"), "\(result.stdout)")
        #expect(site.read(file).hasSuffix("Note de la rédaction.\n"))
    }

    @Test func aStateFromBeforeItemHashesRewritesNothing() throws {
        let site = try TestSite(feeds: [("feeds/agri.xml", "Agri Hebdo", nil)], files: [
            "feeds/agri.xml": Self.feed(cacao: "Premier texte.", coton: "Premier texte.", anacarde: "Premier texte."),
        ])
        defer { site.remove() }
        _ = try run(site, now: FetchIngestTests.now)
        let before = site.articles().map(site.read)
        // The state as the previous version wrote it: no item hashes.
        let statePath = site.root + "/.kiosque/state.json"
        var state = try FetchState.load(statePath)
        for file in state.stories.keys { state.stories[file]!.itemHash = nil }
        try state.save(statePath)
        let legacy = try String(contentsOfFile: statePath, encoding: .utf8)
        #expect(!legacy.contains("itemHash"))

        #expect(try run(site, now: Self.later).counts == IngestCounts())
        #expect(site.articles().map(site.read) == before)
        #expect(try FetchState.load(statePath).stories.values.allSatisfy { $0.itemHash != nil })  // recorded on first sight

        // From then on, a correction is one.
        try site.write("feeds/agri.xml", Self.feed(cacao: "Texte corrigé.", coton: "Premier texte.", anacarde: "Premier texte."))
        #expect(try run(site, now: Self.later).counts.updated == 1)
    }
}
