import KiosqueCore

/// `/secteurs/<slug>/`, `/secteurs/<slug>/page/N/`: a sector, newest first, 20 a page.
enum SectorPage: PageKind {
    typealias Input = PagedList

    static let template: (name: String, variables: TemplateScope)? = ("sector", TemplateScope(extending: TemplateVariables.page, [
        .object("sector", "the sector", TemplateScope([
            .text("name", "its name"),
            .text("slug", "its slug"),
            .text("url", "its first page"),
            .text("rss_url", "its RSS feed"),
        ])),
        .list("articles", "this page's articles, newest first", of: TemplateVariables.listItem),
        .flag("empty", "true when the sector has no article"),
        .object("pagination", "where this page is", PagedList.paginationVariables),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        site.config.sectors.flatMap { PagedList.pages($0.slug, site.model.bySector[$0.slug] ?? []) }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String {
        SiteURLs.file(for: SiteURLs.sector(input.slug, page: input.number))
    }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls, slug = input.slug, number = input.number
        let name = views.sectorName(slug)
        let title = number == 1 ? "\(name) · \(site.siteTitle)" : "\(name), page \(number) · \(site.siteTitle)"
        var meta = views.pageMeta(title: title, description: "\(name) : toute l’actualité, \(views.count(input.total)).",
                                  path: SiteURLs.sector(slug, page: number))
        meta["alternate_rss"] = views.sectorFeed(slug)
        var ctx = views.page(meta, currentSector: slug)
        ctx["sector"] = ["name": name, "slug": slug, "url": urls.absolute(SiteURLs.sector(slug)),
                         "rss_url": urls.absolute(SiteURLs.sectorRSS(slug))]
        ctx["articles"] = input.articles.map(views.item)
        ctx["empty"] = input.total == 0
        ctx["pagination"] = input.pagination(views) { urls.absolute(SiteURLs.sector(slug, page: $0)) }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) { input.sign(&s) }

    /// Each sector's first page.
    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.config.sectors.compactMap { s in
            site.model.bySector[s.slug]?.first.map { Sitemaps.Entry(path: SiteURLs.sector(s.slug), lastmod: site.model.articles[$0].date) }
        }
    }
}
