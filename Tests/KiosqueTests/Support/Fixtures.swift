import Foundation
import Testing

/// The small site most page tests look at (Africa/Abidjan, base https://www.example.com/):
///
/// - 2026-02-05 08:00 economie  `budget`      (tags, source, source_url, quotes in the body)
/// - 2026-02-06 09:30 economie  `inflation`   featured, no source
/// - 2026-02-06 11:00 marches   `brvm`
/// - 2026-02-08 07:15 energie   `solaire`     featured
/// - 2026-02-08 10:00 economie  `croissance`
///
/// No article on 2026-02-07; no article in a sector of its own besides these.
enum SmallSite {
    static let base = "https://www.example.com/"

    struct Item {
        var slug: String
        var title: String
        var date: String
        var sector: String
        var path: String { "articles/\(TempSite.utcFolder(of: date))/\(slug)/" }
        var url: String { SmallSite.base + path }
        var file: String { path + "index.html" }
    }

    static let budget = Item(slug: "budget", title: "Le budget 2026 est adopté", date: "2026-02-05T08:00:00Z", sector: "economie")
    static let inflation = Item(slug: "inflation", title: "L’inflation ralentit en janvier", date: "2026-02-06T09:30:00Z", sector: "economie")
    static let brvm = Item(slug: "brvm", title: "La BRVM progresse de 1 %", date: "2026-02-06T11:00:00Z", sector: "marches")
    static let solaire = Item(slug: "solaire", title: "Le solaire en forte hausse", date: "2026-02-08T07:15:00Z", sector: "energie")
    static let croissance = Item(slug: "croissance", title: "La croissance se confirme", date: "2026-02-08T10:00:00Z", sector: "economie")

    /// Newest first.
    static let all = [croissance, solaire, brvm, inflation, budget]

    static let budgetBody = """
    Le ministre a dit "c'est historique" -- vraiment.

    Une [annexe](https://budget.example/annexe) détaille les chiffres.

    <script>alert("x")</script>

    """

    /// Writes and builds the site; the caller removes it.
    static func make(baseURL: String = base) throws -> TempSite {
        let site = try TempSite(title: "Le Kiosque de test", baseURL: baseURL, description: "L’actualité de test")
        try site.article(budget.slug, title: budget.title, date: budget.date, sector: budget.sector,
                         summary: "Le Parlement adopte le budget.", tags: ["budget", "loi-de-finances"],
                         source: "APS", sourceURL: "https://aps.example/budget-2026", body: budgetBody)
        try site.article(inflation.slug, title: inflation.title, date: inflation.date, sector: inflation.sector,
                         summary: "Les prix ralentissent.", featured: true)
        try site.article(brvm.slug, title: brvm.title, date: brvm.date, sector: brvm.sector, summary: "La bourse monte.")
        try site.article(solaire.slug, title: solaire.title, date: solaire.date, sector: solaire.sector,
                         summary: "Le solaire progresse.", featured: true)
        try site.article(croissance.slug, title: croissance.title, date: croissance.date, sector: croissance.sector,
                         summary: "La croissance tient.")
        try site.build()
        return site
    }
}
