import Foundation
import KiosqueCore

/// A throwaway site folder: kiosque.yaml with sectors and the given feeds, empty content/.
struct TestSite {
    let root: String

    init(feeds: [(url: String, name: String, sector: String?)], files: [String: [UInt8]] = [:]) throws {
        root = NSTemporaryDirectory() + "kiosque-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root + "/content/articles", withIntermediateDirectories: true)
        var yaml = """
        site:
          title: "Test"
          base_url: "https://www.example.com/"
          timezone: Africa/Abidjan
        sectors:
          - slug: economie
            name: "Économie"
            keywords: ["PIB", "inflation"]
          - slug: actions
            name: "Actions"
            keywords: ["BRVM", "bourse", "dividende"]
          - slug: matieres-premieres
            name: "Matières premières"
            keywords: ["cacao", "café"]
        feeds:

        """
        for f in feeds {
            yaml += "  - url: \"\(f.url)\"\n    name: \"\(f.name)\"\n"
            if let s = f.sector { yaml += "    sector: \(s)\n" }
        }
        try yaml.write(toFile: root + "/kiosque.yaml", atomically: true, encoding: .utf8)
        for (name, bytes) in files { try write(name, bytes) }
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    func config() throws -> Config { try Config.load(siteDirectory: root) }

    /// Every article file, relative to the site folder, sorted.
    func articles() -> [String] {
        let dir = root + "/content/articles"
        let all = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".md") && !($0 as NSString).lastPathComponent.hasPrefix(".") }
            .map { "content/articles/" + $0 }.sorted()
    }

    func read(_ file: String) -> String { (try? String(contentsOfFile: root + "/" + file, encoding: .utf8)) ?? "" }

    /// Every file under a folder whose name ends so, concatenated (to search a built site).
    func allText(under folder: String, ending: String) -> String {
        let dir = root + "/" + folder
        let all = (FileManager.default.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(ending) }.compactMap { try? String(contentsOfFile: dir + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
