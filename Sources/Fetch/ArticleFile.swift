import Feeds
import Foundation
import KiosqueCore

/// An item as an article file in the content format (see README, "Content"): front matter
/// whose every value is a double-quoted, escaped YAML string, so that no title, summary or
/// URL, whatever it holds (a newline, a quote, a colon, `---`), can add a key or end the
/// front matter; then the item's sanitized HTML as Markdown.
struct ArticleFile: Equatable {
    var title: String
    var date: Timestamp
    var sector: String
    var sectorReason: String
    var source: String
    var sourceURL: String?
    var guid: String
    var summary: String?
    var tags: [String]
    var image: String?
    var alsoReportedBy: [String]
    var body: String

    init(item: FeedItem, source: String, sector: (slug: String, reason: String), date: Timestamp, alsoReportedBy: [String] = []) {
        title = item.title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.date = date
        self.sector = sector.slug
        sectorReason = sector.reason
        self.source = source
        sourceURL = item.link.flatMap { URLPolicy.link($0, base: nil) }.flatMap { $0.lowercased().hasPrefix("http") ? $0 : nil }
        guid = item.id
        let summaryText = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
        summary = summaryText.isEmpty ? nil : ArticleFile.shorten(summaryText, to: 300)
        var seenTags = Set<String>()
        tags = item.categories.map { Slug.make($0, maxLength: 40) }.filter { !$0.isEmpty && seenTags.insert($0).inserted }
        tags = Array(tags.prefix(8))
        image = item.image.flatMap { URLPolicy.image($0, base: item.base) }.flatMap { $0.lowercased().hasPrefix("http") ? $0 : nil }
        self.alsoReportedBy = alsoReportedBy
        let html = item.contentHTML ?? item.summaryHTML ?? ""
        body = HTMLMarkdown.markdown(html, base: item.base)
    }

    var text: String {
        var lines = ["---"]
        lines.append("title: " + YAMLQuote.quoted(title))
        lines.append("date: " + ISODate.utc(date))
        lines.append("sector: " + YAMLQuote.quoted(sector))
        lines.append("sector_reason: " + YAMLQuote.quoted(sectorReason))
        lines.append("source: " + YAMLQuote.quoted(source))
        if let sourceURL { lines.append("source_url: " + YAMLQuote.quoted(sourceURL)) }
        lines.append("guid: " + YAMLQuote.quoted(guid))
        if let summary { lines.append("summary: " + YAMLQuote.quoted(summary)) }
        if !tags.isEmpty { lines.append("tags: [" + tags.map(YAMLQuote.quoted).joined(separator: ", ") + "]") }
        if let image { lines.append("image: " + YAMLQuote.quoted(image)) }
        if !alsoReportedBy.isEmpty { lines.append(ArticleFile.alsoReportedByLine(alsoReportedBy)) }
        lines.append("draft: false")
        lines.append("featured: false")
        lines.append("---")
        return lines.joined(separator: "\n") + "\n\n" + body
    }

    static let alsoReportedByKey = "also_reported_by"

    static func alsoReportedByLine(_ sources: [String]) -> String {
        alsoReportedByKey + ": [" + sources.map(YAMLQuote.quoted).joined(separator: ", ") + "]"
    }

    /// Sets `also_reported_by` in a file Kiosque wrote (and nobody edited since).
    static func settingAlsoReportedBy(_ sources: [String], in text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let line = alsoReportedByLine(sources)
        if let i = lines.firstIndex(where: { $0.hasPrefix(alsoReportedByKey + ":") }) {
            lines[i] = line
        } else if let close = lines.dropFirst().firstIndex(of: "---") {
            lines.insert(line, at: close)
        }
        return lines.joined(separator: "\n")
    }

    static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }
}

/// YAML double-quoted scalars: `\` and `"` escaped, every control or non-printable
/// character (line breaks included) written as an escape, so a value is always one line.
enum YAMLQuote {
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                || u.value == 0xFEFF || u.value == 0xFFFE || u.value == 0xFFFF:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
