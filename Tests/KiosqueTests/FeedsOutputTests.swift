import Foundation
import KiosqueCore
import Testing

@Suite("Feeds and sitemaps")
struct FeedsOutputTests {
    static let base = "https://www.example.com/"
    static let sectors = ["economie", "marches", "energie"]

    /// 55 articles, one every 3 hours from 2026-02-01 00:00 UTC; article i is in sector i % 3
    /// (so `energie` has 18, `economie` 19, `marches` 18). Returns the site and the articles
    /// newest first as (slug, title, timestamp, sector).
    static func site(count: Int = 55) throws -> (TempSite, [(slug: String, title: String, t: Timestamp, sector: String)]) {
        let site = try TempSite()
        var list: [(slug: String, title: String, t: Timestamp, sector: String)] = []
        for i in 0..<count {
            let t = ts("2026-02-01T00:00:00Z") + Timestamp(i) * 3 * 3600
            let slug = String(format: "article-%02d", i)
            let title = "Article n° \(i) & co"
            try site.article(slug, title: title, date: ISODate.utc(t), sector: sectors[i % 3],
                             summary: "Résumé \(i)", tags: ["t\(i)"], source: i % 2 == 0 ? "Agence" : nil)
            list.append((slug, title, t, sectors[i % 3]))
        }
        try site.build()
        return (site, list.reversed())
    }

    static func url(_ slug: String, _ t: Timestamp) -> String {
        base + "articles/" + CivilTime(t, offset: 0).day_.path + "/" + slug + "/"
    }

