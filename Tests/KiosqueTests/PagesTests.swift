import Foundation
import KiosqueCore
import Testing

/// Every page kind of the small site, read back through libxml2.
@Suite("Pages of a built site")
struct PagesTests {
    typealias S = SmallSite

    func page(_ site: TempSite, _ file: String) throws -> String {
        try #require(site.output(file), "missing \(file)")
    }

    @Test func homePage() throws {
        let site = try S.make()
        defer { site.remove() }
        let html = try page(site, "index.html")
        let q = Markup.html(html, [
            "/html/@lang", "//title", "//meta[@name='description']/@content", "//link[@rel='canonical']/@href",
            "//meta[@property='og:type']/@content", "//p[@class='dateline']/span[@class='today']",
            "//p[@class='dateline']//time/@datetime", "//article[@class='lead-story']/h3/a",
            "//article[@class='lead-story']/h3/a/@href", "//ul[@class='list list-une']/li//h3/a",
            "//ol[@class='rail-list']/li/a", "//section[@class='sector-card']/h2/@id",
            "//section[@aria-labelledby='s-economie']//li/a", "//link[@rel='stylesheet']/@href",
            "//link[@type='application/rss+xml']/@href", "//ol[@class='rail-list']/li/time",
        ])
        #expect(q[0] == ["fr"])
        #expect(q[1] == ["Le Kiosque de test"])
        #expect(q[2] == ["L’actualité de test"])
        #expect(q[3] == [S.base])
        #expect(q[4] == ["website"])
        // The date line: the day of the build in the site's zone, and the newest article's time.
        #expect(q[5] == ["dimanche 1er mars 2026"])
        #expect(q[6] == ["2026-02-08T10:00:00Z"])
        // The lead is the newest story "à la une"; the others follow it.
        #expect(q[7] == [S.solaire.title])
        #expect(q[8] == [S.solaire.url])
        #expect(q[9] == [S.inflation.title])
        // "En continu": every other article, newest first, with its day (none is of today).
        #expect(q[10] == [S.croissance.title, S.brvm.title, S.budget.title].map(FrenchTypography.text))
        #expect(q[15] == ["8 févr.", "6 févr.", "5 févr."])
        // Each sector's newest, in the configured order, "à la une" or not.
        #expect(q[11] == ["s-economie", "s-marches", "s-energie"])
        #expect(q[12] == [S.croissance.title, S.inflation.title, S.budget.title].map(FrenchTypography.text))
        #expect(q[13] == [S.base + (try site.stylesheet())])
        #expect(q[14].contains(S.base + "rss.xml"))
    }

    @Test func theLeadIsAStoryALaUneWithItsPictureAndOnlyFromTheNewest() throws {
        let site = try TempSite()
        defer { site.remove() }
        // The oldest article is featured but too old for the front page.
        for i in 0..<35 {
            try site.article(String(format: "a%02d", i), title: "Article \(i)",
                             date: "2026-02-0\(1 + i / 10)T\(String(format: "%02d", 8 + i % 10)):00:00Z",
                             sector: ["economie", "marches"][i % 2], featured: i == 0 ? true : nil,
                             image: i == 30 ? "/images/a30.jpg" : nil)
        }
        try site.build()
        let html = try site.text("index.html")
        // No story "à la une" among the 30 newest: the newest with a picture leads, its picture shown.
        #expect(Markup.html(html, "//article[@class='lead-story']/h3/a") == ["Article 30"])
        #expect(Markup.html(html, "//article[@class='lead-story']//img/@src") == ["https://www.example.com/images/a30.jpg"])
        #expect(Markup.html(html, "//ul[@class='list list-une']").isEmpty)
        #expect(Markup.html(html, "//ol[@class='rail-list']/li/a") == ([34, 33, 32, 31] + Array((16...29).reversed())).prefix(15).map { "Article \($0)" })
        #expect(Markup.html(html, "//section[@aria-labelledby='s-marches']//li/a") == ["Article 33", "Article 31", "Article 29", "Article 27"])
        // The link to the newest day.
        #expect(Markup.html(html, "//p[@class='more']/a/@href").first == "https://www.example.com/dates/2026/02/04/")
    }

