import Foundation
import KiosqueCore
import Site
import Testing
import DefaultTemplates

/// An incremental build must give exactly what a clean build of the same input gives, and
/// leave the files it did not need to change alone.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    /// Builds `site` clean into a separate folder and compares it with `public/`.
    func expectSameAsCleanBuild(_ site: TempSite, now: Timestamp = defaultNow, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clean = site.path("clean-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: clean) }
        try site.build(now: now, output: clean, clean: true)
        let a = fileTree(site.publicDir), b = fileTree(clean)
        #expect(a.keys.sorted() == b.keys.sorted(), sourceLocation: sourceLocation)
        let differing = a.keys.filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "differ from a clean build: \(differing.prefix(5))", sourceLocation: sourceLocation)
    }

    /// Of the pages and assets (not of the output's own inventory, `.kiosque-manifest`).
    func mtimes(_ dir: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for rel in fileTree(dir).keys where rel != ".kiosque-manifest" {
            var st = stat()
            if stat(dir + "/" + rel, &st) == 0 { out[rel] = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec) }
        }
        return out
    }

    func changed(_ before: [String: Int], _ after: [String: Int]) -> Set<String> {
        Set(after.keys.filter { before[$0] != after[$0] })
    }

    @Test func nothingChangedWritesNothing() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let before = mtimes(site.publicDir)
        let report = try site.build()
        #expect(report.incremental)
        #expect(report.parsed == 0)
        #expect(report.written == 0)
        #expect(report.removed == 0)
        #expect(report.unchanged == before.count)
        #expect(changed(before, mtimes(site.publicDir)).isEmpty)
    }

    @Test func addingAnArticleRewritesOnlyWhatShowsIt() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let before = mtimes(site.publicDir)
        try site.article("nouvelle-emission", title: "Nouvelle émission obligataire", date: "2026-02-06T12:00:00Z",
                         sector: "economie", summary: "Un emprunt de plus.")
        let report = try site.build()
        #expect(report.incremental)
        #expect(report.parsed == 1)
        let touched = changed(before, mtimes(site.publicDir))
        #expect(touched.contains("articles/2026/02/06/nouvelle-emission/index.html"))
        #expect(touched.contains("index.html"))
        #expect(touched.contains("secteurs/economie/index.html"))
        #expect(touched.contains("rss.xml"))
        // An article of another sector and day, and the stylesheet, are left alone.
        #expect(!touched.contains(SmallSite.brvm.file))
        #expect(!touched.contains(try site.stylesheet()))
        #expect(report.written == touched.count)
        #expect(site.output(".kiosque-manifest")?.contains("\narticles/2026/02/06/nouvelle-emission/index.html\n") == true)
        try expectSameAsCleanBuild(site)
    }

    @Test func editingAnArticleUpdatesItsNeighbours() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.article(SmallSite.budget.slug, title: "Budget 2026 : le texte définitif est voté", date: SmallSite.budget.date,
                         sector: SmallSite.budget.sector, summary: "Le Parlement adopte le budget, enfin.")
        let report = try site.build()
        #expect(report.incremental)
        #expect(report.parsed == 1)
        #expect(report.written > 0)
        try expectSameAsCleanBuild(site)
    }

    @Test func deletingAnArticleRemovesItsPageAndItsLines() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let page = SmallSite.brvm.file
        #expect(site.output(page) != nil)
        try FileManager.default.removeItem(atPath: site.path("content/articles/\(TempSite.utcFolder(of: SmallSite.brvm.date))/brvm.md"))
        let report = try site.build()
        #expect(report.incremental)
        #expect(report.removed >= 1)
        #expect(site.output(page) == nil)
        #expect(!FileManager.default.fileExists(atPath: site.publicDir + "/" + SmallSite.brvm.path))
        #expect(site.output("rss.xml")?.contains(SmallSite.brvm.slug) == false)
        try expectSameAsCleanBuild(site)
    }

    @Test func editingATemplateRerendersEveryPage() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let item = String(decoding: try #require(DefaultTemplates.files.first { $0.path == "item.mustache" }).bytes, as: UTF8.self)
        try site.write("templates/item.mustache", item.replacingOccurrences(of: "<li class=\"item", with: "<li data-v=\"2\" class=\"item"))
        let report = try site.build()
        #expect(report.written > 0)
        #expect(site.output("index.html")?.contains("data-v=\"2\"") == true)
        try expectSameAsCleanBuild(site)
    }

    @Test func configChangeIsNotServedFromTheCache() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let yaml = try String(contentsOfFile: site.path("kiosque.yaml"), encoding: .utf8)
        try site.write("kiosque.yaml", yaml.replacingOccurrences(of: "Le Kiosque de test", with: "La Gazette de test"))
        try site.build()
        #expect(site.output(SmallSite.brvm.file)?.contains("La Gazette de test") == true)
        try expectSameAsCleanBuild(site)
    }

    @Test func aScheduledArticleGoesLiveOnALaterBuild() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.article("plus-tard", title: "Annonce programmée", date: "2026-02-06T09:00:00Z", sector: "economie",
                         summary: "Publiée plus tard.", publishDate: "2026-03-05T08:00:00Z")
        try site.build()
        #expect(site.output("articles/2026/02/06/plus-tard/index.html") == nil)
        let later = ISODate.parse("2026-03-06T00:00:00Z", in: .utc)!
        try site.build(now: later)
        #expect(site.output("articles/2026/02/06/plus-tard/index.html") != nil)
        try expectSameAsCleanBuild(site, now: later)
    }

    @Test func damagedCachesOnlyCostAFullBuild() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        for f in fileTree(site.path(".kiosque/build")).keys {  // the search index's folder too
            try site.write(".kiosque/build/\(f)", "garbage")
        }
        try site.article("apres-degat", title: "Après le dégât", date: "2026-02-06T13:00:00Z", sector: "economie", summary: "Ok.")
        let report = try site.build()
        #expect(!report.incremental)
        #expect(report.parsed == 6)
        try expectSameAsCleanBuild(site)
    }

    @Test func aDeletedOutputFolderIsRebuiltWhole() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try FileManager.default.removeItem(atPath: site.publicDir)
        let report = try site.build()
        #expect(!report.incremental)
        #expect(site.output("index.html") != nil)
    }

    /// The content cache holds many sections (decoded in parallel): every article comes back
    /// from it, with its warning; a truncated cache is ignored and costs only a full parse.
    @Test func contentCacheRoundTripsAndADamagedOneIsIgnored() throws {
        let site = try TempSite()
        defer { site.remove() }
        for n in 1...40 {
            try site.article("article-\(n)", title: "Article \(n) : « la BRVM » à Abidjan", date: "2026-02-\(String(format: "%02d", n % 28 + 1))T10:00:00Z",
                             tags: ["brvm", "n\(n)"], extraFrontMatter: n == 7 ? "couleur: bleu\n" : "")
        }
        let first = try site.build()
        #expect(first.parsed == 40)
        let again = try site.build()
        #expect(again.parsed == 0)
        #expect(again.articles == 40)
        #expect(again.warnings.map(\.message) == first.warnings.map(\.message))
        #expect(again.warnings.contains { $0.message.contains("couleur") })
        try expectSameAsCleanBuild(site)

        let cache = site.path(".kiosque/build/content.bin")
        var bytes = try #require(FileManager.default.contents(atPath: cache))
        bytes.removeLast(bytes.count / 3)  // a section now ends past the end of the file
        try bytes.write(to: URL(fileURLWithPath: cache))
        let damaged = try site.build()
        #expect(damaged.parsed == 40)
        #expect(damaged.articles == 40)
        try expectSameAsCleanBuild(site)
    }
}
