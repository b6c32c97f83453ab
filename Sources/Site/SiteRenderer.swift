import Content
import KiosqueCore
import Search

/// Every output file of the site, by page kind, and a pure function from each to its bytes:
/// the pages can render in any order, on any core. A page kind is one type (`PageKind`), in
/// one file under `Pages/`.
public struct SiteRenderer: Sendable {
    /// Every kind of page; the sitemap lists their pages in this order.
    static let kinds: [any PageKind.Type] = [
        HomePage.self, ArticlePage.self, SectorPage.self, DayPage.self, TagIndexPage.self, TagPage.self,
        StandalonePageKind.self, CalendarPage.self, NotFoundPage.self, SiteRSSPage.self, SectorRSSPage.self, TagRSSPage.self, JSONFeedPage.self,
        SitemapPage.self, SitemapPartPage.self, NewsSitemapPage.self, RobotsPage.self,
        DigestPage.self, DigestArchivePage.self, SearchPage.self, SearchManifestPage.self, SearchBucketPage.self,
    ]

    /// A page: its kind (an index into `kinds`) and which of that kind's pages it is.
    public struct Page: Sendable, Hashable {
        let kind: Int
        let index: Int
    }

    public let site: SiteContext
    private let sets: [PageSet]
    private let global: UInt64

    public init(model: SiteModel, templates: TemplateSet, digests: [ArchivedDigest] = [], search: SearchIndex? = nil) {
        let site = SiteContext(model: model, templates: templates, digests: digests, search: search, kinds: Self.kinds)
        self.site = site
        sets = Self.kinds.map { PageSet($0, site) }
        global = PageSignature.global(site)
    }

    public var model: SiteModel { site.model }
    public var digests: [ArchivedDigest] { site.digests }
    public var urls: SiteURLs { site.urls }

    public var pages: [Page] {
        sets.indices.flatMap { k in (0..<sets[k].count).map { Page(kind: k, index: $0) } }
    }

    /// Where a page goes, relative to the output folder.
    public func path(_ page: Page) -> String { sets[page.kind].path(page.index) }

    public func render(_ page: Page) -> String { sets[page.kind].render(page.index) }

    /// A hash of what the page's bytes depend on: a page whose signature matches the previous
    /// build's renders to the same bytes, and an incremental build skips it.
    func signature(_ page: Page) -> UInt64 {
        var s = PageSignature(seed: global, model: site.model)
        s.add(sets[page.kind].kind)
        sets[page.kind].sign(page.index, &s)
        return s.hash.value
    }

    /// The article a page shows on its own, for an article page.
    func article(_ page: Page) -> Int? { sets[page.kind].article(page.index) }

    /// The template a page renders with and its context, for the kinds that have one.
    func view(_ page: Page) -> (template: String, context: [String: Any])? {
        guard let name = Self.kinds[page.kind].template?.name, let context = sets[page.kind].view(page.index) else { return nil }
        return (name, context)
    }

    /// The page templates and the names each one sees.
    static var pageTemplates: [String: TemplateScope] {
        Dictionary(uniqueKeysWithValues: kinds.compactMap { $0.template }.map { ($0.name, $0.variables) })
    }
}
