import KiosqueCore

/// `/`: the newest articles, "à la une" first, then by sector.
enum HomePage: PageKind {
    static let count = 30

    struct Input: Sendable {
        var latest: [Int]
        var latestDay: Day?
    }

    static let template: (name: String, variables: TemplateScope)? = ("home", TemplateScope(extending: TemplateVariables.page, [
        .list("featured", "the articles \"à la une\" among the newest", of: TemplateVariables.listItem),
        .flag("has_featured", "true when `featured` has any"),
        .list("sections", "the other newest articles, by sector", of: TemplateVariables.sectorGroup),
        .object("latest_day", "the newest day with news", optional: true, TemplateVariables.dayLink),
        .flag("empty", "true when nothing is published"),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        [Input(latest: Array(site.model.articles.indices.prefix(count)), latestDay: site.model.days.last?.day)]
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.home) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, model = site.model
        let featured = input.latest.filter { model.articles[$0].featured }
        var ctx = views.page(views.pageMeta(title: site.siteTitle, description: views.siteDescription, path: SiteURLs.home))
        ctx["featured"] = featured.map(views.item)
        ctx["has_featured"] = !featured.isEmpty
        ctx["sections"] = views.groups(input.latest.filter { !model.articles[$0].featured })
        ctx["empty"] = input.latest.isEmpty
        if let day = input.latestDay { ctx["latest_day"] = views.dayLink(day) }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.articles(input.latest)
        s.day(input.latestDay)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.articles.first.map { [Sitemaps.Entry(path: SiteURLs.home, lastmod: $0.date)] } ?? []
    }
}
