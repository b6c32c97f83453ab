import Foundation
import KiosqueCore
import Markdown
import Yams

/// Splits a Markdown file into its YAML front matter and body, and turns the front matter
/// into an `Article` or into diagnostics that name the file and line.
public enum FrontMatter {
    public static let knownKeys: Set<String> = [
        "title", "date", "sector", "source", "source_url", "guid", "summary", "tags", "draft", "featured",
        "image", "image_alt", "image_caption", "publish_date", "expiry_date", "sector_reason", "also_reported_by",
    ]

    /// Files saved on Windows: "\r\n" is one Character in Swift, so `split` wants "\n".
    public static func unixLineEndings(_ text: String) -> String {
        // A byte scan: Foundation's `contains` goes through NSString and cost 5 % of a build.
        text.containsByte(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
    }

    private static let closingLines = ["---", "---\r", "...", "...\r"]

    /// The front matter's mapping (its unknown keys reported) and the body of a Markdown
    /// file, or nil with the error in `y`; `needs` names the keys a file must have.
    static func read(_ text: String, _ y: inout YAMLFields, fast: Bool, known: Set<String>, needs: String)
        -> (mapping: Node.Mapping, body: Substring)?
    {
        guard let (yamlText, body) = split(Substring(text)) else {
            y.error(at: 1, "no front matter: the file must start with a '---' line, then YAML keys, then a closing '---' line",
                    hint: "add \(needs) between two '---' lines")
            return nil
        }
        guard let m = y.mapping(y.parse(String(yamlText), fast: fast), "front matter") else {
            if !y.hasErrors { y.error(at: 1, "the front matter is empty", hint: "add at least \(needs)") }
            return nil
        }
        y.reportUnknownKeys(m, known: known, path: "")
        return (m, body)
    }

    /// Splits `---\n yaml \n---\n body`. Returns nil when the file has no front matter.
    public static func split(_ text: Substring) -> (yaml: Substring, body: Substring)? {
        var t = text
        if t.hasPrefix("\u{FEFF}") { t = t.dropFirst() }
        // On bytes: lines end at "\n", an ASCII byte, so every index found is a Character's.
        guard t.utf8.starts(with: "---".utf8), let firstEnd = t.utf8.firstIndex(of: 10),
              t[..<firstEnd].trimmingWhitespace == "---" else { return nil }
        let rest = t[t.utf8.index(after: firstEnd)...]
        var lineStart = rest.startIndex
        while lineStart < rest.endIndex {
            let lineEnd = rest.utf8[lineStart...].firstIndex(of: 10) ?? rest.endIndex
            let line = rest.utf8[lineStart..<lineEnd]
            if closingLines.contains(where: { line.elementsEqual($0.utf8) }) {
                let bodyStart = lineEnd < rest.endIndex ? rest.utf8.index(after: lineEnd) : lineEnd
                return (rest[rest.startIndex..<lineStart], rest[bodyStart...])
            }
            lineStart = lineEnd < rest.endIndex ? rest.utf8.index(after: lineEnd) : lineEnd
        }
        return nil
    }

    /// Parses one article file. `file` is the path shown in messages; `relative` is the
    /// path under `content/articles/` (`2026/02/06/slug.md`).
    /// `hash`: of the file, for the build cache and page signatures (`ContentLoader` gives it).
    public static func parse(_ text: String, file: String, relative: String, config: Config, hash: UInt64 = 0)
        -> (article: Article?, diagnostics: [Diagnostic])
    {
        let text = unixLineEndings(text)
        // The fast YAML reader knows no line numbers: with anything to report, read again.
        let fast = parse(text, file: file, relative: relative, config: config, hash: hash, fastYAML: true)
        return fast.diagnostics.isEmpty
            ? fast : parse(text, file: file, relative: relative, config: config, hash: hash, fastYAML: false)
    }

    static func parse(_ text: String, file: String, relative: String, config: Config, hash: UInt64 = 0, fastYAML: Bool)
        -> (article: Article?, diagnostics: [Diagnostic])
    {
        var y = YAMLFields(file: file, lineOffset: 1)
        let location = ContentLayout.parse(relative)
        if location == nil {
            y.error(at: nil, "an article must be at content/articles/YYYY/MM/DD/<slug>.md with a slug of a-z, 0-9 and '-'",
                    hint: "move or rename the file")
        }
        guard let (m, body) = read(text, &y, fast: fastYAML, known: knownKeys, needs: "'title', 'date' and 'sector'") else {
            return (nil, y.diagnostics)
        }

        let zone = config.site.timeZone
        func date(_ key: String, required: Bool) -> Timestamp? {
            guard let s = y.string(m, key, path: key, required: required) else { return nil }
            if let t = ISODate.parse(s.trimmingWhitespace, in: zone) { return t }
            y.error(at: y.line(of: YAMLFields.node(m, key)), "'\(key)' is not a valid date: '\(s)'",
                    hint: "write it as ISO 8601, e.g. 2026-02-06T09:30:00Z or 2026-02-06T09:30:00+01:00")
            return nil
        }
        func url(_ key: String) -> String? {
            guard let s = y.string(m, key, path: key)?.trimmingWhitespace, !s.isEmpty else { return nil }
            if ArticleURL.isValid(s) { return s }
            y.error(at: y.line(of: YAMLFields.node(m, key)), "'\(key)' must be \(ArticleURL.rule), not '\(s)'")
            return nil
        }

        let title = y.string(m, "title", path: "title", required: true)?.trimmingWhitespace
        let published = date("date", required: true)
        let sector = y.string(m, "sector", path: "sector", required: true)?.trimmingWhitespace
        if let sector, config.sector(sector) == nil {
            y.error(at: y.line(of: YAMLFields.node(m, "sector")), "unknown sector '\(sector)'",
                    hint: "use one of: \(config.sectors.map(\.slug).joined(separator: ", ")), or add it to kiosque.yaml")
        }
        let publishDate = date("publish_date", required: false)
        let expiryDate = date("expiry_date", required: false)
        let sourceURL = url("source_url")
        let image = url("image")
        let imageAlt = y.string(m, "image_alt", path: "image_alt")?.trimmingWhitespace
        let imageCaption = y.string(m, "image_caption", path: "image_caption")?.trimmingWhitespace
        let summary = y.string(m, "summary", path: "summary")?.trimmingWhitespace
        let tags = (y.strings(m, "tags", path: "tags") ?? []).map(\.trimmingWhitespace).filter { !$0.isEmpty }
        let draft = y.bool(m, "draft", path: "draft") ?? false
        let featured = y.bool(m, "featured", path: "featured") ?? false
        let source = y.string(m, "source", path: "source")?.trimmingWhitespace
        let guid = y.string(m, "guid", path: "guid")
        _ = y.string(m, "sector_reason", path: "sector_reason")
        _ = y.strings(m, "also_reported_by", path: "also_reported_by")

        if let location, let published, y.diagnostics.allSatisfy({ $0.severity != .error }) {
            let day = zone.day(of: published)
            if day != location.day {
                y.warning(at: y.line(of: YAMLFields.node(m, "date")),
                          "the date falls on \(day) in \(zone.identifier) but the file is in the folder of \(location.day)",
                          hint: "the article's URL follows its folder and its date pages follow 'date'; move the file to content/articles/\(day.path)/ if the date is right")
            }
        }
        guard !y.hasErrors, let location, let title, let published, let sector else { return (nil, y.diagnostics) }
        let bodyText = String(body)
        let article = Article(
            file: file, folderDay: location.day, slug: location.slug, title: title, date: published, sector: sector,
            source: source?.isEmpty == false ? source : nil, sourceURL: sourceURL, guid: guid,
            summary: summary?.isEmpty == false ? summary! : Excerpt.fromMarkdown(bodyText),
            tags: tags, draft: draft, featured: featured, image: image,
            imageAlt: imageAlt?.isEmpty == false ? imageAlt : nil, imageCaption: imageCaption?.isEmpty == false ? imageCaption : nil,
            media: MediaReferences.inBody(bodyText), publishDate: publishDate, expiryDate: expiryDate, body: bodyText, hash: hash)
        return (article, y.diagnostics)
    }
}

/// The one rule for `source_url` and `image`: the build rejects any other value, and
/// `kiosque fetch` writes no other (a feed's link that breaks it is left out), so that a
/// fetched article can never stop the build.
public enum ArticleURL {
    public static let rule = "an http(s) URL or a path starting with '/'"

