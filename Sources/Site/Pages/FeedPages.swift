/// What the site's own feeds show: its 50 newest articles.
struct NewestArticles: Sendable {
    var articles: [Int]

    static func of(_ site: SiteContext) -> [NewestArticles] {
        [NewestArticles(articles: Array(site.model.articles.indices.prefix(SiteFeeds.count)))]
    }
}

/// `/rss.xml`: RSS 2.0, the 50 newest articles.
enum SiteRSSPage: PageKind {
    typealias Input = NewestArticles

    static func inputs(_ site: SiteContext) -> [Input] { NewestArticles.of(site) }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.rss }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        let s = site.config.site
        return SiteFeeds.rss(views: site.views, indices: input.articles, title: s.title, description: s.description,
                             selfPath: SiteURLs.rss, linkPath: SiteURLs.home)
    }

    static func sign(_ input: Input, _ s: inout PageSignature) { s.articles(input.articles) }
}

/// `/secteurs/<slug>/rss.xml`: a sector's RSS 2.0, its 50 newest articles.
enum SectorRSSPage: PageKind {
    struct Input: Sendable {
        var slug: String
        var articles: [Int]
    }

    static func inputs(_ site: SiteContext) -> [Input] {
        site.config.sectors.map { Input(slug: $0.slug, articles: Array((site.model.bySector[$0.slug] ?? []).prefix(SiteFeeds.count))) }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.sectorRSS(input.slug) }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        let name = site.views.sectorName(input.slug), title = site.siteTitle
        return SiteFeeds.rss(views: site.views, indices: input.articles,
                             title: "\(name) · \(title)", description: "\(name) : l’actualité de \(title)",
                             selfPath: SiteURLs.sectorRSS(input.slug), linkPath: SiteURLs.sector(input.slug))
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.slug)
        s.articles(input.articles)
    }
}

/// `/feed.json`: JSON Feed 1.1, the 50 newest articles with their whole HTML.
enum JSONFeedPage: PageKind {
    typealias Input = NewestArticles

    static func inputs(_ site: SiteContext) -> [Input] { NewestArticles.of(site) }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.jsonFeed }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        SiteFeeds.jsonFeed(views: site.views, indices: input.articles)
    }

    static func sign(_ input: Input, _ s: inout PageSignature) { s.articles(input.articles) }
}
