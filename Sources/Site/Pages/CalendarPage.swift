import KiosqueCore

/// `/dates/`: every month with news, newest first, as a calendar of days.
enum CalendarPage: PageKind {
    /// Every day with news, and how many articles it has.
    struct Input: Sendable {
        var days: [(day: Day, count: Int)]
    }

    static let template: (name: String, variables: TemplateScope)? = ("calendar", TemplateScope(extending: TemplateVariables.page, [
        .list("months", "every month with news, newest first", of: TemplateScope([
            .text("label", "`novembre 2026`"),
            .text("count_text", "`87 articles`"),
            .list("weeks", "Monday-first weeks", of: TemplateScope([
                .list("days", "seven cells", of: TemplateScope([
                    .text("text", "the day of the month (absent on the cells before the 1st and after the last)", optional: true),
                    .text("url", "the day's page, on days with news", optional: true),
                    .text("title", "`vendredi 6 février 2026 : 12 articles`, on days with news", optional: true),
                ])),
            ])),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        [Input(days: site.model.days.map { ($0.day, $0.articles.count) })]
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.calendar) }

    /// Months, newest first, as Monday-first weeks of day cells.
    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls
        var ctx = views.page(views.pageMeta(title: "Les archives, jour par jour · \(site.siteTitle)",
                                            description: "Toutes les journées d’actualité de \(site.siteTitle).", path: SiteURLs.calendar))
        var byMonth: [Int: [Day: Int]] = [:]
        for (day, n) in input.days { byMonth[day.year * 12 + day.month - 1, default: [:]][day] = n }
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
                    cell["title"] = FrenchTypography.text("\(French.longDate(day)) : \(views.count(n))")
                }
                cells.append(cell)
            }
            while cells.count % 7 != 0 { cells.append([:]) }
            let weeks = stride(from: 0, to: cells.count, by: 7).map { ["days": Array(cells[$0..<($0 + 7)])] }
            return ["label": French.monthYear(year: year, month: month), "weeks": weeks,
                    "count_text": views.count(counts.values.reduce(0, +))]
        }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        for (day, n) in input.days {
            s.day(day)
            s.add(n)
        }
    }
}
