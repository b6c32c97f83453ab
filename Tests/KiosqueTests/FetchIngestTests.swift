import Content
import Foundation
import KiosqueCore
import Site
import Testing
@testable import Fetch

/// Items into editor-owned files, from file feeds (no network).
@Suite struct FetchIngestTests {
    static let now: Timestamp = 1_795_910_400  // 2026-11-29T00:00:00Z

    static func rss(_ items: String, title: String = "Source") -> [UInt8] {
        Array("""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>\(title)</title><link>https://source.example/</link>
        \(items)
        </channel></rss>
        """.utf8)
    }

    static func item(_ guid: String, _ title: String, link: String? = nil, date: String = "Thu, 26 Nov 2026 10:00:00 +0000",
                     description: String = "Un texte.") -> String {
        "<item><guid isPermaLink=\"false\">\(guid)</guid><title>\(title)</title>"
            + (link.map { "<link>\($0)</link>" } ?? "") + "<pubDate>\(date)</pubDate><description>\(description)</description></item>"
    }

    func run(_ site: TestSite, now: Timestamp = FetchIngestTests.now) throws -> FetchReport {
        try FetchRun(config: site.config(), options: FetchOptions(), now: now).run()
    }

    /// Every article must load as the site build reads it, without any diagnostic.
    func expectValidContent(_ site: TestSite) throws {
        let result = ContentLoader.load(config: try site.config())
        #expect(result.diagnostics == [], "\(result.diagnostics)")
    }

