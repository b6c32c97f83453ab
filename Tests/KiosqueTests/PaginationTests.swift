import Foundation
import KiosqueCore
import Testing

@Suite("Sector pagination")
struct PaginationTests {
    /// A site with one sector `s` holding `count` articles, one an hour from 2026-02-01 00:00 UTC.
    static func site(count: Int) throws -> TempSite {
        let site = try TempSite(sectors: [.init(slug: "s", name: "Secteur"), .init(slug: "autre", name: "Autre")])
        for i in 0..<count {
            let t = ts("2026-02-01T00:00:00Z") + Timestamp(i) * 3600
            let date = ISODate.utc(t)
            try site.article(String(format: "a%03d", i), title: "Article \(i)", date: date, sector: "s")
        }
        try site.build()
        return site
    }

    @Test(arguments: [(0, 1), (1, 1), (20, 1), (21, 2), (41, 3)])
    func pagesOfASector(_ count: Int, _ pages: Int) throws {
        let site = try Self.site(count: count)
        defer { site.remove() }
        let base = "https://www.example.com/secteurs/s/"
        func file(_ n: Int) -> String { n == 1 ? "secteurs/s/index.html" : "secteurs/s/page/\(n)/index.html" }
        func url(_ n: Int) -> String { n == 1 ? base : base + "page/\(n)/" }

        #expect(site.exists(file(1)))
        #expect(!site.exists("secteurs/s/page/1/index.html"))
        for n in 2...(pages + 1) {
            #expect(site.exists(file(n)) == (n <= pages), "page \(n) of \(count) articles")
        }
        #expect(files(in: site.path("public/secteurs/s"), endingWith: "index.html").count == pages)

        var seen: [String] = []
        for n in 1...pages {
            let html = try #require(site.output(file(n)))
            let items = Markup.html(html, "//ul[@class='list']/li//h3/a")
            let expected = n < pages ? 20 : count - 20 * (pages - 1)
            #expect(items.count == expected, "page \(n)")
            seen += items
            let prev = Markup.html(html, "//nav[@class='pagination']/a[@rel='prev']/@href")
            let next = Markup.html(html, "//nav[@class='pagination']/a[@rel='next']/@href")
            #expect(prev == (n > 1 ? [url(n - 1)] : []), "page \(n)")
            #expect(next == (n < pages ? [url(n + 1)] : []), "page \(n)")
            #expect(Markup.html(html, "//link[@rel='canonical']/@href") == [url(n)])
            if pages > 1 {
                #expect(Markup.html(html, "//nav[@class='pagination']//span[@aria-current='page']") == [String(n)])
                #expect(Markup.html(html, "//nav[@class='pagination']/ol/li/a/@href")
                        == (1...pages).filter { $0 != n }.map(url))
            } else {
                #expect(Markup.html(html, "//nav[@class='pagination']").isEmpty)
            }
            #expect(Markup.html(html, "//h1/following-sibling::p[@class='meta']").first?.contains("Page \(n) sur \(pages)") == true)
        }
        // Every article exactly once, newest first.
        #expect(seen == (0..<count).reversed().map { "Article \($0)" })
        if count == 0 {
            let html = try #require(site.output(file(1)))
            #expect(Markup.html(html, "//p[@class='empty']").count == 1)
        }
        // The empty sector next to it still gets its single page.
        #expect(site.exists("secteurs/autre/index.html"))
        #expect(!site.exists("secteurs/autre/page/2/index.html"))
    }

    @Test func longPaginationShowsGaps() throws {
        let site = try Self.site(count: 20 * 9 + 1)  // 10 pages
        defer { site.remove() }
        let html = try site.text("secteurs/s/page/5/index.html")
        let numbers = Markup.html(html, "//nav[@class='pagination']/ol/li")
        #expect(numbers == ["1", "…", "3", "4", "5", "6", "7", "…", "10"])
        #expect(site.exists("secteurs/s/page/10/index.html"))
        #expect(!site.exists("secteurs/s/page/11/index.html"))
    }
}

