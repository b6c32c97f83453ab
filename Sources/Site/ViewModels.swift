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
        site = [
            "title": s.title, "description": s.description, "language": s.language,
            "url": urls.absolute(SiteURLs.home), "rss_url": urls.absolute(SiteURLs.rss),
            "json_feed_url": urls.absolute(SiteURLs.jsonFeed), "sitemap_url": urls.absolute(SiteURLs.sitemap),
            "calendar_url": urls.absolute(SiteURLs.calendar), "stylesheet_url": urls.absolute("style.css"),
            "favicon_url": urls.absolute("favicon.svg"),
            "year": model.civil.first.map { String($0.year) } ?? "",
        ]
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
        if let image = siteImage { p["image"] = image }
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
        if let img = a.image, let view = image(img, alt: a.imageAlt ?? a.title, caption: a.imageCaption) { d["image"] = view }
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
    /// as feed content: no script, no handler, no `javascript:`. Images of `content/media/`
    /// become `<picture>`s of their copies (a lone one a `<figure>`, captioned by its title).
    func bodyHTML(_ a: Article) -> String {
        // Only bodies that write `/media/` pay for it (a missing image must go, too).
        let media = a.media.isEmpty ? nil : { (i: Markdown.Image) in bodyImage(i) }
        return Markdown.html(ContentLoader.body(of: a, root: model.config.root), root: urls.base, image: media) { [base = urls.base] in
            HTMLSanitizer.sanitize($0, base: base)
        }
    }

    /// Body images fill the article's column: 720 px, the screen's width below 760 px.
    static let bodySizes = "(max-width: 760px) 100vw, 720px"

    private func bodyImage(_ i: Markdown.Image) -> String? {
        guard i.url.hasPrefix("/" + MediaLibrary.folder + "/") else { return nil }
        guard let view = image(i.url, alt: i.alt, caption: i.title.isEmpty ? nil : i.title) else { return "" }
        let e = XMLEscaping.escape
        let picture = Self.picture(view, sizes: Self.bodySizes)
        guard i.alone else { return picture }
        var caption = ""
        if let text = view["caption"] as? String {
            caption = "<figcaption>" + e(text) + ((view["credit"] as? String).map { " <span class=\"credit\">" + e($0) + "</span>" } ?? "") + "</figcaption>"
        }
        return "<figure class=\"figure\">" + picture + caption + "</figure>"
    }

    /// `<picture>`: the WebP copies for the browsers that take them, the JPEG ones otherwise.
    static func picture(_ view: [String: Any], sizes: String) -> String {
        let e = XMLEscaping.escape
        var html = "<picture>"
        if let webp = view["srcset_webp"] as? String {
            html += "<source type=\"image/webp\" srcset=\"\(e(webp))\" sizes=\"\(sizes)\">"
        }
        html += "<img src=\"\(e(view["src"] as? String ?? ""))\""
        if let jpeg = view["srcset_jpeg"] as? String { html += " srcset=\"\(e(jpeg))\" sizes=\"\(sizes)\"" }
        if let w = view["width"] as? Int, let h = view["height"] as? Int { html += " width=\"\(w)\" height=\"\(h)\"" }
        return html + " alt=\"\(e(view["alt"] as? String ?? ""))\" loading=\"lazy\"></picture>"
    }

    /// An image as templates see it (`image.src`, `image.srcset_webp`…): an image of
    /// `content/media/` with its copies; a remote one, or a file of `templates/static/`, by its
    /// URL alone. Nil for a `/media/…` file the build does not publish (missing, broken).
    func image(_ url: String, alt: String, caption: String?) -> [String: Any]? {
        var d: [String: Any] = ["alt": alt]
        if let (text, credit) = caption.map(Self.captionAndCredit) {
            d["caption"] = text
            if let credit { d["credit"] = credit }
        }
        if let img = model.media.image(url, base: urls.base) {
            let largest = img.largest
            d["src"] = urls.absolute(largest.jpeg)
            d["src_480"] = urls.absolute(img.fitting(480).jpeg)
            d["srcset_webp"] = img.srcset(urls, webp: true)
            d["srcset_jpeg"] = img.srcset(urls, webp: false)
            d["width"] = largest.width
            d["height"] = largest.height
            return d
        }
        if url.hasPrefix("/" + MediaLibrary.folder + "/") { return nil }
        d["src"] = urls.resolve(url)
        d["src_480"] = urls.resolve(url)
        return d
    }

    /// `Légende — Crédit`: the caption, and who took or owns the picture.
    static func captionAndCredit(_ title: String) -> (String, String?) {
        guard let dash = title.range(of: " — ") else { return (title, nil) }
        let caption = title[..<dash.lowerBound].trimmingWhitespace, credit = title[dash.upperBound...].trimmingWhitespace
        if caption.isEmpty { return (credit, nil) }
        return (caption, credit.isEmpty ? nil : credit)
    }

    /// The absolute URL of an article's image for other sites (JSON Feed): its largest JPEG
    /// copy, a remote image's URL; nil without an image the site can show.
    func imageURL(_ a: Article) -> String? {
        a.image.flatMap { image($0, alt: "", caption: nil)?["src"] as? String }
    }

    /// What og:image and JSON-LD show for an article: its image, else `site.image`.
    func shareImage(_ a: Article) -> String? { imageURL(a) ?? siteImage }

    /// `site.image`, as shared: nil when unset, or a `/media/…` file not published.
    var siteImage: String? {
        guard let url = model.config.site.image else { return nil }
        return image(url, alt: "", caption: nil)?["src"] as? String
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
