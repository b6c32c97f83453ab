import Foundation

/// A small archive written for the search tests: each article is the only right answer to
/// some query (by its accents, elisions, plurals, stems, sector, tag or date).
enum SearchSite {
    struct Article {
        var slug: String
        var title: String
        var date: String
        var sector: String
        var tags: [String] = []
        var summary: String
        var body: String
    }

    static let articles: [Article] = [
        Article(slug: "bceao-taux-directeur", title: "La BCEAO maintient son taux directeur à 3,25 %", date: "2026-02-10T10:00:00Z",
                sector: "economie", tags: ["Taux directeur", "BCEAO"],
                summary: "Le comité de politique monétaire juge l’inflation maîtrisée dans l’Union.",
                body: "Réuni à Dakar, le comité de politique monétaire a laissé inchangé le principal taux de la banque centrale. Les membres estiment que la hausse des prix reste contenue.\n"),
        Article(slug: "cacao-prix-bord-champ", title: "Cacao : la Côte d’Ivoire relève le prix bord champ", date: "2026-02-12T08:30:00Z",
                sector: "marches", tags: ["Cacao"],
                summary: "Les producteurs toucheront davantage pour la campagne intermédiaire.",
                body: "Le Conseil du café-cacao a annoncé un prix garanti plus élevé. Les planteurs de San Pedro saluent une mesure attendue depuis la fin de la récolte principale.\n"),
        Article(slug: "sonatel-dividendes", title: "La Sonatel verse des dividendes record à ses actionnaires", date: "2026-01-20T09:00:00Z",
                sector: "marches", summary: "Le dividende par action progresse pour la cinquième année.",
                body: "L’opérateur sénégalais distribuera une part importante de son bénéfice net. Les petits porteurs de la place d’Abidjan s’en félicitent.\n"),
        Article(slug: "senegal-solaire", title: "Sénégal : l’électricité produite par le solaire progresse", date: "2026-02-02T14:00:00Z",
                sector: "energie", summary: "Les centrales photovoltaïques fournissent désormais un cinquième du réseau.",
                body: "La Senelec raccorde deux nouveaux parcs près de Kaolack. Le courant ainsi produit remplace une partie du fioul importé.\n"),
        Article(slug: "uemoa-prix", title: "L’inflation ralentit dans l’UEMOA en janvier", date: "2026-02-15T11:00:00Z",
                sector: "economie", summary: "Les prix à la consommation augmentent moins vite qu’en décembre.",
                body: "L’institut régional de la statistique relève une détente des prix alimentaires. Le riz importé coûte moins cher sur les marchés de Ouagadougou.\n"),
        Article(slug: "nigeria-brut", title: "Le Nigeria augmente sa production de pétrole brut", date: "2026-01-05T07:00:00Z",
                sector: "energie", summary: "Les terminaux du delta tournent de nouveau à plein régime.",
                body: "La compagnie nationale annonce plus d’un million et demi de barils par jour. Les vols sur les oléoducs ont nettement reculé.\n"),
        Article(slug: "benin-eurobond", title: "Le Bénin lève 500 millions d’euros sur le marché international", date: "2026-02-20T16:00:00Z",
                sector: "economie", tags: ["Dette"], summary: "L’emprunt à douze ans a été sursouscrit trois fois.",
                body: "Cotonou rembourse ainsi par anticipation des titres plus coûteux. Les investisseurs européens ont pris la moitié de l’émission.\n"),
        Article(slug: "burkina-coton", title: "Coton : le Burkina Faso espère une récolte abondante", date: "2025-12-15T10:00:00Z",
                sector: "marches", summary: "Les pluies régulières ont favorisé les semis dans l’ouest du pays.",
                body: "La société cotonnière prévoit une production en hausse. Les égreneuses de Bobo-Dioulasso tourneront jusqu’en mars.\n"),
        Article(slug: "banques-exportateurs", title: "Les banques ivoiriennes financent davantage les exportateurs", date: "2026-02-25T09:30:00Z",
                sector: "economie", summary: "Le crédit aux entreprises qui vendent à l’étranger progresse en Côte d’Ivoire.",
                body: "Les établissements d’Abidjan proposent des préfinancements de campagne. Exporter devient moins coûteux pour les coopératives.\n"),
        Article(slug: "mali-orpaillage", title: "Mali : l’État encadre l’orpaillage artisanal", date: "2026-02-08T12:00:00Z",
                sector: "energie", summary: "Un nouveau code impose des permis aux sites d’extraction d’or.",
                body: "Les autorités de Bamako veulent mieux suivre la production et la vente du métal jaune.\n"),
        Article(slug: "brvm-semaine", title: "BRVM : la bourse d’Abidjan termine la semaine en hausse", date: "2026-02-27T17:30:00Z",
                sector: "marches", summary: "L’indice composite gagne près de deux points.",
                body: "Les valeurs bancaires mènent la séance. Les volumes restent modestes à l’approche de la publication des comptes annuels.\n"),
        Article(slug: "mauritanie-gaz", title: "Mauritanie : premières cargaisons de gaz naturel liquéfié", date: "2026-02-18T06:45:00Z",
                sector: "energie", summary: "Le champ offshore partagé avec le Sénégal entre en production.",
                body: "Un méthanier a quitté la plateforme au large de Nouakchott. Les recettes attendues pèseront dans le budget de l’État.\n"),
    ]

    /// A site holding `articles`, not built.
    static func make(extraConfig: String = "") throws -> TempSite {
        let site = try TempSite(extraConfig: extraConfig)
        for a in articles { try write(a, into: site) }
        return site
    }

    static func write(_ a: Article, into site: TempSite) throws {
        try site.article(a.slug, title: a.title, date: a.date, sector: a.sector, summary: a.summary, tags: a.tags, body: a.body)
    }

    /// `articles/2026/02/10/bceao-taux-directeur/`, as a hit's URL path ends.
    static func path(_ slug: String) -> String {
        let a = articles.first { $0.slug == slug }!
        return "/articles/\(TempSite.utcFolder(of: a.date))/\(slug)/"
    }
}
