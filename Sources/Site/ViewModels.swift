import Content
import Foundation
import KiosqueCore
import Feeds
import Markdown

/// The values templates see. Everything is prepared here (dates in French, URLs absolute)
/// so that templates only place text. README.md lists every variable.
public struct ViewModels: @unchecked Sendable {
    public let model: SiteModel
    public let urls: SiteURLs
    let templates: TemplateSet
    private let fragments: ItemFragments
    /// Immutable dictionaries shared by every page (`@unchecked`: never mutated after init).
    private let site: [String: Any]
    private let navBySector: [String: [[String: Any]]]
    /// header.mustache and footer.mustache rendered once per current sector (the nav marks
    /// it): they are the same on thousands of pages, like Hugo's partialCached.
    private let chromeBySector: [String: (header: String, footer: String)]

    public init(model: SiteModel, templates: TemplateSet) {
        self.model = model
        self.templates = templates
        fragments = ItemFragments(count: model.articles.count)
        let urls = SiteURLs(base: model.config.site.baseURL)
        self.urls = urls
        let s = model.config.site
        var site: [String: Any] = [
            "title": s.title, "description": s.description, "language": s.language,
            "url": urls.absolute(SiteURLs.home), "rss_url": urls.absolute(SiteURLs.rss),
            "json_feed_url": urls.absolute(SiteURLs.jsonFeed), "sitemap_url": urls.absolute(SiteURLs.sitemap),
            "calendar_url": urls.absolute(SiteURLs.calendar), "stylesheet_url": urls.absolute("style.css"),
            "favicon_url": urls.absolute("favicon.svg"),
            "year": model.civil.first.map { String($0.year) } ?? "",
        ]
        if model.config.search.enabled { site["search_url"] = urls.absolute(SiteURLs.search) }
        self.site = site
        var navs: [String: [[String: Any]]] = [:]
        for current in [""] + model.config.sectors.map(\.slug) {
            navs[current] = model.config.sectors.map { sec in
                ["name": sec.name, "slug": sec.slug, "url": urls.absolute(SiteURLs.sector(sec.slug)),
                 "rss_url": urls.absolute(SiteURLs.sectorRSS(sec.slug)), "current": sec.slug == current]
            }
        }
        navBySector = navs
        var chrome: [String: (String, String)] = [:]
        for (current, nav) in navs {
            let ctx: [String: Any] = ["site": site, "nav": nav]
            chrome[current] = (templates.render(ctx, "header"), templates.render(ctx, "footer"))
        }
        chromeBySector = chrome
    }

    /// The variables every HTML page gets: `site`, `nav`, `page`, `header_html`, `footer_html`.
    func page(_ page: [String: Any], currentSector: String = "") -> [String: Any] {
        let chrome = chromeBySector[currentSector] ?? chromeBySector[""]!
        return ["site": site, "nav": navBySector[currentSector] ?? navBySector[""]!, "page": page,
                "header_html": chrome.header, "footer_html": chrome.footer]
    }

    func pageMeta(title: String, description: String, path: String?) -> [String: Any] {
        var p: [String: Any] = ["title": title, "description": description, "og_type": "website"]
        if let path { p["canonical"] = urls.absolute(path) }
        return p
    }

    var siteTitle: String { model.config.site.title }

    // MARK: list items

    /// A list item: its fields, plus `html`, item.mustache rendered once per article and
    /// shared by every list that shows it (sector page, day page, home).
    func item(_ i: Int) -> [String: Any] {
        var d = itemFields(i)
        d["html"] = fragments.html(i) { templates.render(d, "item") }
        return d
    }

    /// The item variables README.md lists, for an article's list entry.
    public func itemFields(_ i: Int) -> [String: Any] {
        let a = model.articles[i]
        let c = model.civil[i]
        var d: [String: Any] = [
            "title": a.title, "url": urls.absolute(a.path), "summary": a.summary,
            "date_iso": ISODate.format(c), "date_text": French.date(c.day_), "time_text": French.time(c),
            "datetime_text": "\(French.date(c.day_)) à \(French.time(c))",
            "sector_name": model.sectorName(a.sector), "sector_url": urls.absolute(SiteURLs.sector(a.sector)),
            "featured": a.featured,
        ]
        if let s = a.source { d["source"] = s }
        if let img = a.image { d["image"] = urls.resolve(img) }
        d["tags"] = tagLinks(a)
        d["has_tags"] = !a.tags.isEmpty
        return d
    }

    /// The article's tags as it writes them, each linking to its tag's page.
    func tagLinks(_ a: Article) -> [[String: Any]] {
        a.tags.compactMap { name in
            let slug = SiteModel.Tag.slug(name)
            return slug.isEmpty ? nil : ["name": name, "url": urls.absolute(SiteURLs.tag(slug))]
        }
    }

    /// Items grouped by sector in the configured order (home and day pages).
    func groups(_ indices: [Int]) -> [[String: Any]] {
        var bySector: [String: [Int]] = [:]
        for i in indices { bySector[model.articles[i].sector, default: []].append(i) }
        return model.config.sectors.compactMap { s in
            guard let list = bySector[s.slug], !list.isEmpty else { return nil }
            return ["name": s.name, "slug": s.slug, "url": urls.absolute(SiteURLs.sector(s.slug)),
                    "count_text": count(list.count), "articles": list.map(item)]
        }
    }

    /// The article's body as HTML, with site-root links under the base URL. Raw HTML in it
    /// (tables kept by `kiosque fetch`, an editor's markup) goes through the same allowlist
    /// as feed content: no script, no handler, no `javascript:`.
    func bodyHTML(_ a: Article) -> String {
        Markdown.html(ContentLoader.body(of: a, root: model.config.root), root: urls.base) { [base = urls.base] in
            HTMLSanitizer.sanitize($0, base: base)
        }
    }

    /// The sector's RSS feed, announced in the page's head.
    func sectorFeed(_ slug: String) -> [String: Any] {
        ["title": "\(model.sectorName(slug)) · \(siteTitle)", "url": urls.absolute(SiteURLs.sectorRSS(slug))]
    }

    public func count(_ n: Int) -> String { n == 1 ? "1 article" : "\(n) articles" }

    func link(_ i: Int) -> [String: Any] {
        ["title": model.articles[i].title, "url": urls.absolute(model.articles[i].path)]
    }

    func dayLink(_ d: Day) -> [String: Any] {
        ["text": French.longDate(d), "url": urls.absolute(SiteURLs.day(d))]
    }
}

/// Rendered list items by article index, filled on first use from any thread.
final class ItemFragments: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<String?>
    private let locks = (0..<64).map { _ in NSLock() }

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit { slots.deinitialize().deallocate() }

    func html(_ i: Int, render: () -> String) -> String {
        locks[i & 63].withLock {
            if let html = slots[i] { return html }
            let html = render()
            slots[i] = html
            return html
        }
    }
}