    @Test func homePageOfAnEmptySite() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.build()
        let html = try page(site, "index.html")
        #expect(Markup.html(html, "//p[@class='empty']").count == 1)
        #expect(Markup.html(html, "//article[@class='lead-story']").isEmpty)
        #expect(Markup.html(html, "//main//li").isEmpty)
    }

    @Test func articlePage() throws {
        let site = try S.make()
        defer { site.remove() }
        let html = try page(site, S.budget.file)
        let q = Markup.html(html, [
            "//h1", "//p[@class='meta']/time", "//p[@class='meta']/time/@datetime",
            "//p[@class='meta']/a[1]/@href", "//p[@class='meta']/a[1]", "//div[@class='body']",
            "//p[@class='source']/a/@href", "//p[@class='source']", "//ul[@class='tags']/li",
            "//meta[@property='og:type']/@content", "//meta[@property='article:published_time']/@content",
            "//meta[@property='article:section']/@content", "//meta[@property='article:tag']/@content",
            "//link[@rel='canonical']/@href", "//title", "//meta[@name='description']/@content",
            "//script[@type='application/ld+json']", "//p[@class='meta']/a[2]/@href",
            "//nav[@class='sectors']//a[@aria-current='page']",
        ])
        #expect(q[0] == [S.budget.title])
        #expect(q[1] == ["jeudi 5 février 2026 à 8\u{A0}h\u{A0}00"])
        #expect(q[2] == ["2026-02-05T08:00:00Z"])
        #expect(q[3] == [S.base + "secteurs/economie/"])
        #expect(q[4] == ["Économie"])
        // CommonMark with smart punctuation and French typography; raw HTML is not passed through.
        let body = try #require(q[5].first)
        #expect(body.contains("«\u{202F}c’est historique\u{202F}» – vraiment."), "\(body)")
        #expect(!body.contains("\"c'est"))
        #expect(!html.contains("<script>alert"))
        #expect(Markup.html(html, "//div[@class='body']//a/@href") == ["https://budget.example/annexe"])
        #expect(q[6] == ["https://aps.example/budget-2026"])
        #expect(q[7].first?.contains("APS") == true)
        #expect(q[8] == ["#budget", "#loi-de-finances"])
        #expect(q[9] == ["article"])
        #expect(q[10] == ["2026-02-05T08:00:00Z"])
        #expect(q[11] == ["Économie"])
        #expect(q[12] == ["budget", "loi-de-finances"])
        #expect(q[13] == [S.budget.url])
        #expect(q[14] == ["\(S.budget.title) · Le Kiosque de test"])
        #expect(q[15] == ["Le Parlement adopte le budget."])
        #expect(q[17] == [S.base + "dates/2026/02/05/"])
        #expect(q[18] == ["Économie"])

        // JSON-LD parses as JSON and describes the article.
        let ld = try #require(q[16].first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ld.utf8)) as? [String: Any])
        #expect(json["@type"] as? String == "NewsArticle")
        #expect(json["@context"] as? String == "https://schema.org")
        #expect(json["headline"] as? String == S.budget.title)
        #expect(json["datePublished"] as? String == "2026-02-05T08:00:00Z")
        #expect(json["articleSection"] as? String == "Économie")
        #expect(json["url"] as? String == S.budget.url)
        #expect(json["inLanguage"] as? String == "fr")
        #expect(json["isBasedOn"] as? String == "https://aps.example/budget-2026")
        #expect((json["author"] as? [String: Any])?["name"] as? String == "APS")
        #expect(json["dateModified"] as? String == "2026-02-05T08:00:00Z")
        let publisher = json["publisher"] as? [String: Any]
        #expect(publisher?["name"] as? String == "Le Kiosque de test")
        let logo = try #require((publisher?["logo"] as? [String: Any])?["url"] as? String)
        #expect(logo == S.base + "logo.png" && site.exists("logo.png"))
        #expect(json["keywords"] as? [String] == ["budget", "loi-de-finances"])
        #expect(json["description"] as? String == "Le Parlement adopte le budget.")
        #expect(json["mainEntityOfPage"] as? String == S.budget.url)
    }

    @Test func articleWithoutSourceHasNoSourceLink() throws {
        let site = try S.make()
        defer { site.remove() }
        let html = try page(site, S.inflation.file)
        #expect(Markup.html(html, "//p[@class='source']").isEmpty)
        #expect(Markup.html(html, "//ul[@class='tags']").isEmpty)
        #expect(Markup.html(html, "//p[@class='kicker']") == ["À la une"])
        let ld = try #require(Markup.html(html, "//script[@type='application/ld+json']").first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ld.utf8)) as? [String: Any])
        #expect(json["isBasedOn"] == nil)
        #expect(json["keywords"] == nil)
    }

    @Test func sourceURLWithoutSourceNameStillLinks() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T09:00:00Z", sourceURL: "https://src.example/x")
        try site.article("b", date: "2026-02-06T10:00:00Z", source: "Reuters")
        try site.build()
        let a = try page(site, "articles/2026/02/06/a/index.html")
        #expect(Markup.html(a, "//p[@class='source']/a/@href") == ["https://src.example/x"])
        let b = try page(site, "articles/2026/02/06/b/index.html")
        #expect(Markup.html(b, "//p[@class='source']/a").isEmpty)
        #expect(Markup.html(b, "//p[@class='source']").first?.contains("Reuters") == true)
    }

    @Test func articlePrevAndNextStayInTheSector() throws {
        let site = try S.make()
        defer { site.remove() }
        // economie, newest first: croissance, inflation, budget.
        let middle = try page(site, S.inflation.file)
        #expect(Markup.html(middle, "//nav[@class='prevnext']/a[@rel='prev']/@href") == [S.budget.url])
        #expect(Markup.html(middle, "//nav[@class='prevnext']/a[@rel='next']/@href") == [S.croissance.url])
        let oldest = try page(site, S.budget.file)
        #expect(Markup.html(oldest, "//nav[@class='prevnext']/a[@rel='prev']").isEmpty)
        #expect(Markup.html(oldest, "//nav[@class='prevnext']/a[@rel='next']/@href") == [S.inflation.url])
        let newest = try page(site, S.croissance.file)
        #expect(Markup.html(newest, "//nav[@class='prevnext']/a[@rel='prev']/@href") == [S.inflation.url])
        #expect(Markup.html(newest, "//nav[@class='prevnext']/a[@rel='next']").isEmpty)
        // Alone in its sector: no neighbours at all, although other sectors have news that day.
        let brvm = try page(site, S.brvm.file)
        #expect(Markup.html(brvm, "//nav[@class='prevnext']/a").isEmpty)
    }

    @Test func sectorPages() throws {
        let site = try S.make()
        defer { site.remove() }
        let eco = try page(site, "secteurs/economie/index.html")
        let q = Markup.html(eco, ["//h1", "//ul[@class='list']//h3/a", "//link[@rel='canonical']/@href",
                                  "//nav[@class='sectors']//a[@aria-current='page']/@href",
                                  "//nav[@class='pagination']", "//link[@type='application/rss+xml']/@href"])
        #expect(q[0] == ["Économie"])
        #expect(q[1] == [S.croissance.title, S.inflation.title, S.budget.title])
        #expect(q[2] == [S.base + "secteurs/economie/"])
        #expect(q[3] == [S.base + "secteurs/economie/"])
        #expect(q[4].isEmpty)
        #expect(q[5].contains(S.base + "secteurs/economie/rss.xml"))
        let marches = try page(site, "secteurs/marches/index.html")
        #expect(Markup.html(marches, "//ul[@class='list']//h3/a") == ["La BRVM progresse de 1\u{A0}%"])  // typeset
        let energie = try page(site, "secteurs/energie/index.html")
        #expect(Markup.html(energie, "//ul[@class='list']//h3/a") == [S.solaire.title])
        #expect(Markup.html(energie, "//ul[@class='list']/li/@class") == ["item une"])
        // Every configured sector is in the navigation of every page, in order.
        #expect(Markup.html(eco, "//nav[@class='sectors']//a") == ["Économie", "Marchés", "Énergie"])
    }

    @Test func dayPages() throws {
        let site = try S.make()
        defer { site.remove() }
        #expect(site.exists("dates/2026/02/05/index.html"))
        #expect(site.exists("dates/2026/02/06/index.html"))
        #expect(site.exists("dates/2026/02/08/index.html"))
        #expect(!site.exists("dates/2026/02/07/index.html"))

        let day = try page(site, "dates/2026/02/06/index.html")
        let q = Markup.html(day, ["//h1", "//section[@class='sector-block']/h2/@id",
                                  "//section[@id='x' or @aria-labelledby='s-economie']//h3/a",
                                  "//section[@aria-labelledby='s-marches']//h3/a",
                                  "//nav[@class='prevnext']/a[@rel='prev']/@href",
                                  "//nav[@class='prevnext']/a[@rel='next']/@href",
                                  "//link[@rel='canonical']/@href", "//title"])
        #expect(q[0] == ["vendredi 6 février 2026"])
        #expect(q[1] == ["s-economie", "s-marches"])
        #expect(q[2] == [S.inflation.title])
        #expect(q[3] == ["La BRVM progresse de 1\u{A0}%"])
        // The neighbours are the previous and next days *with news*: the 7th is skipped.
        #expect(q[4] == [S.base + "dates/2026/02/05/"])
        #expect(q[5] == [S.base + "dates/2026/02/08/"])
        #expect(q[6] == [S.base + "dates/2026/02/06/"])
        #expect(q[7].first?.contains("vendredi 6 février 2026") == true)

        let first = try page(site, "dates/2026/02/05/index.html")
        #expect(Markup.html(first, "//nav[@class='prevnext']/a[@rel='prev']").isEmpty)
        #expect(Markup.html(first, "//nav[@class='prevnext']/a[@rel='next']/@href") == [S.base + "dates/2026/02/06/"])
        let last = try page(site, "dates/2026/02/08/index.html")
        #expect(Markup.html(last, "//nav[@class='prevnext']/a[@rel='next']").isEmpty)
        #expect(Markup.html(last, "//nav[@class='prevnext']/a[@rel='prev']/@href") == [S.base + "dates/2026/02/06/"])
        // Grouped by sector in the configured order, newest first inside a group.
        #expect(Markup.html(last, "//section[@class='sector-block']/h2/@id") == ["s-economie", "s-energie"])
    }

    @Test func calendarLinksEveryDayWithNews() throws {
        let site = try S.make()
        defer { site.remove() }
        let html = try page(site, "dates/index.html")
        let links = Markup.html(html, "//table[@class='calendar']//a/@href")
        #expect(links == ["2026/02/05/", "2026/02/06/", "2026/02/08/"].map { S.base + "dates/" + $0 })
        #expect(Markup.html(html, "//table[@class='calendar']//a") == ["5", "6", "8"])
        #expect(Markup.html(html, "//table[@class='calendar']//a/@title")
                == ["jeudi 5 février 2026\u{A0}: 1 article", "vendredi 6 février 2026\u{A0}: 2 articles",
                    "dimanche 8 février 2026\u{A0}: 2 articles"])
        #expect(Markup.html(html, "//section[@class='month']/h2").first?.hasPrefix("février 2026") == true)
        // February 2026 starts on a Sunday: six empty Monday-first cells, then "1".
        let firstWeek = Markup.html(html, "(//table[@class='calendar']/tbody/tr)[1]/td")
        #expect(firstWeek == ["", "", "", "", "", "", "1"])
        #expect(Markup.html(html, "//table[@class='calendar']/tbody/tr").count == 5)
    }

    @Test func calendarListsMonthsNewestFirst() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("a", date: "2025-12-31T10:00:00Z")
        try site.article("b", date: "2026-01-02T10:00:00Z")
        try site.article("c", date: "2026-02-06T10:00:00Z")
        try site.build()
        let html = try page(site, "dates/index.html")
        let months = Markup.html(html, "//section[@class='month']/h2").map { $0.components(separatedBy: " ").prefix(2).joined(separator: " ") }
        #expect(months == ["février 2026", "janvier 2026", "décembre 2025"])
    }

    @Test func notFoundPage() throws {
        let site = try S.make()
        defer { site.remove() }
        let html = try page(site, "404.html")
        #expect(Markup.html(html, "//h1") == ["Page introuvable"])
        #expect(Markup.html(html, "//meta[@name='robots']/@content") == ["noindex"])
        #expect(Markup.html(html, "//link[@rel='canonical']").isEmpty)
        #expect(Markup.html(html, "//main//a/@href") == [S.base, S.base + "dates/"])
    }

    @Test func robotsNamesTheSitemaps() throws {
        let site = try S.make()
        defer { site.remove() }
        let robots = try page(site, "robots.txt")
        let lines = robots.split(separator: "\n").map(String.init)
        #expect(lines.contains("User-agent: *"))
        #expect(lines.contains("Sitemap: \(S.base)sitemap.xml"))
        #expect(lines.contains("Sitemap: \(S.base)sitemap-news.xml"))
    }

    @Test func staticAssetsAreCopiedFromTheTemplates() throws {
        let site = try S.make()
        defer { site.remove() }
        for (asset, name) in [("style.css", try site.stylesheet()), ("favicon.svg", "favicon.svg")] {
            let built = FileManager.default.contents(atPath: site.path("public/\(name)"))
            let source = FileManager.default.contents(atPath: "\(packageRoot)/templates/static/\(asset)")
            #expect(built != nil)
            #expect(built == source, "\(asset) differs from templates/static/\(asset)")
        }
    }

    @Test func textIsEscapedInHTML() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("escape", title: "Fusion <b>A & B</b> \"ok\"", date: "2026-02-06T10:00:00Z",
                         summary: "x < y & z", tags: ["<i>"])
        try site.build()
        let html = try page(site, "articles/2026/02/06/escape/index.html")
        #expect(Markup.html(html, "//h1") == ["Fusion <b>A & B</b> «\u{202F}ok\u{202F}»"])
        #expect(Markup.html(html, "//h1/b").isEmpty)
        #expect(Markup.html(html, "//p[@class='lead']") == ["x < y & z"])
        #expect(Markup.html(html, "//ul[@class='tags']/li") == ["#<i>"])
        // JSON-LD cannot be closed early by a title.
        let ld = try #require(Markup.html(html, "//script[@type='application/ld+json']").first)
        let json = try JSONSerialization.jsonObject(with: Data(ld.utf8)) as? [String: Any]
        #expect(json?["headline"] as? String == "Fusion <b>A & B</b> «\u{202F}ok\u{202F}»")
        #expect(!ld.contains("<"))
    }
}
