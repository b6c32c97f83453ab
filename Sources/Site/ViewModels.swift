import Content
import Foundation
import KiosqueCore
import HTML
import Markdown

/// The values templates see. Everything is prepared here (dates in French, URLs absolute,
/// text set in French typography) so that templates only place text. README.md lists every
/// variable.
public struct ViewModels: @unchecked Sendable {
    public let model: SiteModel
    public let urls: SiteURLs
    let templates: TemplateSet
    /// An article's list-item variables, and the same with `html`: made once per article and
    /// shared by every list, feed and page that shows it.
    private let fields: ArticleSlots<[String: Any]>
    private let items: ArticleSlots<[String: Any]>
    private let texts: ArticleSlots<ArticleText>
    /// Sector slug -> its name, typeset.
    private let sectorNames: [String: String]
    /// The site's title and description, typeset.
    public let siteTitle: String
    let siteDescription: String
    /// Immutable dictionaries shared by every page (`@unchecked`: never mutated after init).
    private let site: [String: Any]
    private let navBySector: [String: [[String: Any]]]
    /// header.mustache and footer.mustache rendered once per current sector (the nav marks
    /// it): they are the same on thousands of pages, like Hugo's partialCached.
    private let chromeBySector: [String: (header: String, footer: String)]
    /// `static/logo.png`, the publisher's logo search engines show beside its stories.
    let publisherLogo: String?
    /// `site.image`, as shared (og:image, JSON-LD) where an article has no image: nil when
    /// unset, or a `/media/…` file not published.
    let siteImage: String?

    /// `hasDigests`: whether the site publishes the newsletters' archive (the footer links it).
    public init(model: SiteModel, templates: TemplateSet, hasDigests: Bool = false) {
        self.model = model
        self.templates = templates
        fields = ArticleSlots(count: model.articles.count)
        items = ArticleSlots(count: model.articles.count)
        texts = ArticleSlots(count: model.articles.count)
        let urls = SiteURLs(base: model.config.site.baseURL)
        self.urls = urls
        let s = model.config.site
        siteTitle = FrenchTypography.text(s.title)
        siteDescription = FrenchTypography.text(s.description)
        let names = Dictionary(model.config.sectors.map { ($0.slug, FrenchTypography.text($0.name)) }) { a, _ in a }
        sectorNames = names
        var site: [String: Any] = [
            "title": siteTitle, "description": siteDescription, "language": s.language,
            "url": urls.absolute(SiteURLs.home), "rss_url": urls.absolute(SiteURLs.rss),
            "json_feed_url": urls.absolute(SiteURLs.jsonFeed), "sitemap_url": urls.absolute(SiteURLs.sitemap),
            "calendar_url": urls.absolute(SiteURLs.calendar), "stylesheet_url": urls.absolute(templates.stylesheet),
            "favicon_url": urls.absolute("favicon.svg"),
            "year": model.civil.first.map { String($0.year) } ?? "",
            "header_menu": Self.menu(model, .header, urls), "footer_menu": Self.menu(model, .footer, urls),
            "has_header_menu": !model.menu(.header).isEmpty, "has_footer_menu": !model.menu(.footer).isEmpty,
        ]
        if hasDigests { site["digests_url"] = urls.absolute(SiteURLs.digests) }
        if let members = model.config.members {
            site["subscribe_url"] = members.links.subscribe
            site["subscribe_consent"] = FrenchTypography.text(members.consentText)
        }
        if let link = model.config.digest?.subscribeURL { site["subscribe_link"] = urls.resolve(link) }
        if model.config.search.enabled { site["search_url"] = urls.absolute(SiteURLs.search) }
        var navs: [String: [[String: Any]]] = [:]
        for current in [""] + model.config.sectors.map(\.slug) {
            navs[current] = model.config.sectors.map { sec in
                ["name": names[sec.slug]!, "slug": sec.slug, "url": urls.absolute(SiteURLs.sector(sec.slug)),
                 "rss_url": urls.absolute(SiteURLs.sectorRSS(sec.slug)), "current": sec.slug == current]
            }
        }
        self.site = site
        publisherLogo = templates.assets.contains { $0.path == "logo.png" } ? urls.absolute("logo.png") : nil
        siteImage = s.image.flatMap { Self.sharedURL($0, model.media, urls) }
        navBySector = navs
        var chrome: [String: (String, String)] = [:]
        for (current, nav) in navs {
            let ctx: [String: Any] = ["site": site, "nav": nav]
            chrome[current] = (templates.render(ctx, "header"), templates.render(ctx, "footer"))
        }
        chromeBySector = chrome
    }

