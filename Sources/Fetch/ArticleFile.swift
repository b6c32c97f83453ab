import HTML
import Content
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
    /// The item's values left out because the build would reject them, said in the summary.
    var leftOut: [String] = []

    init(item: FeedItem, source: String, sector: (slug: String, reason: String), date: Timestamp, alsoReportedBy: [String] = []) {
        title = item.headline.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.date = date
        self.sector = sector.slug
        sectorReason = sector.reason
        self.source = source
        sourceURL = ArticleFile.url(item.link, "link", "source_url", into: &leftOut) {
            URLPolicy.link($0, base: nil).map(TrackingParameters.strip)
        }
        guid = item.id
        let summaryText = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
        summary = summaryText.isEmpty ? nil : ArticleFile.shorten(summaryText, to: 300)
        var seenTags = Set<String>()
        // As the feed writes them (the site folds them for their pages), once each.
        tags = item.categories.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .map { $0.count > 40 ? String($0.prefix(40)) : $0 }
            .filter { let slug = Slug.make($0, maxLength: 60); return !slug.isEmpty && seenTags.insert(slug).inserted }
        tags = Array(tags.prefix(8))
        image = ArticleFile.url(item.image, "image", "image", into: &leftOut) { URLPolicy.image($0, base: item.base) }
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

    /// A feed's URL as the sanitizer reads it, kept only if the build accepts it too
    /// (`ArticleURL`): `https:/host` or a data: image is left out, and said.
    private static func url(_ raw: String?, _ what: String, _ key: String, into leftOut: inout [String],
                            _ policy: (String) -> String?) -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        if let url = policy(raw), ArticleURL.isValid(url) { return url }
        let shown = raw.count > 100 ? raw.prefix(100) + "…" : raw
        leftOut.append("\(what) '\(shown)' is not an absolute http(s) URL: written without \(key)")
        return nil
    }

    /// What in an item makes its file, dates apart: a feed that corrects any of it changes
    /// the hash, and the article is rewritten (if the editor has not touched it).
    static func itemHash(_ item: FeedItem) -> String {
        let parts = [item.headline, item.link ?? "", item.summaryHTML ?? "", item.contentHTML ?? "", item.image ?? ""]
            + item.categories
        return StableHash.hex(parts.map { "\($0.utf8.count):\($0)" }.joined())
    }

    /// The `date` of a file this type wrote: the instant an item without a date keeps.
    static func date(in text: String) -> Timestamp? {
        guard let line = text.split(separator: "\n", maxSplits: 3).first(where: { $0.hasPrefix("date: ") }) else { return nil }
        return ISODate.parse(String(line.dropFirst(6)), in: .utc)
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
