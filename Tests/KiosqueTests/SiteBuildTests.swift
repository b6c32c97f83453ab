import Content
import Foundation
import KiosqueCore
import Site
import Testing

@Suite("Building a site")
struct SiteBuildTests {
    // MARK: Day boundaries

    @Test(arguments: [
        ("Africa/Abidjan", "2026/02/06", "2026/02/06", false),
        ("Europe/Paris", "2026/02/06", "2026/02/07", true),
        ("Europe/Paris", "2026/02/07", "2026/02/07", false),
        ("Africa/Abidjan", "2026/02/07", "2026/02/06", true),
    ])
    func lateEveningArticleLandsOnTheDayOfTheSiteZone(_ zone: String, _ folder: String, _ expectedDay: String,
                                                      _ warns: Bool) throws {
        let site = try TempSite(timezone: zone)
        defer { site.remove() }
        let file = try site.article("tard", title: "Tard le soir", date: "2026-02-06T23:30:00Z", folder: folder)
        let report = try site.build()

        let day = try #require(site.output("dates/\(expectedDay)/index.html"), "no page for \(expectedDay)")
        #expect(Markup.html(day, "//main//h3/a") == ["Tard le soir"])
        let other = expectedDay == "2026/02/06" ? "2026/02/07" : "2026/02/06"
        #expect(!site.exists("dates/\(other)/index.html"))
        // The article keeps the URL of its folder...
        let url = "https://www.example.com/articles/\(folder)/tard/"
        #expect(Markup.html(day, "//main//h3/a/@href") == [url])
        let page = try #require(site.output("articles/\(folder)/tard/index.html"))
        // ...and links to the day page of its date.
        #expect(Markup.html(page, "//p[@class='meta']/a[2]/@href") == ["https://www.example.com/dates/\(expectedDay)/"])
        // A warning when the folder is not the day of the date in the site's zone.
        let warnings = report.warnings.filter { $0.file == file && $0.severity == .warning }
        #expect(warnings.isEmpty == !warns, "\(report.warnings)")
        if warns {
            #expect(warnings.first?.line == 3)
            #expect(warnings.first?.message.contains(expectedDay.replacingOccurrences(of: "/", with: "-")) == true)
        }
    }

    @Test func displayedTimesAreInTheSiteZone() throws {
        let site = try TempSite(timezone: "Europe/Paris")
        defer { site.remove() }
        try site.article("tard", date: "2026-02-06T23:30:00Z", folder: "2026/02/07")
        try site.build()
        let page = try site.text("articles/2026/02/07/tard/index.html")
        #expect(Markup.html(page, "//p[@class='meta']/time") == ["samedi 7 février 2026 à 0\u{A0}h\u{A0}30"])
        #expect(Markup.html(page, "//p[@class='meta']/time/@datetime") == ["2026-02-07T00:30:00+01:00"])
        #expect(Markup.html(page, "//meta[@property='article:published_time']/@content") == ["2026-02-07T00:30:00+01:00"])
    }

    // MARK: Report