    /// A menu's standalone pages, as links.
    static func menu(_ model: SiteModel, _ menu: StandalonePage.Menu, _ urls: SiteURLs) -> [[String: Any]] {
        model.menu(menu).map { ["title": FrenchTypography.text($0.title), "url": urls.absolute(SiteURLs.page($0))] }
    }

    /// The variables every HTML page gets: `site`, `nav`, `page`, `header_html`, `footer_html`.
    func page(_ page: [String: Any], currentSector: String = "") -> [String: Any] {
        let chrome = chromeBySector[currentSector] ?? chromeBySector[""]!
        return ["site": site, "nav": navBySector[currentSector] ?? navBySector[""]!, "page": page,
                "header_html": chrome.header, "footer_html": chrome.footer]
    }

    /// The head of a page; `title` and `description` are typeset here, whatever they are made of.
    func pageMeta(title: String, description: String, path: String?) -> [String: Any] {
        var p: [String: Any] = ["title": FrenchTypography.text(title), "description": FrenchTypography.text(description),
                                "og_type": "website"]
        if let path { p["canonical"] = urls.absolute(path) }
        if let image = siteImage { p["image"] = image }
        return p
    }

    /// A sector's name, typeset (its slug for a sector the configuration does not have).
    public func sectorName(_ slug: String) -> String { sectorNames[slug] ?? FrenchTypography.text(model.sectorName(slug)) }

    /// The article's words as pages print them, typeset on first use.
    public func text(_ i: Int) -> ArticleText {
        texts.value(i) { ArticleText(model.articles[i]) }
    }



    // MARK: list items

    /// A list item: its fields, plus `html`, item.mustache rendered once per article and
    /// shared by every list that shows it (sector page, day page, home).
    func item(_ i: Int) -> [String: Any] {
        items.value(i) {
            var d = itemFields(i)
            d["html"] = templates.render(d, "item")
            return d
        }
    }

    /// The item variables README.md lists, for an article's list entry.
    public func itemFields(_ i: Int) -> [String: Any] {
        fields.value(i) { makeItemFields(i) }
    }

    private func makeItemFields(_ i: Int) -> [String: Any] {
        let a = model.articles[i], t = text(i)
        let c = model.civil[i]
        var d: [String: Any] = [
            "title": t.title, "url": urls.absolute(a.path), "summary": t.summary,
            "date_iso": ISODate.format(c), "date_text": French.date(c.day_), "time_text": French.time(c),
            "datetime_text": "\(French.date(c.day_)) à \(French.time(c))",
            "sector_name": sectorName(a.sector), "sector_url": urls.absolute(SiteURLs.sector(a.sector)),
            "featured": a.featured,
        ]
        if let s = t.source { d["source"] = s }
        if let view = articleImage(a, t) { d["image"] = view }
        d["tags"] = tagLinks(a, t)
        d["has_tags"] = !a.tags.isEmpty
        return d
    }

    /// The article's tags as it writes them, each linking to its tag's page.
    func tagLinks(_ a: Article, _ t: ArticleText) -> [[String: Any]] {
        zip(a.tags, t.tags).compactMap { name, shown in
            let slug = model.tagSlugs[name] ?? SiteModel.Tag.slug(name)
            return slug.isEmpty ? nil : ["name": shown, "url": urls.absolute(SiteURLs.tag(slug))]
        }
    }

    /// Items grouped by sector in the configured order (home and day pages).
    func groups(_ indices: [Int]) -> [[String: Any]] {
        var bySector: [String: [Int]] = [:]
        for i in indices { bySector[model.articles[i].sector, default: []].append(i) }
        return model.config.sectors.compactMap { s in
            guard let list = bySector[s.slug], !list.isEmpty else { return nil }
            return ["name": sectorName(s.slug), "slug": s.slug, "url": urls.absolute(SiteURLs.sector(s.slug)),
                    "count_text": count(list.count), "articles": list.map(item)]
        }
    }

    /// The article's body as HTML, with site-root links under the base URL. Raw HTML in it
    /// (tables kept by `kiosque fetch`, an editor's markup) goes through the same allowlist
    /// as feed content: no script, no handler, no `javascript:`. Images of `content/media/`
    /// become `<picture>`s of their copies (a lone one a `<figure>`, captioned by its title).
    func bodyHTML(_ a: Article) -> String { bodyHTML(markdown: ContentLoader.body(of: a, root: model.config.root), media: a.media) }

