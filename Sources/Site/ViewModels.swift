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
        return d
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

    // MARK: pages

    func home() -> [String: Any] {
        let latest = Array(model.articles.indices.prefix(SiteRenderer.homeCount))
        let featured = latest.filter { model.articles[$0].featured }
        let meta = pageMeta(title: siteTitle, description: model.config.site.description, path: SiteURLs.home)
        var ctx = page(meta)
        ctx["featured"] = featured.map(item)
        ctx["has_featured"] = !featured.isEmpty
        ctx["sections"] = groups(latest.filter { !model.articles[$0].featured })
        ctx["empty"] = latest.isEmpty
        if let last = model.days.last { ctx["latest_day"] = dayLink(last.day) }
        return ctx
    }

    func article(_ i: Int) -> [String: Any] {
        let a = model.articles[i]
        let c = model.civil[i]
        let sectorName = model.sectorName(a.sector)
        var meta = pageMeta(title: "\(a.title) · \(siteTitle)", description: a.summary, path: a.path)
        meta["og_type"] = "article"
        meta["og_title"] = a.title
        if let banner = model.previewBanner(i) { meta["preview_banner"] = banner }
        meta["published_time"] = ISODate.format(c)
        meta["section"] = sectorName
        meta["tags"] = a.tags
        meta["alternate_rss"] = sectorFeed(a.sector)
        if let img = a.image { meta["image"] = urls.resolve(img) }
        meta["json_ld"] = JSONLD.newsArticle(a, civil: c, sectorName: sectorName, urls: urls, site: model.config.site,
                                             image: a.image.map(urls.resolve))
        var art = itemFields(i)
        art["body_html"] = bodyHTML(a)
        art["long_date_text"] = French.longDateTime(c)
        art["day_url"] = urls.absolute(SiteURLs.day(c.day_))
        art["day_text"] = French.longDate(c.day_)
        art["tags"] = a.tags
        art["has_tags"] = !a.tags.isEmpty
        if let u = a.sourceURL { art["source_url"] = urls.resolve(u) }
        let (older, newer) = model.neighbours(i)
        if let older { art["older"] = link(older) }
        if let newer { art["newer"] = link(newer) }
        var ctx = page(meta, currentSector: a.sector)
        ctx["article"] = art
        return ctx
    }

    func sector(_ slug: String, page number: Int) -> [String: Any] {
        let all = model.bySector[slug] ?? []
        let per = SiteRenderer.perPage
        let pages = max(1, (all.count + per - 1) / per)
        let slice = all.dropFirst((number - 1) * per).prefix(per)
        let name = model.sectorName(slug)
        let title = number == 1 ? "\(name) · \(siteTitle)" : "\(name), page \(number) · \(siteTitle)"
        var meta = pageMeta(title: title, description: "\(name) : toute l’actualité, \(count(all.count)).",
                            path: SiteURLs.sector(slug, page: number))
        meta["alternate_rss"] = sectorFeed(slug)
        var ctx = page(meta, currentSector: slug)
        ctx["sector"] = ["name": name, "slug": slug, "url": urls.absolute(SiteURLs.sector(slug)),
                         "rss_url": urls.absolute(SiteURLs.sectorRSS(slug))]
        ctx["articles"] = slice.map(item)
        ctx["empty"] = all.isEmpty
        var pg: [String: Any] = [
            "page": number, "pages": pages, "many": pages > 1,
            "count_text": "Page \(number) sur \(pages) · \(count(all.count))",
            "links": pageLinks(current: number, pages: pages) { urls.absolute(SiteURLs.sector(slug, page: $0)) },
        ]
        if number > 1 { pg["prev_url"] = urls.absolute(SiteURLs.sector(slug, page: number - 1)) }
        if number < pages { pg["next_url"] = urls.absolute(SiteURLs.sector(slug, page: number + 1)) }
        ctx["pagination"] = pg
        return ctx
    }

    /// First, last and the pages around the current one, with gaps marked: a sector of
    /// 500 pages does not print 500 links on each.
    func pageLinks(current: Int, pages: Int, url: (Int) -> String) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var last = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - current) <= 2 {
            if n > last + 1 { out.append(["gap": true]) }
            out.append(["number": n, "url": url(n), "current": n == current])
            last = n
        }
        return out
    }

    func day(_ k: Int) -> [String: Any] {
        let g = model.days[k]
        let text = French.longDate(g.day)
        var ctx = page(pageMeta(title: "L’actualité du \(text) · \(siteTitle)",
                                description: "Toute l’actualité du \(text) : \(count(g.articles.count)).",
                                path: SiteURLs.day(g.day)))
        var d: [String: Any] = ["text": text, "iso": g.day.description, "count_text": count(g.articles.count)]
        if k > 0 { d["prev"] = dayLink(model.days[k - 1].day) }
        if k + 1 < model.days.count { d["next"] = dayLink(model.days[k + 1].day) }
        ctx["day"] = d
        ctx["groups"] = groups(g.articles)
        return ctx
    }

    /// Months, newest first, as Monday-first weeks of day cells.
    func calendar() -> [String: Any] {
        var ctx = page(pageMeta(title: "Les archives, jour par jour · \(siteTitle)",
                                description: "Toutes les journées d’actualité de \(siteTitle).", path: SiteURLs.calendar))
        var byMonth: [Int: [Day: Int]] = [:]
        for g in model.days { byMonth[g.day.year * 12 + g.day.month - 1, default: [:]][g.day] = g.articles.count }
        ctx["months"] = byMonth.keys.sorted(by: >).map { key -> [String: Any] in
            let year = key / 12, month = key % 12 + 1
            let counts = byMonth[key]!
            let first = Day(year: year, month: month, day: 1)
            var cells: [[String: Any]] = Array(repeating: [:], count: (first.weekday + 6) % 7)
            for d in 1...Day.count(inMonth: month, year: year) {
                let day = Day(year: year, month: month, day: d)
                var cell: [String: Any] = ["text": String(d)]
                if let n = counts[day] {
                    cell["url"] = urls.absolute(SiteURLs.day(day))
                    cell["title"] = "\(French.longDate(day)) : \(count(n))"
                }
                cells.append(cell)
            }
            while cells.count % 7 != 0 { cells.append([:]) }
            let weeks = stride(from: 0, to: cells.count, by: 7).map { ["days": Array(cells[$0..<($0 + 7)])] }
            return ["label": French.monthYear(year: year, month: month), "weeks": weeks,
                    "count_text": count(counts.values.reduce(0, +))]
        }
        return ctx
    }

    /// The newsletter archive: every digest, newest first.
    func digestArchive(_ days: [Day]) -> [String: Any] {
        var ctx = page(pageMeta(title: "La lettre quotidienne, numéro par numéro · \(siteTitle)",
                                description: "Toutes les lettres quotidiennes de \(siteTitle).", path: SiteURLs.digests))
        ctx["digests"] = days.reversed().map { ["text": French.longDate($0), "iso": $0.description,
                                                "url": urls.absolute(SiteURLs.digest($0))] }
        return ctx
    }

    func notFound() -> [String: Any] {
        var meta = pageMeta(title: "Page introuvable · \(siteTitle)", description: model.config.site.description, path: nil)
        meta["noindex"] = true
        return page(meta)
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
