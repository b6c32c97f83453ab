import Content
import KiosqueCore

/// `/articles/YYYY/MM/DD/<slug>/`: one article, with its neighbours in its sector.
enum ArticlePage: PageKind {
    struct Input: Sendable {
        var index: Int
        var older: Int?
        var newer: Int?
        /// Why the preview shows it (`kiosque serve`).
        var banner: String?
    }

    static let template: (name: String, variables: TemplateScope)? = ("article", TemplateScope(extending: TemplateVariables.page, [
        .object("article", "the article", TemplateScope(extending: TemplateVariables.item, [
            .html("body_html", "the body, sanitized"),
            .text("long_date_text", "`vendredi 6 février 2026 à 9 h 30`"),
            .text("day_url", "its day's page"),
            .text("day_text", "its day, `vendredi 6 février 2026`"),
            .text("source_url", "the original's absolute URL", optional: true),
            .object("older", "the previous article in its sector", optional: true, TemplateVariables.link),
            .object("newer", "the next article in its sector", optional: true, TemplateVariables.link),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        site.model.articles.indices.map { i in
            let (older, newer) = site.model.neighbours(i)
            return Input(index: i, older: older, newer: newer, banner: site.model.previewBanner(i))
        }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: site.model.articles[input.index].path) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls, i = input.index
        let a = site.model.articles[i], text = views.text(i)
        let c = site.model.civil[i]
        let sectorName = views.sectorName(a.sector)
        var meta = views.pageMeta(title: "\(text.title) · \(site.siteTitle)", description: text.summary, path: a.path)
        meta["og_type"] = "article"
        meta["og_title"] = text.title
        if let banner = input.banner { meta["preview_banner"] = FrenchTypography.text(banner) }
        meta["published_time"] = ISODate.format(c)
        meta["section"] = sectorName
        meta["tags"] = text.tags
        meta["alternate_rss"] = views.sectorFeed(a.sector)
        if let img = a.image { meta["image"] = urls.resolve(img) }
        meta["json_ld"] = JSONLD.newsArticle(a, text: text, civil: c, sectorName: sectorName, urls: urls, site: site.config.site,
                                             siteTitle: site.siteTitle, image: a.image.map(urls.resolve), logo: views.publisherLogo)
        var art = views.itemFields(i)
        art["body_html"] = views.bodyHTML(a)
        art["long_date_text"] = French.longDateTime(c)
        art["day_url"] = urls.absolute(SiteURLs.day(c.day_))
        art["day_text"] = French.longDate(c.day_)
        if let u = a.sourceURL { art["source_url"] = urls.resolve(u) }
        if let older = input.older { art["older"] = views.link(older) }
        if let newer = input.newer { art["newer"] = views.link(newer) }
        var ctx = views.page(meta, currentSector: a.sector)
        ctx["article"] = art
        return ctx
    }

    /// The previous/next links show the neighbours' titles.
    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.article(input.index)
        s.add(input.banner ?? "")
        s.article(input.older)
        s.article(input.newer)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.articles.map { Sitemaps.Entry(path: $0.path, lastmod: $0.date) }
    }

    static func article(_ input: Input) -> Int? { input.index }
}
