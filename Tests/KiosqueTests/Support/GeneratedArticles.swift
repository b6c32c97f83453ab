import Foundation

/// Many plausible articles for the tests that need a site of some size (kill tests): titles
/// and bodies assembled from short French phrases, deterministic from their number.
enum GeneratedArticles {
    static let subjects = [
        "La BRVM", "La BCEAO", "Le franc CFA", "Le cacao ivoirien", "La Sonatel", "L’or malien",
        "Le coton burkinabè", "La dette sénégalaise", "Le port d’Abidjan", "Le pétrole nigérian",
        "L’UEMOA", "La Bourse de Casablanca",
    ]
    static let verbs = [
        "progresse nettement", "recule légèrement", "se stabilise", "attire les investisseurs",
        "inquiète les analystes", "bat un record", "marque une pause", "rebondit en fin de séance",
    ]
    static let contexts = [
        "après la publication des chiffres trimestriels", "malgré la hausse des taux",
        "dans un marché prudent", "avant la réunion du comité de politique monétaire",
        "sur fond de tensions régionales", "porté par la demande asiatique",
    ]
    static let sentences = [
        "Les volumes échangés ont dépassé la moyenne du mois.",
        "Les opérateurs attendent désormais les résultats annuels.",
        "Plusieurs courtiers d’Abidjan et de Dakar parlent d’un mouvement durable.",
        "La banque centrale n’a pas commenté ces évolutions.",
        "Les exportateurs saluent une amélioration des conditions de financement.",
        "Le gouvernement promet de nouvelles mesures d’ici la fin de l’année.",
        "À Bamako, les commerçants restent prudents face à la volatilité des prix.",
        "Les obligations souveraines de la zone se sont détendues de quelques points de base.",
    ]
    static let sectors = ["economie", "marches", "energie"]

    /// Article `n`: its slug, UTC day folder (`2026/02/DD`), date and file text.
    static func article(_ n: Int, revision: Int = 0) -> (slug: String, folder: String, text: String) {
        let day = 1 + n % 20
        let hour = 6 + n % 14
        let subject = subjects[n % subjects.count], verb = verbs[(n / 3) % verbs.count]
        let context = contexts[(n / 7) % contexts.count]
        let title = "\(subject) \(verb) \(context)" + (revision > 0 ? " (mise à jour \(revision))" : "")
        let date = String(format: "2026-02-%02dT%02d:%02d:00Z", day, hour, n % 60)
        var body = ""
        for p in 0..<3 {
            body += (0..<3).map { sentences[(n + p * 3 + $0) % sentences.count] }.joined(separator: " ") + "\n\n"
        }
        body += "Cours de référence : **\(100 + n % 900) FCFA** (séance n° \(n)).\n"
        let text = """
        ---
        title: "\(title)"
        date: \(date)
        sector: \(sectors[n % sectors.count])
        summary: "\(subject) \(verb) : le point sur la séance n° \(n)."
        tags: [\(["bourse", "taux", "matieres-premieres", "dette"][n % 4])]
        featured: \(n % 17 == 0)
        ---
        \(body)
        """
        return ("seance-\(n)", String(format: "2026/02/%02d", day), text)
    }

    /// Writes article `n` into `site` and returns its path relative to the site folder.
    @discardableResult
    static func write(_ n: Int, revision: Int = 0, into site: TempSite) throws -> String {
        let a = article(n, revision: revision)
        let rel = "content/articles/\(a.folder)/\(a.slug).md"
        try site.write(rel, a.text)
        return rel
    }
}
