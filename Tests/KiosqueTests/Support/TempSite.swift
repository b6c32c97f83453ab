import Foundation
import Testing
import KiosqueCore
import Site

/// A throw-away site folder under the system temporary directory: `kiosque.yaml`, articles
/// under `content/articles/YYYY/MM/DD/<slug>.md` and any other file a test needs.
struct TempSite {
    struct Sector {
        var slug: String
        var name: String
    }

    /// Absolute path of the site folder (unique per instance).
    let root: String

    static let defaultSectors = [
        Sector(slug: "economie", name: "Économie"),
        Sector(slug: "marches", name: "Marchés"),
        Sector(slug: "energie", name: "Énergie"),
    ]

    init(title: String = "Le Kiosque de test",
         baseURL: String = "https://www.example.com/",
         timezone: String = "Africa/Abidjan",
         description: String = "L’actualité de test",
         sectors: [Sector] = TempSite.defaultSectors,
         extraConfig: String = "") throws {
        root = Self.makeUniqueFolder()
        try FileManager.default.createDirectory(atPath: path("content"), withIntermediateDirectories: true)
        try write(Config.fileName, Self.configYAML(title: title, baseURL: baseURL, timezone: timezone,
                                                   description: description, sectors: sectors, extra: extraConfig))
    }

    /// The default site in a folder of the caller's choosing (a small file system).
    init(at folder: String, extraConfig: String = "") throws {
        try FileManager.default.createDirectory(atPath: folder + "/content", withIntermediateDirectories: true)
        root = folder
        try write(Config.fileName, Self.configYAML(title: "Le Kiosque de test", baseURL: "https://www.example.com/",
                                                   timezone: "Africa/Abidjan", description: "L’actualité de test",
                                                   sectors: Self.defaultSectors, extra: extraConfig))
    }

    /// An empty folder (no `kiosque.yaml`): for `kiosque init` and other raw uses.
    init(empty: Void) {
        root = Self.makeUniqueFolder()
    }