    public static func isValid(_ s: String) -> Bool {
        let lower = s.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return true }
        return s.hasPrefix("/") && !s.hasPrefix("//")
    }
}

/// The `/media/…` paths a body writes (in Markdown images or HTML), found by a byte scan: a
/// body without `/media/` costs one pass over its bytes.
public enum MediaReferences {
    public static func inBody(_ body: String) -> [String] {
        var body = body
        return body.withUTF8 { bytes -> [String] in
            let needle = Self.needle
            guard let base = bytes.baseAddress else { return [] }
            var out: [String] = []
            var i = 0
            // memchr to each slash: most bodies have a few, in their links.
            while i < bytes.count, let slash = memchr(base + i, 0x2F, bytes.count - i) {
                i = base.distance(to: slash.assumingMemoryBound(to: UInt8.self))
                guard i + needle.count <= bytes.count, memcmp(base + i, needle, needle.count) == 0 else {
                    i += 1
                    continue
                }
                var j = i
                while j < bytes.count, !Self.ends.contains(bytes[j]) { j += 1 }
                let path = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
                if !out.contains(path) { out.append(path) }
                i = j
            }
            return out
        }
    }

    private static let needle = Array("/media/".utf8)
    /// What ends a path in Markdown or HTML.
    private static let ends: Set<UInt8> = Set(" \t\n\r)\"'<>".utf8)
}

/// Where articles live: `content/articles/YYYY/MM/DD/<slug>.md`; pages: `content/pages/<slug>.md`.
public enum ContentLayout {
    public static let articlesFolder = "articles"
    public static let pagesFolder = "pages"

    public static func parse(_ relative: String) -> (day: Day, slug: String)? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasSuffix(".md"),
              let day = Day(iso: "\(parts[0])-\(parts[1])-\(parts[2])") else { return nil }
        let slug = String(parts[3].dropLast(3))
        guard Slug.isValid(slug) else { return nil }
        return (day, slug)
    }
}

/// A summary for articles whose editor wrote none: the first paragraph, in plain text.
public enum Excerpt {
    public static func fromMarkdown(_ body: String, limit: Int = 220) -> String {
        let paragraph = Markdown.firstParagraphHTML(body) { !$0.hasPrefix("<p>|") }
        let text = plainText(fromHTML: paragraph ?? "")
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut.trimmingCharacters(in: ",;:") + "…"
    }

    static func plainText(fromHTML html: String) -> String {
        var out = ""
        var inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return out.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "\n", with: " ").trimmingWhitespace
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
