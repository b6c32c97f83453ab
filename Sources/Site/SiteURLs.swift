import Content
import KiosqueCore

/// Every address of the site, absolute and under `site.base_url` (which may have a
/// sub-path). Output paths and URLs come from the same relative paths, so they agree.
public struct SiteURLs: Sendable {
    public let base: String

    public init(base: String) { self.base = base }

    public func absolute(_ relative: String) -> String { base + relative }

    /// An editor's URL: `/img/x.jpg` is taken from the site root, anything else as written.
    public func resolve(_ url: String) -> String {
        url.hasPrefix("/") && !url.hasPrefix("//") ? absolute(String(url.dropFirst())) : url
    }

    // Relative paths ("" is the home page); a trailing "/" means "index.html in that folder".
    public static let home = ""
    public static func article(_ a: Article) -> String { a.path }
    public static func sector(_ slug: String, page: Int = 1) -> String {
        page <= 1 ? "secteurs/\(slug)/" : "secteurs/\(slug)/page/\(page)/"
    }
    public static func sectorRSS(_ slug: String) -> String { "secteurs/\(slug)/rss.xml" }
    public static func tag(_ slug: String, page: Int = 1) -> String {
        page <= 1 ? "tags/\(slug)/" : "tags/\(slug)/page/\(page)/"
    }
    public static func tagRSS(_ slug: String) -> String { "tags/\(slug)/rss.xml" }
    public static let tags = "tags/"
    public static func day(_ d: Day) -> String { "dates/\(d.path)/" }
    public static let calendar = "dates/"
    public static let rss = "rss.xml"
    public static let jsonFeed = "feed.json"
    public static let sitemap = "sitemap.xml"
    public static func sitemapPart(_ n: Int) -> String { "sitemap-\(n).xml" }
    public static let newsSitemap = "sitemap-news.xml"
    public static let robots = "robots.txt"
    public static let notFound = "404.html"
    /// The web version of a day's newsletter, and the archive of them all.
    public static func digest(_ d: Day) -> String { "digests/\(d)/" }
    public static let digests = "digests/"
    /// The search page, and its index and client beside it.
    public static let search = "search/"
    public static let searchScript = "search/search.js"
    /// A standalone page, from `content/pages/<slug>.md`.
    public static func page(_ p: StandalonePage) -> String { p.path }
    /// Top-level folders of the site (and of the members' service behind the same domain),
    /// which no standalone page may take.
    public static let reservedFolders: Set<String> = [
        "articles", "secteurs", "tags", "dates", "digests", "media", "search", "recherche", "membres",
    ]

    /// The file that serves a relative URL: `a/b/` -> `a/b/index.html`.
    public static func file(for relative: String) -> String {
        relative.isEmpty || relative.hasSuffix("/") ? relative + "index.html" : relative
    }
}