    @Test func reportCountsArticlesAndFiles() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let report = try site.build(clean: true)
        #expect(report.articles == 5)
        #expect(report.parsed == 5)
        #expect(report.output == site.publicDir)
        // Every file but the inventory of what Kiosque wrote, which lists them all.
        let files = fileTree(site.publicDir)
        #expect(report.written == files.count - 1)
        let inventory = try #require(site.output(".kiosque-manifest"))
        #expect(inventory.split(separator: "\n").dropFirst().map(String.init).sorted() == files.keys.filter { $0 != ".kiosque-manifest" }.sorted())
        #expect(!report.incremental)
        #expect(report.nextChange == nil)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    @Test func outputOptionOverridesThePathsOutput() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z")
        let out = site.path("elsewhere/site")
        let report = try site.build(output: out)
        #expect(report.output == out)
        #expect(FileManager.default.fileExists(atPath: out + "/articles/2026/02/06/a/index.html"))
        #expect(!FileManager.default.fileExists(atPath: site.publicDir))
    }

    @Test func configuredOutputAndContentPathsAreUsed() throws {
        let site = try TempSite(extraConfig: "paths:\n  content: textes\n  output: www\n")
        defer { site.remove() }
        try site.write("textes/articles/2026/02/06/a.md", "---\ntitle: A\ndate: 2026-02-06T10:00:00Z\nsector: economie\n---\n")
        try site.build()
        #expect(FileManager.default.fileExists(atPath: site.path("www/articles/2026/02/06/a/index.html")))
    }

    @Test func filesStartingWithDotOrUnderscoreAreSkipped() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z")
        try site.write("content/articles/2026/02/06/_brouillon.md", "pas de front matter")
        try site.write("content/articles/2026/02/06/.cache.md", "pas de front matter")
        try site.write("content/articles/_notes/x.md", "pas de front matter")
        try site.write("content/articles/2026/02/06/lisez-moi.txt", "pas du markdown")
        let report = try site.build()
        #expect(report.articles == 1)
    }

    @Test func rebuildReplacesTheWholeOutput() throws {
        let site = try TempSite()
        defer { site.remove() }
        let old = try site.article("ancien", date: "2026-02-05T10:00:00Z")
        try site.build()
        #expect(site.exists("articles/2026/02/05/ancien/index.html"))
        try FileManager.default.removeItem(atPath: site.path(old))
        let new = try site.article("nouveau", date: "2026-02-06T10:00:00Z")
        try site.build()
        #expect(!site.exists("articles/2026/02/05/ancien/index.html"))
        #expect(!site.exists("dates/2026/02/05/index.html"))
        #expect(site.exists("articles/2026/02/06/nouveau/index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.hasPrefix(".public") }.isEmpty)
        // A clean build over it: staged, swapped in, and the previous site and its staging gone.
        try FileManager.default.removeItem(atPath: site.path(new))
        try site.build(clean: true)
        #expect(!site.exists("articles/2026/02/06/nouveau/index.html"))
        #expect(site.exists("index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.hasPrefix(".public") }.isEmpty)
    }

    // MARK: Publishing rules

    @Test func draftsArePublishedOnlyOnRequest() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("visible", date: "2026-02-06T10:00:00Z")
        try site.article("brouillon", date: "2026-02-06T11:00:00Z", draft: true)
        let normal = try site.build()
        #expect(normal.articles == 1)
        #expect(!site.exists("articles/2026/02/06/brouillon/index.html"))
        #expect(!(site.output("rss.xml") ?? "").contains("brouillon"))
        #expect(!(site.output("sitemap.xml") ?? "").contains("brouillon"))
        #expect(!(site.output("index.html") ?? "").contains("brouillon"))

        let withDrafts = try site.build(drafts: true)
        #expect(withDrafts.articles == 2)
        #expect(site.exists("articles/2026/02/06/brouillon/index.html"))
        #expect((site.output("index.html") ?? "").contains("articles/2026/02/06/brouillon/"))
    }

    @Test func futurePublishDateIsPublishedOnlyOnRequest() throws {
        let site = try TempSite()
        defer { site.remove() }
        let now = ts("2026-02-06T12:00:00Z")
        try site.article("maintenant", date: "2026-02-06T10:00:00Z")
        try site.article("plus-tard", date: "2026-02-06T10:30:00Z", publishDate: "2026-02-06T18:00:00Z")
        try site.article("demain", date: "2026-02-07T08:00:00Z")
        let report = try site.build(now: now)
        #expect(report.articles == 1)
        #expect(!site.exists("articles/2026/02/06/plus-tard/index.html"))
        #expect(!site.exists("articles/2026/02/07/demain/index.html"))
        #expect(!site.exists("dates/2026/02/07/index.html"))
        let next = try #require(report.nextChange)
        #expect(next.time == ts("2026-02-06T18:00:00Z"))
        #expect(next.file == "content/articles/2026/02/06/plus-tard.md")
        #expect(next.what == "goes live")

        let future = try site.build(now: now, future: true)
        #expect(future.articles == 3)
        #expect(site.exists("articles/2026/02/06/plus-tard/index.html"))
        #expect(site.exists("articles/2026/02/07/demain/index.html"))
        #expect(future.nextChange == nil)

        // At the announced time, it is live.
        let later = try site.build(now: ts("2026-02-06T18:00:00Z"))
        #expect(later.articles == 2)
        #expect(site.exists("articles/2026/02/06/plus-tard/index.html"))
        #expect(later.nextChange?.time == ts("2026-02-07T08:00:00Z"))
    }

    @Test func expiredArticlesAreRemoved() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("perime", date: "2026-02-05T10:00:00Z", expiryDate: "2026-02-06T00:00:00Z")
        try site.article("bientot-perime", date: "2026-02-05T11:00:00Z", expiryDate: "2026-02-07T09:00:00Z")
        try site.article("reste", date: "2026-02-05T12:00:00Z")
        let report = try site.build(now: ts("2026-02-06T12:00:00Z"))
        #expect(report.articles == 2)
        #expect(!site.exists("articles/2026/02/05/perime/index.html"))
        #expect(site.exists("articles/2026/02/05/bientot-perime/index.html"))
        let next = try #require(report.nextChange)
        #expect(next.time == ts("2026-02-07T09:00:00Z"))
        #expect(next.what == "expires")
        #expect(next.file == "content/articles/2026/02/05/bientot-perime.md")

        let after = try site.build(now: ts("2026-02-07T09:00:00Z"))
        #expect(after.articles == 1)
        #expect(!site.exists("articles/2026/02/05/bientot-perime/index.html"))
        #expect(after.nextChange == nil)
    }

    @Test func nextChangeIsTheEarliestAndIgnoresDrafts() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z", publishDate: "2026-02-09T06:00:00Z")
        try site.article("b", date: "2026-02-06T10:00:00Z", expiryDate: "2026-02-08T06:00:00Z")
        try site.article("c", date: "2026-02-06T10:00:00Z", draft: true, publishDate: "2026-02-07T06:00:00Z")
        let now = ts("2026-02-06T12:00:00Z")
        #expect(try site.build(now: now).nextChange?.time == ts("2026-02-08T06:00:00Z"))
        let withDrafts = try site.build(now: now, drafts: true).nextChange
        #expect(withDrafts?.time == ts("2026-02-07T06:00:00Z"))
        #expect(withDrafts?.file == "content/articles/2026/02/06/c.md")
    }

    @Test func publishingRulesDirectly() throws {
        let config = FrontMatterTests.config()
        func article(_ extra: String) throws -> Article {
            let text = "---\ntitle: T\ndate: 2026-02-06T10:00:00Z\nsector: actions\n\(extra)---\n"
            return try #require(FrontMatter.parse(text, file: "f", relative: "2026/02/06/a.md", config: config).article)
        }
        let now = ts("2026-02-06T12:00:00Z")
        let rules = PublishingRules(now: now)
        #expect(rules.publishes(try article("")))
        #expect(!rules.publishes(try article("draft: true\n")))
        #expect(PublishingRules(now: now, drafts: true).publishes(try article("draft: true\n")))
        #expect(!rules.publishes(try article("publish_date: 2026-02-06T12:00:01Z\n")))
        #expect(rules.publishes(try article("publish_date: 2026-02-06T12:00:00Z\n")))
        #expect(PublishingRules(now: now, future: true).publishes(try article("publish_date: 2027-01-01\n")))
        #expect(!rules.publishes(try article("expiry_date: 2026-02-06T12:00:00Z\n")))
        #expect(rules.publishes(try article("expiry_date: 2026-02-06T12:00:01Z\n")))
        // Expiry wins over --future.
        #expect(!PublishingRules(now: now, future: true).publishes(try article("expiry_date: 2026-01-01\n")))
        // A date in the future without publish_date waits for the date.
        #expect(!PublishingRules(now: ts("2026-02-06T09:00:00Z")).publishes(try article("")))
    }

    // MARK: Bad input

    /// A good site, then three bad files.
    static func brokenSite() throws -> (TempSite, [String]) {
        let site = try TempSite()
        try site.article("bon", date: "2026-02-06T10:00:00Z")
        try site.build()
        try site.write("public/marqueur.txt", "ne pas toucher\n")
        var bad: [String] = []
        bad.append("content/articles/2026/02/06/yaml-casse.md")
        try site.write(bad[0], "---\ntitle: \"Titre\"\ndate: 2026-02-06T10:00:00Z\n  sector: economie\n---\nCorps.\n")
        bad.append("content/articles/2026/02/06/sans-titre.md")
        try site.write(bad[1], "---\ndate: 2026-02-06T10:00:00Z\nsector: economie\n---\nCorps.\n")
        bad.append("content/articles/2026/02/06/secteur-inconnu.md")
        try site.write(bad[2], "---\ntitle: \"Titre\"\ndate: 2026-02-06T10:00:00Z\nsector: petrole\n---\nCorps.\n")
        return (site, bad)
    }

    @Test func badFilesAreAllReportedAndTheOutputIsLeftUntouched() throws {
        let (site, bad) = try Self.brokenSite()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        #expect(before["marqueur.txt"] != nil)

        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        let errors = error.diagnostics.filter { $0.severity == .error }
        #expect(Set(errors.map(\.file)) == Set(bad), "\(error)")
        for d in errors { #expect(d.line != nil, "\(d)") }
        #expect(errors.contains { $0.file == bad[0] && $0.line == 4 && $0.message.contains("invalid YAML") })
        #expect(errors.contains { $0.file == bad[1] && $0.message.contains("'title'") })
        #expect(errors.contains { $0.file == bad[2] && $0.line == 4 && $0.message.contains("petrole") })
        #expect(error.description.contains(bad[0] + ":4:"))

        #expect(fileTree(site.publicDir) == before)
        let stray = try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.hasPrefix(".public.tmp-") }
        #expect(stray.isEmpty)
    }

    @Test func cliReportsBadFilesWithExitCodeOne() throws {
        let (site, bad) = try Self.brokenSite()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"])
        #expect(r.status == 1, "\(r.stderr)")
        for file in bad { #expect(r.stderr.contains(file), "stderr does not name \(file):\n\(r.stderr)") }
        #expect(r.stderr.contains(bad[0] + ":4:"))
        #expect(r.stderr.contains("3 file(s) with errors"))
        #expect(fileTree(site.publicDir) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root).filter { $0.hasPrefix(".public.tmp-") }.isEmpty)
    }

    @Test func cliBuildsAGoodSite() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let out = site.path("cli-out")
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z", "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("built 5 articles"))
        #expect(fileTree(out) == fileTree(site.publicDir))
    }

    @Test func cliRejectsABadConfigurationWithExitCodeThree() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.write("kiosque.yaml", "site:\n  base_url: https://example.com/\nsectors:\n  - slug: a\n    name: A\n")
        let r = try CLI.run(["build", "--site", site.root])
        #expect(r.status == 3)
        #expect(r.stderr.contains("kiosque.yaml:"))
        #expect(r.stderr.contains("site.title"))
        #expect(!FileManager.default.fileExists(atPath: site.publicDir))

        let missing = TempSite(empty: ())
        defer { missing.remove() }
        let r2 = try CLI.run(["build", "--site", missing.root])
        #expect(r2.status == 3)
        #expect(r2.stderr.contains("kiosque.yaml"))
    }

    @Test func cliRejectsABadNow() throws {
        let site = try TempSite()
        defer { site.remove() }
        let r = try CLI.run(["build", "--site", site.root, "--now", "demain"])
        #expect(r.status == 64)  // README: 64 for bad command-line usage
        #expect(r.stderr.contains("--now"))
        #expect(!FileManager.default.fileExists(atPath: site.publicDir))
    }

    @Test func cliBaseURLOverridesTheConfiguredOne() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z")
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z", "--base-url", "http://localhost:8000"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try site.text("articles/2026/02/06/a/index.html")
        #expect(Markup.html(page, "//link[@rel='canonical']/@href") == ["http://localhost:8000/articles/2026/02/06/a/"])
        #expect(!page.contains("www.example.com"))
        let bad = try CLI.run(["build", "--site", site.root, "--base-url", "localhost"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--base-url"))
    }

    /// An output folder that is, or holds, the site's own sources would be swapped out and
    /// deleted with them: the build must refuse it and leave the sources alone.
    @Test(arguments: ["", "content", "templates"])
    func outputFolderHoldingTheSourcesIsRefused(_ output: String) throws {
        let site = try TempSite()
        defer { site.remove() }
        let article = try site.article("a", date: "2026-02-06T10:00:00Z")
        try site.write("templates/static/style.css", "body{}\n")
        let before = fileTree(site.root)
        // "" is the site folder itself.
        #expect(throws: (any Error).self) { try site.build(output: output.isEmpty ? site.root : site.path(output)) }
        #expect(FileManager.default.fileExists(atPath: site.path("kiosque.yaml")), "kiosque.yaml was deleted")
        #expect(FileManager.default.fileExists(atPath: site.path(article)), "\(article) was deleted")
        #expect(fileTree(site.root) == before)
    }

    @Test func warningsDoNotStopTheBuild() throws {
        let site = try TempSite(extraConfig: "colophon: x\n")
        defer { site.remove() }
        let file = try site.article("a", date: "2026-02-06T10:00:00Z", extraFrontMatter: "auteur: Moi\n")
        let report = try site.build()
        #expect(report.articles == 1)
        // The configuration reports its own warnings; the build's report does not repeat them.
        #expect(try Config.load(siteDirectory: site.root).warnings.contains { $0.message.contains("colophon") })
        #expect(!report.warnings.contains { $0.file == "kiosque.yaml" })
        #expect(report.warnings.contains { $0.file == file && $0.message.contains("auteur") })
    }

    @Test func invalidUTF8IsReported() throws {
        let site = try TempSite()
        defer { site.remove() }
        let rel = "content/articles/2026/02/06/latin1.md"
        try FileManager.default.createDirectory(atPath: site.path("content/articles/2026/02/06"), withIntermediateDirectories: true)
        var bytes = Data("---\ntitle: \"Caf".utf8)
        bytes.append(0xE9)
        bytes.append(contentsOf: Data("\"\ndate: 2026-02-06T10:00:00Z\nsector: economie\n---\n".utf8))
        try bytes.write(to: URL(fileURLWithPath: site.path(rel)))
        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        #expect(error.diagnostics.contains { $0.file == rel && $0.message.contains("UTF-8") })
    }

    // MARK: Determinism

    @Test func twoBuildsGiveIdenticalBytes() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        // More articles than one page or one feed holds, in several zones of the day.
        for i in 0..<60 {
            try site.article("extra-\(i)", date: ISODate.utc(ts("2026-02-01T00:00:00Z") + Timestamp(i) * 5_400),
                             sector: ["economie", "marches", "energie"][i % 3], tags: ["t\(i % 4)"])
        }
        let a = site.path("out-a"), b = site.path("out-b")
        try site.build(output: a)
        try site.build(output: b)
        let ta = fileTree(a), tb = fileTree(b)
        #expect(ta.count > 80)
        #expect(Set(ta.keys) == Set(tb.keys))
        for (path, bytes) in ta where tb[path] != bytes {
            Issue.record("\(path) differs between two builds")
        }
    }
}

