import Content
import Feeds
import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// `kiosque fetch` as cron runs it: exit codes, what it says, and that `kiosque build` can
/// always publish what it wrote.
@Suite struct FetchCommandTests {
    static let good = FetchIngestTests.rss(FetchIngestTests.item("sgbci-1", "La SGBCI annonce un bénéfice en hausse de 12 %"))

    func fetch(_ site: TestSite, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["fetch", "--site", site.root] + extra)
    }

    @Test func oneFeedFailingOfSeveralIsExitZeroWithTheFailureOnStandardError() throws {
        let site = try TestSite(feeds: [("feeds/absent.xml", "Agence X", nil), ("feeds/bon.xml", "Le Quotidien", nil)],
                                files: ["feeds/bon.xml": Self.good])
        defer { site.remove() }
        let result = try fetch(site)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: feed 'Agence X' (feeds/absent.xml): cannot read"), "\(result.stderr)")
        #expect(result.stdout.contains("FAILED: cannot read"))
        #expect(site.articles().count == 1)

        let strict = try fetch(site, ["--strict"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("error: feed 'Agence X'"), "\(strict.stderr)")
    }

    @Test func everyFeedFailingIsExitTwo() throws {
        let site = try TestSite(feeds: [("feeds/absent.xml", "Agence X", nil), ("feeds/page.html", "Agence Y", nil)],
                                files: ["feeds/page.html": Array("<html><body>Maintenance</body></html>".utf8)])
        defer { site.remove() }
        let result = try fetch(site)
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: feed 'Agence X'"))
        #expect(result.stderr.contains("error: feed 'Agence Y' (feeds/page.html): an HTML page, not a feed"))
        #expect(result.stderr.contains("error: no feed could be read"))
    }

    @Test func aStateThatCannotBeReadIsExitTwo() throws {
        let site = try TestSite(feeds: [("feeds/bon.xml", "Le Quotidien", nil)], files: [
            "feeds/bon.xml": Self.good, ".kiosque/state.json": Array("{ pas un état".utf8),
        ])
        defer { site.remove() }
        let result = try fetch(site)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a valid fetch state"), "\(result.stderr)")
        #expect(site.articles().isEmpty)
    }

    @Test func helpListsTheExitCodes() throws {
        let help = try CLI.run(["fetch", "--help"])
        #expect(help.stdout.contains("--strict"))
        #expect(help.stdout.contains("Exit status:"))
        #expect(help.stdout.contains("2   no feed could be read"), "\(help.stdout)")
    }

    @Test func aLinkTheBuildWouldRejectIsLeftOutAndTheSiteBuilds() throws {
        let items = FetchIngestTests.item("orange-1", "Orange Côte d’Ivoire lève 100 milliards sur le marché régional",
                                          link: "https:/orange.example/emission")
            + "<item><guid>onatel-1</guid><title>L’Onatel maintient son dividende</title>"
            + "<link>https://onatel.example/dividende</link><pubDate>Thu, 26 Nov 2026 11:00:00 +0000</pubDate>"
            + "<enclosure url=\"data:image/png;base64,iVBORw0KGgo=\" type=\"image/png\"/><description>Un texte.</description></item>"
        let site = try TestSite(feeds: [("feeds/marche.xml", "Marché financier", nil)], files: ["feeds/marche.xml": FetchIngestTests.rss(items)])
        defer { site.remove() }
        let result = try fetch(site)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Marché financier: 'Orange Côte d’Ivoire lève 100 milliards sur le marché régional': "
                                       + "link 'https:/orange.example/emission' is not an absolute http(s) URL: written without source_url"),
                "\(result.stdout)")
        #expect(result.stdout.contains("Marché financier: 'L’Onatel maintient son dividende': image 'data:image/png;base64,iVBORw0KGgo=' "
                                       + "is not an absolute http(s) URL: written without image"), "\(result.stdout)")
        let orange = site.read("content/articles/2026/11/26/orange-cote-d-ivoire-leve-100-milliards-sur-le-marche-regional.md")
        #expect(!orange.isEmpty && !orange.contains("source_url"))
        #expect(site.read("content/articles/2026/11/26/l-onatel-maintient-son-dividende.md")
            .contains("source_url: \"https://onatel.example/dividende\""))
        let build = try CLI.run(["build", "--site", site.root])
        #expect(build.status == 0, "\(build.stderr)")
    }

    /// The rule is the build's: the same value the front matter refuses is the one fetch leaves out.
    @Test func buildAndFetchShareOneURLRule() throws {
        let site = try TestSite(feeds: [])
        defer { site.remove() }
        let text = "---\ntitle: \"T\"\ndate: 2026-11-26T10:00:00Z\nsector: economie\nsource_url: \"https:/orange.example/x\"\n---\nCorps.\n"
        let parsed = FrontMatter.parse(text, file: "x.md", relative: "2026/11/26/x.md", config: try site.config())
        #expect(parsed.diagnostics.first?.message == "'source_url' must be \(ArticleURL.rule), not 'https:/orange.example/x'")
        #expect(!ArticleURL.isValid("https:/orange.example/x") && ArticleURL.isValid("https://orange.example/x"))
        let item = Feeds.FeedItem(id: "x", title: "T", link: "https:/orange.example/x")
        let article = ArticleFile(item: item, source: "S", sector: ("economie", "r"), date: FetchIngestTests.now)
        #expect(article.sourceURL == nil && article.leftOut.count == 1)
    }

    @Test func anArticleTheBuildWouldRejectIsNotWrittenAndSaidSo() throws {
        // The feed's instant is fine, but in UTC it falls in the year 10000, which no article date can hold.
        let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "Fintech Hebdo", "items": [
          {"id": "fin-des-temps", "title": "Le mobile money à l’horizon 10000", "date_published": "9999-12-31T23:00:00-05:00",
           "content_text": "Un article daté par erreur."},
          {"id": "wave-1", "title": "Wave étend son service au Mali", "date_published": "2026-11-26T08:00:00Z",
           "content_text": "Le service arrive à Bamako."}
        ]}
        """
        let site = try TestSite(feeds: [("feeds/fintech.json", "Fintech Hebdo", nil)], files: ["feeds/fintech.json": Array(feed.utf8)])
        defer { site.remove() }
        let result = try fetch(site)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Fintech Hebdo: 'Le mobile money à l’horizon 10000' not written: the build would reject it: "),
                "\(result.stdout)")
        #expect(result.stdout.contains("'date' is not a valid date: '10000-01-01T04:00:00Z'"))
        #expect(result.stdout.contains("; it is tried again next run"))
        #expect(site.articles() == ["content/articles/2026/11/26/wave-etend-son-service-au-mali.md"])
        #expect(try CLI.run(["build", "--site", site.root]).status == 0)
        // Not marked as seen: the next run tries it again (and says so again).
        #expect(try fetch(site).stdout.contains("'Le mobile money à l’horizon 10000' not written: "))
    }

    /// 50,000 items of one title: a batch per run, in feed order, and the rest counted.
    @Test func aHugeFeedIsTakenInBatchesAndSaysWhatItLeft() throws {
        let count = 50_000
        var json = #"{"version": "https://jsonfeed.org/version/1.1", "title": "Fintech Hebdo", "items": ["#
        for i in 0..<count {
            json += (i == 0 ? "" : ",") + #"{"id": "fh-\#(i)", "title": "Le franc CFA reste stable face à l’euro", "#
                + #""date_published": "2026-11-26T08:00:00Z", "content_text": "La parité fixe tient, selon la BCEAO."}"#
        }
        json += "]}"
        let site = try TestSite(feeds: [("feeds/fintech.json", "Fintech Hebdo", nil)], files: ["feeds/fintech.json": Array(json.utf8)])
        defer { site.remove() }
        let batch = FetchRun.filesPerFeedPerRun

        let first = try fetch(site)
        #expect(first.status == 0)
        #expect(first.stdout.contains("Fintech Hebdo: \(batch) new items written, \(count - batch) left for the next runs"), "\(first.stdout)")
        #expect(guids(site) == Set((0..<batch).map { "fh-\($0)" }))

        let second = try fetch(site)
        #expect(second.stdout.contains("Fintech Hebdo: \(batch) new items written, \(count - 2 * batch) left for the next runs"), "\(second.stdout)")
        #expect(guids(site) == Set((0..<2 * batch).map { "fh-\($0)" }))
        #expect(site.articles().contains("content/articles/2026/11/26/le-franc-cfa-reste-stable-face-a-l-euro-\(2 * batch).md"))
    }

    func guids(_ site: TestSite) -> Set<String> {
        Set(site.articles().compactMap { file in
            site.read(file).split(separator: "\n").first { $0.hasPrefix("guid: ") }.map { String($0.dropFirst(7).dropLast()) }
        })
    }
}
