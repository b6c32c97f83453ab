import Content
import KiosqueCore

/// Every output file of the site, and a pure function from each to its bytes: the pages
/// can render in any order, on any core.
public struct SiteRenderer: Sendable {
    public static let homeCount = 30
    public static let perPage = 20

    public enum Page: Sendable, Hashable {
        case home, article(Int), sector(String, page: Int), day(Int), calendar, notFound
        case rss, sectorRSS(String), jsonFeed, sitemap, sitemapPart(Int), newsSitemap, robots
        /// A newsletter's web version (index into `digests`), and their archive.
        case digest(Int), digestArchive
    }

    public let model: SiteModel
    /// The newsletters written by `kiosque digest`, oldest first, published as they are.
    public let digests: [ArchivedDigest]
    let templates: TemplateSet
    let views: ViewModels
    private let sitemapEntries: [Sitemaps.Entry]

    public init(model: SiteModel, templates: TemplateSet, digests: [ArchivedDigest] = []) {
        self.model = model
        self.digests = digests.sorted { $0.day < $1.day }
        self.templates = templates
        views = ViewModels(model: model, templates: templates)
        sitemapEntries = Sitemaps.entries(model)
    }

    public var urls: SiteURLs { views.urls }

    public var pages: [Page] {
        var out: [Page] = [.home, .calendar, .notFound, .rss, .jsonFeed, .sitemap, .newsSitemap, .robots]
        out += model.articles.indices.map(Page.article)
        for s in model.config.sectors {
            out.append(.sectorRSS(s.slug))
            let n = model.bySector[s.slug]?.count ?? 0
            out += (1...max(1, (n + Self.perPage - 1) / Self.perPage)).map { Page.sector(s.slug, page: $0) }
        }
        out += model.days.indices.map(Page.day)
        let parts = Sitemaps.partCount(sitemapEntries.count)
        if parts > 0 { out += (1...parts).map(Page.sitemapPart) }
        if !digests.isEmpty { out += digests.indices.map(Page.digest) + [.digestArchive] }
        return out
    }

    /// Where a page goes, relative to the output folder.
    public func path(_ page: Page) -> String {
        switch page {
        case .home: SiteURLs.file(for: SiteURLs.home)
        case .article(let i): SiteURLs.file(for: model.articles[i].path)
        case .sector(let s, let n): SiteURLs.file(for: SiteURLs.sector(s, page: n))
        case .day(let k): SiteURLs.file(for: SiteURLs.day(model.days[k].day))
        case .calendar: SiteURLs.file(for: SiteURLs.calendar)
        case .notFound: SiteURLs.notFound
        case .rss: SiteURLs.rss
        case .sectorRSS(let s): SiteURLs.sectorRSS(s)
        case .jsonFeed: SiteURLs.jsonFeed
        case .sitemap: SiteURLs.sitemap
        case .sitemapPart(let n): SiteURLs.sitemapPart(n)
        case .newsSitemap: SiteURLs.newsSitemap
        case .robots: SiteURLs.robots
        case .digest(let k): SiteURLs.file(for: SiteURLs.digest(digests[k].day))
        case .digestArchive: SiteURLs.file(for: SiteURLs.digests)
        }
    }

    public func render(_ page: Page) -> String {
        let site = model.config.site
        switch page {
        case .home: return templates.render(views.home(), "home")
        case .article(let i): return templates.render(views.article(i), "article")
        case .sector(let s, let n): return templates.render(views.sector(s, page: n), "sector")
        case .day(let k): return templates.render(views.day(k), "day")
        case .calendar: return templates.render(views.calendar(), "calendar")
        case .notFound: return templates.render(views.notFound(), "not-found")
        case .rss:
            return SiteFeeds.rss(model: model, urls: urls, indices: Array(model.articles.indices.prefix(SiteFeeds.count)),
                                 title: site.title, description: site.description, selfPath: SiteURLs.rss, linkPath: SiteURLs.home)
        case .sectorRSS(let s):
            let name = model.sectorName(s)
            return SiteFeeds.rss(model: model, urls: urls, indices: model.bySector[s] ?? [],
                                 title: "\(name) · \(site.title)", description: "\(name) : l’actualité de \(site.title)",
                                 selfPath: SiteURLs.sectorRSS(s), linkPath: SiteURLs.sector(s))
        case .jsonFeed: return SiteFeeds.jsonFeed(model: model, urls: urls) { views.bodyHTML($0) }
        case .sitemap:
            let parts = Sitemaps.partCount(sitemapEntries.count)
            return parts == 0 ? Sitemaps.urlset(sitemapEntries[...], urls: urls)
                : Sitemaps.index(parts: parts, lastmod: model.articles.first?.date, urls: urls)
        case .sitemapPart(let n):
            return Sitemaps.urlset(sitemapEntries.dropFirst((n - 1) * Sitemaps.maxURLs).prefix(Sitemaps.maxURLs), urls: urls)
        case .newsSitemap: return Sitemaps.news(model, urls: urls)
        case .robots: return Sitemaps.robots(urls: urls)
        case .digest(let k): return digests[k].html
        case .digestArchive: return templates.render(views.digestArchive(digests.map(\.day)), "digest-archive")
        }
    }
}