/// Raw HTML in a body (a table `kiosque fetch` kept) reaches the page through the sanitizer.
@Suite("Raw HTML in bodies")
struct RawHTMLBodyTests {
    @Test func tablesShowAndScriptsDoNot() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("tableau", date: "2026-02-06T10:00:00Z", summary: "Un tableau.", body: """
        Les cours de clôture :

        <table><tr><th>Titre</th><th onclick="alert(1)">Cours</th></tr><tr><td>Sonatel</td><td>25 000</td></tr></table>

        <script>alert("x")</script>

        Un <a href="javascript:alert(1)">piège</a> et *fin*.

        """)
        try site.article("simple", date: "2026-02-06T11:00:00Z", summary: "Sans HTML.", body: "Du *Markdown* seul.\n")
        try site.build()
        let page = try #require(site.output("articles/2026/02/06/tableau/index.html"))
        #expect(Markup.html(page, "//div[@class='body']//table//td") == ["Sonatel", "25\u{202F}000"])  // typeset
        #expect(!page.contains("alert("))
        #expect(!page.contains("javascript:"))
        #expect(!page.contains("onclick"))
        #expect(Markup.html(page, "//div[@class='body']//em") == ["fin"])
        let simple = try #require(site.output("articles/2026/02/06/simple/index.html"))
        #expect(Markup.html(simple, "//div[@class='body']//em") == ["Markdown"])
    }
}
