import KiosqueCore

/// `/sitemap.xml`: every page the kinds list (home, articles, sectors' first pages, days),
/// or, once the site outgrows one sitemap, an index of its parts.
enum SitemapPage: PageKind {
    struct Input: Sendable {
        var entries: [Sitemaps.Entry]
    }

    static func inputs(_ site: SiteContext) -> [Input] { [Input(entries: site.sitemapEntries)] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.sitemap }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        let parts = Sitemaps.partCount(input.entries.count)
        return parts == 0 ? Sitemaps.urlset(input.entries[...], urls: site.urls)
            : Sitemaps.index(parts: parts, lastmod: site.model.articles.first?.date, urls: site.urls)
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        Sitemaps.sign(input.entries[...], &s)
        s.add(s.model.articles.first.map { Int($0.date) } ?? 0)
    }
}

/// `/sitemap-N.xml`: the parts of a sitemap of more than 50,000 pages.
enum SitemapPartPage: PageKind {
    struct Input: Sendable {
        var number: Int
        var entries: ArraySlice<Sitemaps.Entry>
    }

    static func inputs(_ site: SiteContext) -> [Input] {
        let all = site.sitemapEntries, parts = Sitemaps.partCount(all.count)
        guard parts > 0 else { return [] }
        return (1...parts).map { n in Input(number: n, entries: all.dropFirst((n - 1) * Sitemaps.maxURLs).prefix(Sitemaps.maxURLs)) }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.sitemapPart(input.number) }

    static func render(_ input: Input, _ site: SiteContext) -> String { Sitemaps.urlset(input.entries, urls: site.urls) }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.number)
        Sitemaps.sign(input.entries, &s)
    }
}

/// `/sitemap-news.xml`: Google News sitemap of the articles of the two days up to the newest.
enum NewsSitemapPage: PageKind {
    struct Input: Sendable {
        var articles: [Int]
    }

    static func inputs(_ site: SiteContext) -> [Input] { [Input(articles: Sitemaps.newsArticles(site.model))] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.newsSitemap }

    static func render(_ input: Input, _ site: SiteContext) -> String { Sitemaps.news(site.views, input.articles) }

    static func sign(_ input: Input, _ s: inout PageSignature) { s.articles(input.articles) }
}

/// `/robots.txt`: names both sitemaps.
enum RobotsPage: PageKind {
    struct Input: Sendable {}

    static func inputs(_ site: SiteContext) -> [Input] { [Input()] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.robots }

    static func render(_ input: Input, _ site: SiteContext) -> String { Sitemaps.robots(urls: site.urls) }

    static func sign(_ input: Input, _ s: inout PageSignature) {}
}