    static func makeUniqueFolder() -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiosque-tests-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.standardizedFileURL.path
    }

    static func configYAML(title: String, baseURL: String, timezone: String, description: String,
                           sectors: [Sector], extra: String) -> String {
        var y = """
        site:
          title: "\(title)"
          base_url: "\(baseURL)"
          language: fr
          timezone: \(timezone)
          description: "\(description)"
        sectors:

        """
        for s in sectors { y += "  - slug: \(s.slug)\n    name: \"\(s.name)\"\n" }
        y += extra
        return y
    }

    func path(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Writes a file (creating its folders); `relative` is relative to the site folder.
    func write(_ relative: String, _ text: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Writes `content/articles/<folder>/<slug>.md` with the given front matter; returns its
    /// path relative to the site folder. `folder` defaults to the UTC day of `date`.
    @discardableResult
    func article(_ slug: String, title: String? = nil, date: String, sector: String = "economie",
                 folder: String? = nil, summary: String? = nil, tags: [String] = [], draft: Bool? = nil,
                 featured: Bool? = nil, publishDate: String? = nil, expiryDate: String? = nil,
                 source: String? = nil, sourceURL: String? = nil, image: String? = nil,
                 extraFrontMatter: String = "", body: String = "Le corps de l’article.\n") throws -> String {
        var fm = "---\n"
        fm += "title: \(Self.quoted(title ?? "Titre \(slug)"))\n"
        fm += "date: \(date)\n"
        fm += "sector: \(sector)\n"
        if let summary { fm += "summary: \(Self.quoted(summary))\n" }
        if !tags.isEmpty { fm += "tags: [\(tags.map(Self.quoted).joined(separator: ", "))]\n" }
        if let draft { fm += "draft: \(draft)\n" }
        if let featured { fm += "featured: \(featured)\n" }
        if let publishDate { fm += "publish_date: \(publishDate)\n" }
        if let expiryDate { fm += "expiry_date: \(expiryDate)\n" }
        if let source { fm += "source: \(Self.quoted(source))\n" }
        if let sourceURL { fm += "source_url: \(Self.quoted(sourceURL))\n" }
        if let image { fm += "image: \(Self.quoted(image))\n" }
        fm += extraFrontMatter
        fm += "---\n"
        fm += body
        let dayFolder = folder ?? Self.utcFolder(of: date)
        let rel = "content/articles/\(dayFolder)/\(slug).md"
        try write(rel, fm)
        return rel
    }

    /// `2026-02-06T...` -> `2026/02/06`.
    static func utcFolder(of date: String) -> String {
        let d = date.prefix(10).split(separator: "-")
        return d.joined(separator: "/")
    }

    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

// MARK: - Building

/// `2026-02-06T09:30:00Z` as a timestamp (tests only use valid literals).
func ts(_ iso: String) -> Timestamp {
    guard let t = ISODate.parse(iso, in: .utc) else { fatalError("bad test timestamp \(iso)") }
    return t
}

/// The fixed "now" most tests build at: after every article they write.
let defaultNow: Timestamp = ts("2026-03-01T12:00:00Z")

/// Loads `DIR/kiosque.yaml` and builds the site in-process at a fixed instant.
@discardableResult
func buildSite(_ dir: String, now: Timestamp = defaultNow, drafts: Bool = false, future: Bool = false,
               output: String? = nil, clean: Bool = false) throws -> SiteBuilder.Report {
    let config = try Config.load(siteDirectory: dir)
    let options = SiteBuilder.Options(rules: PublishingRules(now: now, drafts: drafts, future: future), output: output,
                                      clean: clean)
    return try SiteBuilder(config: config, options: options).build()
}

extension TempSite {
    @discardableResult
    func build(now: Timestamp = defaultNow, drafts: Bool = false, future: Bool = false,
               output: String? = nil, clean: Bool = false) throws -> SiteBuilder.Report {
        try buildSite(root, now: now, drafts: drafts, future: future, output: output, clean: clean)
    }

    /// The default output folder (`paths.output` = `public`).
    var publicDir: String { path("public") }

    /// The stylesheet's name in the built site, `style.<hash>.css`.
    func stylesheet(in dir: String? = nil) throws -> String {
        let found = files(in: dir ?? publicDir, endingWith: ".css").filter { $0.hasPrefix("style.") && !$0.contains("/") }
        #expect(found.count == 1, "\(found)")
        return try #require(found.first)
    }

    /// A file of the built site, as text; nil when it does not exist.
    func output(_ relative: String, in dir: String? = nil) -> String? {
        let full = ((dir ?? publicDir) as NSString).appendingPathComponent(relative)
        return FileManager.default.contents(atPath: full).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String, in dir: String? = nil) -> Bool {
        FileManager.default.fileExists(atPath: ((dir ?? publicDir) as NSString).appendingPathComponent(relative))
    }
}

// MARK: - File trees

/// Every regular file below `dir`, by relative path, with its bytes.
func fileTree(_ dir: String) -> [String: Data] {
    var out: [String: Data] = [:]
    guard let e = FileManager.default.enumerator(atPath: dir) else { return out }
    while let rel = e.nextObject() as? String {
        let full = (dir as NSString).appendingPathComponent(rel)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = FileManager.default.contents(atPath: full) ?? Data()
        }
    }
    return out
}

/// Relative paths of the files under `dir` whose name ends with `suffix`, sorted.
func files(in dir: String, endingWith suffix: String) -> [String] {
    fileTree(dir).keys.filter { $0.hasSuffix(suffix) }.sorted()
}

/// The repository (package) root, from this file's location.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/KiosqueTests/Support/TempSite.swift -> package root
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.standardizedFileURL.path
}()

struct MissingOutput: Error, CustomStringConvertible {
    var path: String
    var description: String { "the build did not write \(path)" }
}

extension TempSite {
    /// A file of the built site, as text; throws when it does not exist.
    func text(_ relative: String, in dir: String? = nil) throws -> String {
        guard let s = output(relative, in: dir) else { throw MissingOutput(path: relative) }
        return s
    }
}