    @Test func writesArticlesInTheContentFormat() throws {
        let site = try TestSite(feeds: [("feeds/a.xml", "Source A", "economie")], files: [
            "feeds/a.xml": Self.rss(Self.item("a1", "La BRVM gagne 2 % : une semaine faste", link: "https://source.example/brvm",
                                              description: "&lt;p&gt;Le &lt;b&gt;dividende&lt;/b&gt; attire.&lt;/p&gt;")
                                    + "<item><guid>a2</guid><title>Sans date</title></item>"),
        ])
        defer { site.remove() }
        let report = try run(site)
        #expect(report.feeds[0].status == .fetched)
        #expect(report.feeds[0].counts.new == 2)
        let files = site.articles()
        #expect(files.contains("content/articles/2026/11/26/la-brvm-gagne-2-une-semaine-faste.md"))
        #expect(files.contains("content/articles/2026/11/29/sans-date.md"))  // undated: filed at fetch time
        let text = site.read("content/articles/2026/11/26/la-brvm-gagne-2-une-semaine-faste.md")
        #expect(text == """
        ---
        title: "La BRVM gagne 2 % : une semaine faste"
        date: 2026-11-26T10:00:00Z
        sector: "actions"
        sector_reason: "keywords: BRVM, dividende"
        source: "Source A"
        source_url: "https://source.example/brvm"
        guid: "a1"
        summary: "Le dividende attire."
        draft: false
        featured: false
        ---

        Le **dividende** attire.

        """)
        try expectValidContent(site)
    }

    @Test func dayFolderFollowsTheSiteTimeZone() throws {
        // 23:30 in New York on the 26th is the 27th in Abidjan (UTC).
        let site = try TestSite(feeds: [("feeds/a.xml", "A", nil)], files: [
            "feeds/a.xml": Self.rss(Self.item("n", "Tard le soir", date: "Thu, 26 Nov 2026 23:30:00 -0500")),
        ])
        defer { site.remove() }
        _ = try run(site)
        #expect(site.articles() == ["content/articles/2026/11/27/tard-le-soir.md"])
    }

    @Test func sectorChoice() {
        let chooser = SectorChooser(sectors: [
            Config.Sector(slug: "economie", name: "Économie", keywords: ["PIB", "inflation"]),
            Config.Sector(slug: "forex", name: "Forex", keywords: ["franc CFA", "euro"]),
            Config.Sector(slug: "mines", name: "Mines", keywords: ["or"]),
        ])
        #expect(chooser.choose(title: "Le FRANC cfa face à l’EURO", summary: "", feedSector: "economie", feedName: "F") ==
                ("forex", "keywords: franc CFA, euro"))
        #expect(chooser.choose(title: "L’INFLATION recule", summary: "", feedSector: "economie", feedName: "F").slug == "economie")
        // Whole words only: "record" or "Europe" do not match "or" or "euro".
        #expect(chooser.choose(title: "Un record en Europe", summary: "", feedSector: nil, feedName: "F") ==
                ("economie", "no keyword matched; first sector"))
        #expect(chooser.choose(title: "Rien", summary: "", feedSector: "mines", feedName: "F") ==
                ("mines", "default sector of the feed 'F'"))
    }

    @Test func secondRunWritesNothingAndDuplicatesAreOneFile() throws {
        let site = try TestSite(feeds: [("feeds/a.xml", "Source A", nil), ("feeds/b.xml", "Source B", nil)], files: [
            "feeds/a.xml": Self.rss(Self.item("a1", "Le cacao atteint un record historique à Londres",
                                              link: "https://wire.example/cacao?utm_source=a")
                                    + Self.item("a1", "Le même guid deux fois")
                                    + Self.item("a2", "La BCEAO maintient son taux directeur", link: "https://a.example/bceao")),
            "feeds/b.xml": Self.rss(Self.item("b1", "Cacao : record historique", link: "https://www.wire.example/cacao/#top")
                                    + Self.item("b2", "Sénégal : la BCEAO maintient son taux directeur", link: "https://b.example/x")
                                    + Self.item("b3", "La BCEAO maintient son taux directeur", link: "https://b.example/y",
                                                date: "Fri, 27 Nov 2026 10:00:00 +0000")),
        ])
        defer { site.remove() }
        let first = try run(site)
        #expect(first.feeds[0].counts == IngestCounts(new: 2, updated: 0, duplicates: 1, keptByEditor: 0))
        // b1: same canonical link; b2: same title plus a prefix, same day; b3: another day, a story of its own.
        #expect(first.feeds[1].counts == IngestCounts(new: 1, updated: 0, duplicates: 2, keptByEditor: 0))
        #expect(site.articles().count == 3)
        let bceao = site.read("content/articles/2026/11/26/la-bceao-maintient-son-taux-directeur.md")
        #expect(bceao.contains("also_reported_by: [\"Source B\"]\n"))
        try expectValidContent(site)

        let before = site.articles().map { site.read($0) }
        let second = try run(site)
        #expect(second.feeds.allSatisfy { $0.counts.new == 0 && $0.counts.updated == 0 })
        #expect(site.articles().map { site.read($0) } == before)
    }

    @Test func editorsOwnTheFiles() throws {
        let site = try TestSite(feeds: [("feeds/a.xml", "A", nil)], files: [
            "feeds/a.xml": Self.rss(Self.item("e1", "Article édité", date: "Thu, 26 Nov 2026 10:00:00 +0000")
                                    + Self.item("e2", "Article supprimé") + Self.item("e3", "Article intact")),
        ])
        defer { site.remove() }
        _ = try run(site)
        let edited = "content/articles/2026/11/26/article-edite.md"
        let deleted = "content/articles/2026/11/26/article-supprime.md"
        let intact = "content/articles/2026/11/26/article-intact.md"
        let editorText = site.read(edited).replacingOccurrences(of: "Un texte.", with: "Texte réécrit par la rédaction.")
        try site.write(edited, Array(editorText.utf8))
        try FileManager.default.removeItem(atPath: site.root + "/" + deleted)

        // The feed updates all three items.
        let later = "Fri, 27 Nov 2026 10:00:00 +0000"
        try site.write("feeds/a.xml", Self.rss(
            Self.item("e1", "Article édité", description: "Nouvelle version.").replacingOccurrences(of: "</pubDate>", with: "</pubDate><atom:updated xmlns:atom=\"http://www.w3.org/2005/Atom\">2026-11-27T10:00:00Z</atom:updated>")
            + Self.item("e2", "Article supprimé", date: later, description: "Nouvelle version.") + Self.item("e3", "Article intact", description: "Nouvelle version.").replacingOccurrences(of: "</pubDate>", with: "</pubDate><atom:updated xmlns:atom=\"http://www.w3.org/2005/Atom\">2026-11-27T10:00:00Z</atom:updated>")))
        let report = try run(site)
        #expect(report.feeds[0].counts == IngestCounts(new: 0, updated: 1, duplicates: 0, keptByEditor: 2))
        #expect(site.read(edited) == editorText)
        #expect(!FileManager.default.fileExists(atPath: site.root + "/" + deleted))
        #expect(site.read(intact).contains("Nouvelle version."))
        #expect(!site.articles().contains { $0.contains("article-supprime") })
    }

    @Test func crashBeforeTheStateWasSavedDoesNotDuplicate() throws {
        let site = try TestSite(feeds: [("feeds/a.xml", "A", nil)], files: ["feeds/a.xml": Self.rss(Self.item("c1", "Un article"))])
        defer { site.remove() }
        _ = try run(site)
        try FileManager.default.removeItem(atPath: site.root + "/.kiosque/state.json")  // as if the run died before saving
        let report = try run(site)
        #expect(report.feeds[0].counts.new == 1)  // adopted, not written again under another name
        #expect(site.articles() == ["content/articles/2026/11/26/un-article.md"])
    }

    @Test func aCrashAfterAFeedLosesNoState() throws {
        let site = try TestSite(feeds: [("feeds/a.xml", "A", nil)], files: ["feeds/a.xml": Self.rss(Self.item("j1", "Un article journalisé"))])
        defer { site.remove() }
        _ = try run(site)
        // As if the run had died after ingesting the feed but before its final save: the
        // state file is gone, the feed's changes are only in the journal...
        let statePath = site.root + "/.kiosque/state.json"
        let state = try FetchState.load(statePath)
        try FileManager.default.removeItem(atPath: statePath)
        try FetchJournal(path: statePath + ".journal").append(.delta(FetchState.Delta(
            feed: "feeds/a.xml", feedState: state.feeds["feeds/a.xml"], seen: state.seen, stories: state.stories)))
        let journal = try #require(FileManager.default.contents(atPath: statePath + ".journal"))
        try (journal + Data("{\"feed\":\"cut by the cra".utf8)).write(to: URL(fileURLWithPath: statePath + ".journal"))
        // ...and the editor deletes the article meanwhile: it must stay deleted.
        try FileManager.default.removeItem(atPath: site.root + "/content/articles/2026/11/26/un-article-journalise.md")
        let report = try run(site)
        #expect(report.feeds[0].counts.new == 0)
        #expect(site.articles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: statePath + ".journal"))  // folded into the saved state
        #expect(try FetchState.load(statePath) == state)
    }

    @Test func aSecondRunAtOnceIsRefused() throws {
        let site = try TestSite(feeds: [])
        defer { site.remove() }
        let config = try site.config()
        let held = try FileLock(path: FetchRun(config: config, options: FetchOptions(), now: Self.now).lockPath, wait: false)
        do {
            _ = try self.run(site)
            Issue.record("a second run was not refused")
        } catch let e as LoadFailure {
            #expect(e.lockHeld)
            #expect(e.description.contains("another kiosque fetch is running on this site (process \(getpid()))"))
        }
        withExtendedLifetime(held) {}
    }

    @Test func oneBadFeedDoesNotStopTheOthers() throws {
        let site = try TestSite(feeds: [("feeds/missing.xml", "Absent", nil), ("feeds/page.html", "Page", nil), ("feeds/a.xml", "A", nil)],
                                files: ["feeds/a.xml": Self.rss(Self.item("x", "Un article")),
                                        "feeds/page.html": Array("<html><body>Non</body></html>".utf8)])
        defer { site.remove() }
        let report = try run(site)
        #expect(report.anyFailed)
        guard case .failed(let why) = report.feeds[0].status else { Issue.record("not failed"); return }
        #expect(why.hasPrefix("cannot read"))
        #expect(report.feeds[1].status == .failed("an HTML page, not a feed"))
        #expect(report.feeds[2].counts.new == 1)
    }
}

/// Hostile feeds: nothing executable reaches the Markdown or the built site, no file is
/// read, no request is made, memory stays bounded.
@Suite struct FetchHostileTests {
    static let xss = "&lt;script&gt;alert('x')&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

    @Test func xssInEveryFieldNeverReachesTheSite() throws {
        let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
        let escaped = payload.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let feed = """
        <?xml version="1.0"?>
        <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>\(escaped)</title>
        <item><title>\(escaped)</title><link>javascript:alert(1)</link><guid>\(escaped)</guid>
        <author>\(escaped)</author><category>\(escaped)</category>
        <pubDate>Thu, 26 Nov 2026 10:00:00 +0000</pubDate>
        <description>\(escaped)&lt;a href="javascript:alert(2)"&gt;lien&lt;/a&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;</description>
        <media:content url="javascript:alert(3)" medium="image"/>
        </item></channel></rss>
        """
        let site = try TestSite(feeds: [("feeds/x.xml", "Source hostile", nil)],
                                files: ["feeds/x.xml": Array(feed.utf8)])
        defer { site.remove() }
        let report = try FetchRun(config: site.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
        #expect(report.feeds[0].counts.new == 1)
        let file = try #require(site.articles().first)
        let md = site.read(file)
        // Titles and ids are plain text: kept, but only as quoted YAML strings.
        #expect(md.contains("\ntitle: \"<script>alert(1)</script>\\\"><img src=x onerror=alert(1)>\"\n"))
        let body = md.components(separatedBy: "\n---\n").dropFirst().joined()
        #expect(!body.contains("<script") && !body.contains("<img") && !body.contains("<iframe"), "\(body)")
        #expect(!md.contains("javascript:"), "\(md)")
        // Build the site: nothing executable comes out of the item either.
        var config = try site.config()
        config.site.baseURL = "https://www.example.com/"
        _ = try SiteBuilder(config: config, options: .init(rules: PublishingRules(now: FetchIngestTests.now, drafts: false, future: false),
                                                           output: nil)).build()
        let html = site.allText(under: "public", ending: ".html")
        #expect(html.contains("alert(1)"))  // the text is there, escaped…
        #expect(!html.contains("<script>alert"))  // …but never as markup
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("href=\"javascript:"))
        #expect(!html.contains("<iframe"))
    }

    @Test(arguments: [
        "../../../../etc/passwd", "..", "/etc/passwd", "a/../../b", "nul\u{0}octet", "....//....//", "~root", "",
    ])
    func pathTraversalTitlesStayInContent(_ title: String) throws {
        let escaped = title.replacingOccurrences(of: "\u{0}", with: "")  // XML cannot even carry a NUL
        let site = try TestSite(feeds: [("feeds/t.xml", "T", nil)], files: [
            "feeds/t.xml": FetchIngestTests.rss(FetchIngestTests.item("t", escaped)),
        ])
        defer { site.remove() }
        _ = try FetchRun(config: site.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
        let files = site.articles()
        #expect(files.count == 1)
        let file = try #require(files.first)
        let name = (file as NSString).lastPathComponent
        #expect(file.hasPrefix("content/articles/2026/11/26/"))
        #expect(!name.dropLast(3).contains(".") && !name.contains("/") && !name.contains("\u{0}"))
        #expect(Slug.isValid(String(name.dropLast(3))))
    }

    @Test func frontMatterInjectionIsInert() throws {
        let title = "Titre\"\ndraft: true\nfeatured: true\n---\n<script>alert(1)</script>: \\\" 'x'"
        let line = QuotedString.quoted(title)
        #expect(!line.contains("\n"))
        // Through a real feed (where the newline arrives as &#10;) and the real loader.
        let site = try TestSite(feeds: [("feeds/i.xml", "I", nil)], files: [
            "feeds/i.xml": FetchIngestTests.rss(FetchIngestTests.item("i", "Titre&quot;&#10;draft: true&#10;---&#10;sector: actions: x",
                                                                       description: "a&#10;---&#10;featured: true")),
        ])
        defer { site.remove() }
        _ = try FetchRun(config: site.config(), options: FetchOptions(), now: FetchIngestTests.now).run()
        let result = ContentLoader.load(config: try site.config())
        #expect(result.diagnostics == [])
        let article = try #require(result.articles.first)
        #expect(article.title == "Titre\" draft: true --- sector: actions: x")  // one line, nothing injected
        #expect(!article.draft && !article.featured)
        #expect(article.sector == "economie")
    }
}
