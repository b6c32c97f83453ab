import Foundation
import Testing

/// Input built to hurt: nesting a hundred thousand levels deep, in a feed's HTML, in a
/// Markdown body, in raw HTML, in YAML, in JSON. Every command must finish, cleanly, with
/// output no bigger than a small multiple of the input: libxml2 stops HTML and XML at 256
/// levels, libyaml YAML at its nesting limit, and cmark's parser and renderer loop instead of
/// recursing.
@Suite struct HostileInputTests {
    static let depth = 100_000

    @Test func aFeedWhoseHTMLNestsAHundredThousandLevelsIsFetchedAndBuilt() throws {
        let n = Self.depth
        let deep = String(repeating: "<div>", count: n) + "texte" + String(repeating: "</div>", count: n)
        let unclosed = "Début " + String(repeating: "<b><i>", count: n) + "x"
        let rss = """
        <?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
        <title>Profond</title>
        <item><title>Des blocs sans fin</title><guid>p1</guid><link>https://profond.example/1</link>
        <content:encoded><![CDATA[\(deep)]]></content:encoded></item>
        <item><title>Du gras sans fin</title><guid>p2</guid><link>https://profond.example/2</link>
        <description><![CDATA[\(unclosed)]]></description></item>
        </channel></rss>
        """
        let site = try TestSite(feeds: [("profond.xml", "Profond", nil)], files: ["profond.xml": Array(rss.utf8)])
        defer { site.remove() }
        let fetch = try CLI.run(["fetch", "--site", site.root])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(site.articles().count == 2)
        for a in site.articles() { #expect(site.read(a).utf8.count < rss.utf8.count / 10, "\(a) is not bounded") }
        let build = try CLI.run(["build", "--site", site.root])
        #expect(build.status == 0, "\(build.stderr)")
    }

    @Test func markdownAndRawHTMLNestedAHundredThousandLevelsBuild() throws {
        let n = Self.depth
        let site = try TempSite()
        defer { site.remove() }
        let bodies = [
            "citations": String(repeating: ">", count: n) + " Une citation enfouie.\n",
            "listes": String(repeating: "- ", count: n) + "un point\n",
            "emphase": String(repeating: "*", count: n) + "fort" + String(repeating: "*", count: n) + "\n",
            "liens": String(repeating: "[", count: n) + "lien" + String(repeating: "]", count: n) + "\n",
            "html-brut": String(repeating: "<div>", count: n) + "texte" + String(repeating: "</div>", count: n) + "\n",
            "html-ouvert": "Début <b>" + String(repeating: "<i><b>", count: n) + "fin\n",
        ]
        for (slug, body) in bodies { try site.article(slug, date: "2026-02-06T10:00:00Z", body: body) }
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        for (slug, body) in bodies {
            let page = try #require(site.output("articles/2026/02/06/\(slug)/index.html"))
            #expect(page.utf8.count < 40 * body.utf8.count + 100_000, "\(slug): \(page.utf8.count) bytes")
        }
    }

    @Test func yamlNestedTooDeepIsAnErrorAtItsLine() throws {
        let site = try TempSite()
        defer { site.remove() }
        let n = Self.depth
        let file = try site.article("profond", date: "2026-02-06T10:00:00Z",
                                    extraFrontMatter: "tags: " + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n")
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file):5: error: invalid YAML"), "\(r.stderr)")
    }

    @Test func aJSONFeedNestedTooDeepIsRefusedCleanly() throws {
        let n = Self.depth
        let json = #"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","title":"t","tags":"#
            + String(repeating: "[", count: n) + String(repeating: "]", count: n) + "}]}"
        let site = try TestSite(feeds: [("profond.json", "Profond", nil)], files: ["profond.json": Array(json.utf8)])
        defer { site.remove() }
        let inspect = try CLI.run(["feed", "inspect", site.root + "/profond.json"])
        #expect(inspect.status == 2)
        #expect(inspect.stderr.contains("invalid JSON"), "\(inspect.stderr)")
    }
}
