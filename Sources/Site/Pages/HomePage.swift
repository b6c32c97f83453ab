import KiosqueCore

/// `/`: a newspaper's front page. A date line; the lead story with its picture and the other
/// stories "à la une"; "En continu", the latest headlines; each sector's newest stories as a
/// compact list; the latest newsletter.
enum HomePage: PageKind {
    /// Newest articles looked at for the stories "à la une".
    static let window = 30
    static let featuredCount = 4
    static let latestCount = 15
    static let perSector = 4

    struct Input: Sendable {
        var today: Day
        var lead: Int?
        var featured: [Int]
        var latest: [Int]
        /// By sector, in the configured order; sectors without articles left out.
        var sectors: [(slug: String, articles: [Int], total: Int)]
        var latestDay: Day?
        var latestDigest: Day?
    }

    static let template: (name: String, variables: TemplateScope)? = ("home", TemplateScope(extending: TemplateVariables.page, [
        .text("date_line", "today's date in the site's zone, `mardi 1er décembre 2026`"),
        .object("updated", "when the newest article was published", optional: true, TemplateScope([
            .text("iso", "`2026-12-01T09:30:00Z`, with the site's offset"),
            .text("text", "`9 h 30` today, `30 novembre 2026 à 9 h 30` before"),
        ])),
        .object("lead", "the lead story: the newest \"à la une\" with a picture, else the newest \"à la une\", else the newest with a picture, else the newest",
                optional: true, TemplateVariables.listItem),
        .list("featured", "the other stories \"à la une\" among the \(window) newest (up to \(featuredCount))", of: TemplateVariables.listItem),
        .flag("has_featured", "true when `featured` has any"),
        .list("latest", "\"En continu\": the \(latestCount) newest articles after those", of: TemplateScope(
            label: "item", extending: TemplateVariables.listItem, [.text("when_text", "`9 h 30` today, `28 nov.` before")])),
        .list("sections", "each sector's \(perSector) newest articles (sectors without any left out)", of: TemplateVariables.sectorGroup),
        .object("latest_day", "the newest day with news", optional: true, TemplateVariables.dayLink),
        .object("latest_digest", "the newest newsletter's web version", optional: true, TemplateVariables.dayLink),
        .flag("empty", "true when nothing is published"),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        let model = site.model
        let newest = model.articles.indices.prefix(window)
        let featured = newest.filter { model.articles[$0].featured }
        let pictured = { (i: Int) in model.articles[i].image != nil }
        let lead = featured.first(where: pictured) ?? featured.first ?? newest.first(where: pictured) ?? newest.first
        let others = Array(featured.filter { $0 != lead }.prefix(featuredCount))
        let shown = Set(others + [lead].compactMap { $0 })
        let latest = Array(model.articles.indices.lazy.filter { !shown.contains($0) }.prefix(latestCount))
        let sectors = model.config.sectors.compactMap { s -> (String, [Int], Int)? in
            let list = model.bySector[s.slug] ?? []
            return list.isEmpty ? nil : (s.slug, Array(list.prefix(perSector)), list.count)
        }
        return [Input(today: model.config.site.timeZone.civil(model.rules.now).day_, lead: lead, featured: others,
                      latest: latest, sectors: sectors, latestDay: model.days.last?.day, latestDigest: site.digests.last?.day)]
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.home) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, model = site.model, urls = site.urls
        var ctx = views.page(views.pageMeta(title: site.siteTitle, description: views.siteDescription, path: SiteURLs.home))
        ctx["date_line"] = French.longDate(input.today)
        if let newest = model.articles.indices.first {
            let c = model.civil[newest]
            ctx["updated"] = ["iso": ISODate.format(c),
                              "text": c.day_ == input.today ? French.time(c) : "\(French.date(c.day_)) à \(French.time(c))"]
        }
        if let lead = input.lead { ctx["lead"] = views.item(lead) }
        ctx["featured"] = input.featured.map(views.item)
        ctx["has_featured"] = !input.featured.isEmpty
        ctx["latest"] = input.latest.map { i -> [String: Any] in
            var item = views.item(i)
            let c = model.civil[i]
            item["when_text"] = c.day_ == input.today ? French.time(c) : French.shortDayMonth(c.day_)
            return item
        }
        ctx["sections"] = input.sectors.map { s -> [String: Any] in
            ["name": views.sectorName(s.slug), "slug": s.slug, "url": urls.absolute(SiteURLs.sector(s.slug)),
             "count_text": views.count(s.total), "articles": s.articles.map(views.item)]
        }
        ctx["empty"] = model.articles.isEmpty
        if let day = input.latestDay { ctx["latest_day"] = views.dayLink(day) }
        if let day = input.latestDigest {
            ctx["latest_digest"] = ["text": French.longDate(day), "url": urls.absolute(SiteURLs.digest(day))]
        }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.day(input.today)
        s.article(input.lead)
        s.articles(input.featured)
        s.articles(input.latest)
        for sector in input.sectors {
            s.add(sector.slug)
            s.add(sector.total)
            s.articles(sector.articles)
        }
        s.day(input.latestDay)
        s.day(input.latestDigest)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.articles.first.map { [Sitemaps.Entry(path: SiteURLs.home, lastmod: $0.date)] } ?? []
    }
}
