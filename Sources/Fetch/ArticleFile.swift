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
        lines.append("title: " + QuotedString.quoted(title))
        lines.append("date: " + ISODate.utc(date))
        lines.append("sector: " + QuotedString.quoted(sector))
        lines.append("sector_reason: " + QuotedString.quoted(sectorReason))
        lines.append("source: " + QuotedString.quoted(source))
        if let sourceURL { lines.append("source_url: " + QuotedString.quoted(sourceURL)) }
        lines.append("guid: " + QuotedString.quoted(guid))
        if let summary { lines.append("summary: " + QuotedString.quoted(summary)) }
        if !tags.isEmpty { lines.append("tags: [" + tags.map(QuotedString.quoted).joined(separator: ", ") + "]") }
        if let image { lines.append("image: " + QuotedString.quoted(image)) }
        if !alsoReportedBy.isEmpty { lines.append(ArticleFile.alsoReportedByLine(alsoReportedBy)) }
        lines.append("draft: false")
        lines.append("featured: false")
        lines.append("---")
        return lines.joined(separator: "\n") + "\n\n" + body
    }

    static let alsoReportedByKey = "also_reported_by"

    static func alsoReportedByLine(_ sources: [String]) -> String {
        alsoReportedByKey + ": [" + sources.map(QuotedString.quoted).joined(separator: ", ") + "]"
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
