import KiosqueCore
import Site

/// Which articles a day's newsletter carries, in reading order: the featured ones ("À la
/// une"), then the others by sector in the configured order (each list newest first, as on
/// the site's day page).
public struct DigestSelection: Sendable {
    public let day: Day
    /// Indices into the model's articles.
    public let featured: [Int]
    public let sections: [(slug: String, articles: [Int])]

    public init(model: SiteModel, day: Day) {
        self.day = day
        let all = model.days.first { $0.day == day }?.articles ?? []
        featured = all.filter { model.articles[$0].featured }
        var bySector: [String: [Int]] = [:]
        for i in all where !model.articles[i].featured { bySector[model.articles[i].sector, default: []].append(i) }
        sections = model.config.sectors.compactMap { s in bySector[s.slug].map { (s.slug, $0) } }
    }

    public var count: Int { featured.count + sections.reduce(0) { $0 + $1.articles.count } }
    public var isEmpty: Bool { count == 0 }

    /// Every article, in reading order.
    public var ordered: [Int] { featured + sections.flatMap(\.articles) }
}
