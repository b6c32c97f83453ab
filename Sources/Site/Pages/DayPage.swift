import KiosqueCore

/// `/dates/YYYY/MM/DD/`: every article of a day (site time zone), by sector, with the days
/// before and after that have news.
enum DayPage: PageKind {
    struct Input: Sendable {
        var day: Day
        /// Newest first.
        var articles: [Int]
        var prev: Day?
        var next: Day?
    }

    static let template: (name: String, variables: TemplateScope)? = ("day", TemplateScope(extending: TemplateVariables.page, [
        .object("day", "the day", TemplateScope([
            .text("text", "`vendredi 6 février 2026`"),
            .text("iso", "`2026-02-06`"),
            .text("count_text", "`12 articles`"),
            .object("prev", "the previous day with news", optional: true, TemplateVariables.dayLink),
            .object("next", "the next day with news", optional: true, TemplateVariables.dayLink),
        ])),
        .list("groups", "the day's articles, by sector", of: TemplateVariables.sectorGroup),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        let days = site.model.days
        return days.indices.map { k in
            Input(day: days[k].day, articles: days[k].articles,
                  prev: k > 0 ? days[k - 1].day : nil, next: k + 1 < days.count ? days[k + 1].day : nil)
        }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String {
        SiteURLs.file(for: SiteURLs.day(input.day))
    }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views
        let text = French.longDate(input.day)
        var ctx = views.page(views.pageMeta(title: "L’actualité du \(text) · \(site.siteTitle)",
                                            description: "Toute l’actualité du \(text) : \(views.count(input.articles.count)).",
                                            path: SiteURLs.day(input.day)))
        var d: [String: Any] = ["text": text, "iso": input.day.description, "count_text": views.count(input.articles.count)]
        if let prev = input.prev { d["prev"] = views.dayLink(prev) }
        if let next = input.next { d["next"] = views.dayLink(next) }
        ctx["day"] = d
        ctx["groups"] = views.groups(input.articles)
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.day(input.day)
        s.articles(input.articles)
        s.day(input.prev)
        s.day(input.next)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.days.map { Sitemaps.Entry(path: SiteURLs.day($0.day), lastmod: site.model.articles[$0.articles[0]].date) }
    }
}