    @Test func siteRSS() throws {
        let (site, articles) = try Self.site()
        defer { site.remove() }
        let text = try site.text("rss.xml")
        let q = try #require(Markup.xml(text, [
            "/rss/@version", "/rss/channel/atom:link[@rel='self']/@href", "/rss/channel/item/title",
            "/rss/channel/item/link", "/rss/channel/item/guid", "/rss/channel/item/guid/@isPermaLink",
            "/rss/channel/item/pubDate", "/rss/channel/title", "/rss/channel/link", "/rss/channel/language",
            "/rss/channel/item/category", "/rss/channel/lastBuildDate", "/rss/channel/item[1]/dc:creator",
            "/rss/channel/item[2]/dc:creator", "/rss/channel/item/description",
        ], namespaces: Markup.rss), "rss.xml is not well-formed")
        #expect(q[0] == ["2.0"])
        #expect(q[1] == [Self.base + "rss.xml"])
        let newest50 = Array(articles.prefix(50))
        #expect(q[2] == newest50.map(\.title))
        #expect(q[3] == newest50.map { Self.url($0.slug, $0.t) })
        #expect(q[4] == q[3])
        #expect(q[5] == Array(repeating: "true", count: 50))
        #expect(q[6] == newest50.map { RFC822Date.format($0.t) })
        #expect(q[6].first == "Sat, 07 Feb 2026 18:00:00 +0000")
        #expect(q[7] == ["Le Kiosque de test"])
        #expect(q[8] == [Self.base])
        #expect(q[9] == ["fr"])
        #expect(q[10].first == "Économie")  // article 54 is in sector 0
        #expect(q[11] == [q[6][0]])
        #expect(q[12] == ["Agence"])  // article 54: even
        #expect(q[13].isEmpty)       // article 53: odd, no source
        #expect(q[14].first == "Résumé 54")
    }

    @Test func sectorRSS() throws {
        let (site, articles) = try Self.site()
        defer { site.remove() }
        for sector in Self.sectors {
            let text = try #require(site.output("secteurs/\(sector)/rss.xml"))
            let q = try #require(Markup.xml(text, ["/rss/@version", "/rss/channel/atom:link[@rel='self']/@href",
                                                   "/rss/channel/item/link", "/rss/channel/link"],
                                            namespaces: Markup.rss))
            #expect(q[0] == ["2.0"])
            #expect(q[1] == [Self.base + "secteurs/\(sector)/rss.xml"])
            #expect(q[2] == articles.filter { $0.sector == sector }.map { Self.url($0.slug, $0.t) })
            #expect(q[3] == [Self.base + "secteurs/\(sector)/"])
        }
    }

    @Test func sectorRSSHoldsAtMost50Items() throws {
        let site = try TempSite()
        defer { site.remove() }
        for i in 0..<52 {
            try site.article(String(format: "a%02d", i), date: ISODate.utc(ts("2026-02-01T00:00:00Z") + Timestamp(i) * 3600))
        }
        try site.build()
        let text = try site.text("secteurs/economie/rss.xml")
        let links = try #require(Markup.xml(text, "/rss/channel/item/link"))
        #expect(links.count == 50)
        #expect(links.first?.hasSuffix("/a51/") == true)
        #expect(links.last?.hasSuffix("/a02/") == true)
        // An empty sector still has a valid, empty feed.
        let empty = try site.text("secteurs/marches/rss.xml")
        #expect(Markup.xml(empty, "/rss/channel/item") == [])
    }

    @Test func jsonFeed() throws {
        let (site, articles) = try Self.site()
        defer { site.remove() }
        let data = try #require(FileManager.default.contents(atPath: site.path("public/feed.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(json["title"] as? String == "Le Kiosque de test")
        #expect(json["home_page_url"] as? String == Self.base)
        #expect(json["feed_url"] as? String == Self.base + "feed.json")
        #expect(json["language"] as? String == "fr")
        let items = try #require(json["items"] as? [[String: Any]])
        let newest50 = Array(articles.prefix(50))
        #expect(items.count == 50)
        #expect(items.map { $0["id"] as? String } == newest50.map { Self.url($0.slug, $0.t) })
        #expect(items.map { $0["url"] as? String } == newest50.map { Self.url($0.slug, $0.t) })
        #expect(items.map { $0["title"] as? String } == newest50.map(\.title))
        #expect(items.map { $0["date_published"] as? String } == newest50.map { ISODate.utc($0.t) })
        let first = try #require(items.first)
        #expect(first["summary"] as? String == "Résumé 54")
        #expect((first["content_html"] as? String)?.contains("<p>Le corps de l’article.</p>") == true)
        #expect(first["tags"] as? [String] == ["Économie", "t54"])
        #expect((first["authors"] as? [[String: String]])?.first?["name"] == "Agence")
    }

    @Test func sitemapListsEveryPageKind() throws {
        let (site, articles) = try Self.site()
        defer { site.remove() }
        let text = try site.text("sitemap.xml")
        let locs = try #require(Markup.xml(text, "/sm:urlset/sm:url/sm:loc", namespaces: Markup.sitemap))
        let lastmods = try #require(Markup.xml(text, "/sm:urlset/sm:url/sm:lastmod", namespaces: Markup.sitemap))
        var expected = [Self.base]
        expected += articles.map { Self.url($0.slug, $0.t) }
        expected += Self.sectors.map { Self.base + "secteurs/\($0)/" }
        let days = Set(articles.map { CivilTime($0.t, offset: 0).day_ })
        expected += days.sorted().map { Self.base + "dates/\($0.path)/" }
        // The tags' index, then each tag (one an article here), by slug.
        expected += [Self.base + "tags/"] + (0..<55).map { "t\($0)" }.sorted().map { Self.base + "tags/\($0)/" }
        #expect(locs == expected)
        #expect(locs.count == 1 + 55 + 3 + 7 + 1 + 55)
        #expect(lastmods.count == locs.count)
        #expect(lastmods.first == ISODate.utc(articles[0].t))
        // No second page of a sector, no day without news.
        #expect(!locs.contains { $0.contains("/page/") })
    }

    @Test func sitemapOfASingleArticle() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z", sector: "marches")
        try site.build()
        let locs = try #require(Markup.xml(try site.text("sitemap.xml"), "//sm:loc", namespaces: Markup.sitemap))
        for expected in [Self.base, Self.base + "articles/2026/02/06/a/", Self.base + "secteurs/marches/",
                         Self.base + "dates/2026/02/06/"] {
            #expect(locs.contains(expected), "\(expected) missing from \(locs)")
        }
        // Not the calendar, not the 404 page, not the feeds.
        #expect(!locs.contains(Self.base + "dates/"))
        #expect(!locs.contains { $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0.hasSuffix(".json") })
        #expect(Set(locs).count == locs.count)
    }

    @Test func newsSitemapHoldsOnlyTheLastTwoDays() throws {
        let (site, articles) = try Self.site()
        defer { site.remove() }
        let text = try site.text("sitemap-news.xml")
        let q = try #require(Markup.xml(text, ["//sm:url/sm:loc", "//news:publication/news:name",
                                               "//news:publication/news:language", "//news:publication_date",
                                               "//news:title"], namespaces: Markup.sitemap))
        let newest = articles[0].t
        let recent = articles.filter { $0.t > newest - 2 * 86_400 }
        #expect(recent.count == 16)
        #expect(q[0] == recent.map { Self.url($0.slug, $0.t) })
        #expect(Set(q[1]) == ["Le Kiosque de test"])
        #expect(Set(q[2]) == ["fr"])
        #expect(q[3] == recent.map { ISODate.utc($0.t) })
        #expect(q[4] == recent.map(\.title))
        // Nothing older than two days, whatever the build clock says.
        #expect(!q[0].contains(Self.url(articles[16].slug, articles[16].t)))
    }

    @Test func emptySiteHasValidFeeds() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.build()
        #expect(Markup.xml(try site.text("rss.xml"), "/rss/channel/item") == [])
        #expect(Markup.xml(try site.text("sitemap.xml"), "//sm:url", namespaces: Markup.sitemap) == [])
        #expect(Markup.xml(try site.text("sitemap-news.xml"), "//sm:url", namespaces: Markup.sitemap) == [])
        let data = try #require(FileManager.default.contents(atPath: site.path("public/feed.json")))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((json?["items"] as? [Any])?.isEmpty == true)
    }

    @Test func specialCharactersAreEscapedInXML() throws {
        let site = try TempSite(title: "A & B <Presse>", description: "Tout \\\"ça\\\" & le reste")
        defer { site.remove() }
        try site.article("a", title: "Fusion <A> & \"B\" l'été", date: "2026-02-06T10:00:00Z",
                         source: "D&D", extraFrontMatter: "summary: \"x < y & \\x01z\"\n")
        try site.build()
        let rss = try site.text("rss.xml")
        let q = try #require(Markup.xml(rss, ["/rss/channel/title", "//item/title", "//item/description",
                                              "//item/dc:creator"], namespaces: Markup.rss), "rss.xml not well-formed")
        #expect(q[0] == ["A & B <Presse>"])
        #expect(q[1] == ["Fusion <A> & «\u{202F}B\u{202F}» l’été"])  // escaped, and typeset like the pages
        #expect(q[2] == ["x < y & z"])
        #expect(q[3] == ["D&D"])
        #expect(Markup.isWellFormedXML(try site.text("sitemap-news.xml")))
        #expect(Markup.isWellFormedXML(try site.text("secteurs/economie/rss.xml")))
    }

    // MARK: Sub-path base URL

    @Test func everyLinkFollowsASubPathBaseURL() throws {
        let base = "https://example.com/news/"
        let site = try TempSite(baseURL: "https://Example.com/news")
        defer { site.remove() }
        try site.article("a", date: "2026-02-05T10:00:00Z", source: "S", sourceURL: "/docs/rapport.pdf",
                         image: "/img/photo.jpg")
        try site.article("b", date: "2026-02-06T10:00:00Z", sector: "marches", featured: true,
                         sourceURL: "https://ext.example.org/x", image: "https://cdn.example.org/p.jpg",
                         body: "Voir [le site](https://other.example.net/).\n")
        try site.article("c", date: "2026-02-06T11:00:00Z")
        try site.build()

        let htmlFiles = files(in: site.publicDir, endingWith: ".html")
        #expect(htmlFiles.count >= 10)
        var checked = 0
        for file in htmlFiles {
            let html = try #require(site.output(file))
            for link in Markup.html(html, "//@href | //@src") {
                checked += 1
                if link.hasPrefix("#") { continue }  // the same-page skip link
                if link.hasPrefix(base) { continue }
                let external = (link.hasPrefix("https://") || link.hasPrefix("http://"))
                    && URL(string: link)?.host?.lowercased() != "example.com"
                #expect(external, "\(file): '\(link)' is neither under \(base) nor external")
            }
            let og = Markup.html(html, "//meta[@property='og:url' or @property='og:image']/@content")
            for u in og { #expect(u.hasPrefix(base) || u.hasPrefix("https://cdn.example.org/"), "\(file): \(u)") }
        }
        #expect(checked > 100)

        // Editors' root-relative URLs are taken from the site's root.
        let a = try site.text("articles/2026/02/05/a/index.html")
        #expect(Markup.html(a, "//p[@class='source']/a/@href") == [base + "docs/rapport.pdf"])
        #expect(Markup.html(a, "//figure//img/@src") == [base + "img/photo.jpg"])
        #expect(Markup.html(a, "//meta[@property='og:image']/@content") == [base + "img/photo.jpg"])

        // Feeds, sitemaps and robots.txt too.
        let rss = try #require(Markup.xml(try site.text("rss.xml"),
                                          ["//item/link", "//atom:link/@href", "/rss/channel/link"], namespaces: Markup.rss))
        for u in rss.joined() { #expect(u.hasPrefix(base), "rss: \(u)") }
        let sm = try #require(Markup.xml(try site.text("sitemap.xml"), "//sm:loc", namespaces: Markup.sitemap))
        #expect(sm.first == base)
        for u in sm { #expect(u.hasPrefix(base), "sitemap: \(u)") }
        let news = try #require(Markup.xml(try site.text("sitemap-news.xml"), "//sm:loc", namespaces: Markup.sitemap))
        for u in news { #expect(u.hasPrefix(base), "news sitemap: \(u)") }
        let feed = try #require(FileManager.default.contents(atPath: site.path("public/feed.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: feed) as? [String: Any])
        #expect(json["home_page_url"] as? String == base)
        for item in (json["items"] as? [[String: Any]]) ?? [] {
            #expect((item["url"] as? String)?.hasPrefix(base) == true)
        }
        let itemA = ((json["items"] as? [[String: Any]]) ?? []).first { ($0["url"] as? String)?.hasSuffix("/a/") == true }
        #expect(itemA?["external_url"] as? String == base + "docs/rapport.pdf")
        #expect(itemA?["image"] as? String == base + "img/photo.jpg")
        let robots = try site.text("robots.txt")
        #expect(robots.contains("Sitemap: \(base)sitemap.xml"))
        #expect(robots.contains("Sitemap: \(base)sitemap-news.xml"))
    }

    /// README: "All links are absolute, under `site.base_url` (which may carry a sub-path)",
    /// and an editor's `/path` is "from the site root" (as `image` and `source_url` are).
    @Test func rootRelativeLinksInTheBodyFollowASubPathBaseURL() throws {
        let base = "https://example.com/news/"
        let site = try TempSite(baseURL: base)
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z",
                         body: "Voir [le rapport](/docs/rapport.pdf) et ![le graphique](/img/graphique.png).\n")
        try site.build()
        let page = try site.text("articles/2026/02/06/a/index.html")
        let links = Markup.html(page, "//div[@class='body']//@href | //div[@class='body']//@src")
        #expect(links == [base + "docs/rapport.pdf", base + "img/graphique.png"])
    }
}
