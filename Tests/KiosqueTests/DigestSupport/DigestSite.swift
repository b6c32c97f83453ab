import Foundation
import KiosqueCore

/// A throw-away site for newsletter tests (Africa/Abidjan, base https://news.example.com/):
/// `kiosque.yaml` with a `digest:` block, articles, template overrides, a recipients file.
struct DigestSite {
    let root: String
    static let base = "https://news.example.com/"
    static let sectors = [("economie", "Économie"), ("marches", "Marchés"), ("energie", "Énergie")]

    init(unsubscribe: String? = "https://lists.example.com/unsubscribe", smtpURL: String = "smtp://127.0.0.1:1",
         servedElsewhere: [String] = []) throws {
        root = NSTemporaryDirectory() + "kiosque-digest-\(UUID().uuidString)"
        var yaml = """
        site:
          title: "Le Kiosque de test"
          base_url: "\(Self.base)"
          timezone: Africa/Abidjan

        """
        if !servedElsewhere.isEmpty { yaml += "  served_elsewhere: [\(servedElsewhere.map { "\"\($0)\"" }.joined(separator: ", "))]\n" }
        yaml += "sectors:\n"
        for (slug, name) in Self.sectors { yaml += "  - slug: \(slug)\n    name: \"\(name)\"\n" }
        yaml += """
        digest:
          from: "Le Kiosque <lettre@example.com>"
          subject: "L’essentiel du {date}"
          smtp_url: "\(smtpURL)"

        """
        if let unsubscribe { yaml += "  unsubscribe_url: \"\(unsubscribe)\"\n" }
        try write("kiosque.yaml", yaml)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func path(_ rel: String) -> String { (root as NSString).appendingPathComponent(rel) }

    func write(_ rel: String, _ text: String) throws {
        let full = path(rel)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func read(_ rel: String) -> String? {
        FileManager.default.contents(atPath: path(rel)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ rel: String) -> Bool { FileManager.default.fileExists(atPath: path(rel)) }

    /// `date`: ISO 8601 in UTC; the file goes in that UTC day's folder (Abidjan is UTC).
    func article(_ slug: String, title: String, date: String, sector: String, summary: String,
                 featured: Bool = false, source: String? = nil, image: String? = nil) throws {
        let day = date.prefix(10).replacingOccurrences(of: "-", with: "/")
        var fm = "---\ntitle: \"\(title)\"\ndate: \(date)\nsector: \(sector)\nsummary: \"\(summary)\"\n"
        if featured { fm += "featured: true\n" }
        if let source { fm += "source: \"\(source)\"\n" }
        if let image { fm += "image: \"\(image)\"\n" }
        try write("content/articles/\(day)/\(slug).md", fm + "---\nLe corps de l’article.\n")
    }

    func config() throws -> Config { try Config.load(siteDirectory: root) }

    /// 2026-02-06: one featured article, two sectors; 2026-02-05: one article; 2026-02-07: none.
    static func small(unsubscribe: String? = "https://lists.example.com/unsubscribe", smtpURL: String = "smtp://127.0.0.1:1",
                      servedElsewhere: [String] = []) throws -> DigestSite {
        let s = try DigestSite(unsubscribe: unsubscribe, smtpURL: smtpURL, servedElsewhere: servedElsewhere)
        try s.article("budget", title: "Le budget 2026 est adopté", date: "2026-02-05T08:00:00Z", sector: "economie",
                      summary: "Le Parlement adopte le budget.")
        try s.article("inflation", title: "L’inflation ralentit en janvier", date: "2026-02-06T09:30:00Z", sector: "economie",
                      summary: "Les prix ralentissent nettement, selon l’institut de la statistique.", source: "APS")
        try s.article("brvm", title: "La BRVM progresse de 1 %", date: "2026-02-06T11:00:00Z", sector: "marches",
                      summary: "La bourse régionale monte, portée par les banques.", featured: true,
                      image: "https://images.example.com/brvm.jpg")
        try s.article("solaire", title: "Le solaire & l’éolien en hausse", date: "2026-02-06T07:15:00Z", sector: "energie",
                      summary: "Le solaire progresse.")
        try s.article("croissance", title: "La croissance se confirme", date: "2026-02-06T10:00:00Z", sector: "economie",
                      summary: "La croissance tient.")
        return s
    }
}