    /// An editor's Markdown as HTML, sanitized like a feed's. `media`: the `/media/` paths it
    /// writes (`MediaReferences`); only bodies that write some pay for their images (a
    /// missing one must go, too).
    func bodyHTML(markdown: String, media: [String]) -> String {
        let image = media.isEmpty ? nil : { (i: Markdown.Image) in bodyImage(i) }
        return Markdown.html(markdown, root: urls.base, image: image) { [base = urls.base] in
            HTMLSanitizer.sanitize($0, base: base, typeset: true)
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
    /// `alt` and the caption are typeset here.
    func image(_ url: String, alt: String, caption: String?) -> [String: Any]? {
        guard let src = Self.sharedURL(url, model.media, urls) else { return nil }
        var d: [String: Any] = ["alt": FrenchTypography.text(alt), "src": src]
        if let (text, credit) = caption.map(Self.captionAndCredit) {
            d["caption"] = FrenchTypography.text(text)
            if let credit { d["credit"] = FrenchTypography.text(credit) }
        }
        guard let img = model.media.image(url, base: urls.base) else {
            d["src_480"] = src
            return d
        }
        let largest = img.largest
        d["src_480"] = urls.absolute(img.fitting(480).jpeg)
        d["srcset_webp"] = img.srcset(urls, webp: true)
        d["srcset_jpeg"] = img.srcset(urls, webp: false)
        d["width"] = largest.width
        d["height"] = largest.height
        return d
    }

    /// An article's image as lists and its page show it: described by `image_alt`, else the
    /// article's title; captioned by `image_caption`.
    func articleImage(_ a: Article, _ t: ArticleText) -> [String: Any]? {
        a.image.flatMap { image($0, alt: a.imageAlt ?? t.title, caption: a.imageCaption) }
    }

    /// The absolute URL an image is shared by (og:image, JSON-LD, JSON Feed): its largest
    /// JPEG copy; a remote image's URL; nil for a `/media/…` file the build does not publish.
    static func sharedURL(_ url: String, _ media: MediaCatalog, _ urls: SiteURLs) -> String? {
        if let img = media.image(url, base: urls.base) { return urls.absolute(img.largest.jpeg) }
        return url.hasPrefix("/" + MediaLibrary.folder + "/") ? nil : urls.resolve(url)
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
    func imageURL(_ a: Article) -> String? { a.image.flatMap { Self.sharedURL($0, model.media, urls) } }

    /// What og:image and JSON-LD show for an article: its image, else `site.image`.
    func shareImage(_ a: Article) -> String? { imageURL(a) ?? siteImage }

    /// The sector's RSS feed, announced in the page's head.
    func sectorFeed(_ slug: String) -> [String: Any] {
        ["title": "\(sectorName(slug)) · \(siteTitle)", "url": urls.absolute(SiteURLs.sectorRSS(slug))]
    }

    public func count(_ n: Int) -> String { n == 1 ? "1 article" : "\(n) articles" }

    func link(_ i: Int) -> [String: Any] {
        ["title": text(i).title, "url": urls.absolute(model.articles[i].path)]
    }

    func dayLink(_ d: Day) -> [String: Any] {
        ["text": French.longDate(d), "url": urls.absolute(SiteURLs.day(d))]
    }
}

/// What an article's title, summary, tags and source are once typeset: what every page,
/// feed and newsletter prints (the Markdown file keeps what the editor wrote).
public struct ArticleText: Sendable {
    public let title: String
    public let summary: String
    public let tags: [String]
    public let source: String?

    init(_ a: Article) {
        title = FrenchTypography.text(a.title)
        summary = FrenchTypography.text(a.summary)
        tags = a.tags.map(FrenchTypography.text)
        source = a.source.map(FrenchTypography.text)
    }
}

/// A value per article index (its rendered list item, its typeset text), made on first use
/// from any thread.
final class ArticleSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Value?>
    private let locks = (0..<64).map { _ in NSLock() }

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit { slots.deinitialize().deallocate() }

    func value(_ i: Int, make: () -> Value) -> Value {
        locks[i & 63].withLock {
            if let value = slots[i] { return value }
            let value = make()
            slots[i] = value
            return value
        }
    }
}
