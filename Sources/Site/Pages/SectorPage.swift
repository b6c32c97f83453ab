import KiosqueCore

/// `/secteurs/<slug>/`, `/secteurs/<slug>/page/N/`: a sector, newest first, 20 a page.
enum SectorPage: PageKind {
    static let perPage = 20

    struct Input: Sendable {
        var slug: String
        var number: Int
        var pages: Int
        /// How many articles the sector has in all.
        var total: Int
        var articles: ArraySlice<Int>
    }

    static let template: (name: String, variables: TemplateScope)? = ("sector", TemplateScope(extending: TemplateVariables.page, [
        .object("sector", "the sector", TemplateScope([
            .text("name", "its name"),
            .text("slug", "its slug"),
            .text("url", "its first page"),
            .text("rss_url", "its RSS feed"),
        ])),
        .list("articles", "this page's articles, newest first", of: TemplateVariables.listItem),
        .flag("empty", "true when the sector has no article"),
        .object("pagination", "where this page is", TemplateScope([
            .number("page", "this page's number"),
            .number("pages", "how many pages"),
            .flag("many", "true when there is more than one"),
            .text("count_text", "`Page 2 sur 5 · 87 articles`"),
            .text("prev_url", "the newer page", optional: true),
            .text("next_url", "the older page", optional: true),
            .list("links", "the first, the last and the pages around this one", of: TemplateScope([
                .number("number", "the page's number", optional: true),
                .text("url", "its URL", optional: true),
                .flag("current", "true for this page", optional: true),
                .flag("gap", "true in place of the pages left out (then alone)", optional: true),
            ])),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        site.config.sectors.flatMap { s -> [Input] in
            let all = site.model.bySector[s.slug] ?? []
            let pages = max(1, (all.count + perPage - 1) / perPage)
            return (1...pages).map { n in
                Input(slug: s.slug, number: n, pages: pages, total: all.count,
                      articles: all.dropFirst((n - 1) * perPage).prefix(perPage))
            }
        }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String {
        SiteURLs.file(for: SiteURLs.sector(input.slug, page: input.number))
    }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls, slug = input.slug, number = input.number, pages = input.pages
        let name = site.model.sectorName(slug)
        let title = number == 1 ? "\(name) · \(site.siteTitle)" : "\(name), page \(number) · \(site.siteTitle)"
        var meta = views.pageMeta(title: title, description: "\(name) : toute l’actualité, \(views.count(input.total)).",
                                  path: SiteURLs.sector(slug, page: number))
        meta["alternate_rss"] = views.sectorFeed(slug)
        var ctx = views.page(meta, currentSector: slug)
        ctx["sector"] = ["name": name, "slug": slug, "url": urls.absolute(SiteURLs.sector(slug)),
                         "rss_url": urls.absolute(SiteURLs.sectorRSS(slug))]
        ctx["articles"] = input.articles.map(views.item)
        ctx["empty"] = input.total == 0
        var pg: [String: Any] = [
            "page": number, "pages": pages, "many": pages > 1,
            "count_text": "Page \(number) sur \(pages) · \(views.count(input.total))",
            "links": pageLinks(current: number, pages: pages) { urls.absolute(SiteURLs.sector(slug, page: $0)) },
        ]
        if number > 1 { pg["prev_url"] = urls.absolute(SiteURLs.sector(slug, page: number - 1)) }
        if number < pages { pg["next_url"] = urls.absolute(SiteURLs.sector(slug, page: number + 1)) }
        ctx["pagination"] = pg
        return ctx
    }

    /// First, last and the pages around the current one, with gaps marked: a sector of
    /// 500 pages does not print 500 links on each.
    static func pageLinks(current: Int, pages: Int, url: (Int) -> String) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var last = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - current) <= 2 {
            if n > last + 1 { out.append(["gap": true]) }
            out.append(["number": n, "url": url(n), "current": n == current])
            last = n
        }
        return out
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.slug)
        s.add(input.number)
        s.add(input.total)
        s.articles(input.articles)
    }

    /// Each sector's first page.
    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.config.sectors.compactMap { s in
            site.model.bySector[s.slug]?.first.map { Sitemaps.Entry(path: SiteURLs.sector(s.slug), lastmod: site.model.articles[$0].date) }
        }
    }
}
