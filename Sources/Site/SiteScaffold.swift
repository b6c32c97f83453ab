import DefaultTemplates
import Foundation
import KiosqueCore

/// `kiosque init DIR`: a new site that builds as it is and shows where to start.
public enum SiteScaffold {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes the site and returns how many files it wrote. Never touches an existing file.
    public static func create(at dir: String, now: Date = Date()) throws -> Int {
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: dir), !existing.isEmpty {
            throw Error(description: "\(dir): the folder exists and is not empty; choose a new folder")
        }
        let day = CivilTime(Timestamp(now.timeIntervalSince1970), offset: 0).day_
        var files: [(String, [UInt8])] = [
            (Config.fileName, Array(sampleConfig.utf8)),
            ("content/articles/\(day.path)/bienvenue-sur-votre-site.md", Array(sampleArticle(day).utf8)),
        ]
        files += DefaultTemplates.files.map { ("templates/\($0.path)", $0.bytes) }
        for (path, bytes) in files {
            let full = (dir as NSString).appendingPathComponent(path)
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard fm.createFile(atPath: full, contents: Data(bytes)) else {
                throw Error(description: "\(full): cannot write the file")
            }
        }
        return files.count
    }

    static let sampleConfig = """
    # Kiosque site configuration: README.md lists every key.
    site:
      title: "Mon kiosque"
      base_url: "https://www.example.com/"
      language: fr
      timezone: Africa/Abidjan
      description: "L’actualité économique et financière"
    sectors:
      - slug: economie
        name: "Économie"
        keywords: [PIB, inflation, budget]
      - slug: marches
        name: "Marchés"
        keywords: [BRVM, bourse, franc CFA]
    feeds: []

    """

    static func sampleArticle(_ day: Day) -> String {
        """
        ---
        title: "Bienvenue sur votre kiosque"
        date: \(day)T08:00:00Z
        sector: economie
        summary: "Un premier article pour voir le site : modifiez-le ou supprimez-le."
        tags: [kiosque]
        draft: false
        featured: true
        ---
        Chaque article est un fichier Markdown sous `content/articles/AAAA/MM/JJ/`. Modifiez le titre,
        le secteur ou le texte, puis lancez `kiosque build` : le site est dans `public/`.

        L’apparence se règle dans `templates/` (gabarits Mustache et feuille de style), sans recompiler.

        """
    }
}
