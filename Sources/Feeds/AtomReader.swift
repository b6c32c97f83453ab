import Foundation
import KiosqueCore

/// Atom 1.0 (RFC 4287) and its 0.3 draft: text constructs of type text, html and xhtml,
/// `xml:base` on any element, links chosen by `rel`.
struct AtomReader {
    /// The namespace of the Atom elements.
    let core: XMLNamespace
    let format: FeedFormat

    func read(_ root: XMLNodePtr) -> FeedDocument {
        var doc = FeedDocument(format: format, title: "", link: nil, language: root.language, updated: nil, items: [])
        var entries: [XMLNodePtr] = []
        var feedAuthor: String?
        for e in root.elements where e.namespace == core {
            if e.named("entry") { entries.append(e) }
            else if e.named("title") { doc.title = plainText(e) }
            else if e.named("link"), doc.link == nil { doc.link = alternateLink(e) }
            else if e.named("updated") || e.named("modified") { doc.updated = e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("author") { feedAuthor = authorName(e) }
        }
        doc.items = entries.map { entry($0, feedAuthor: feedAuthor) }
        return doc
    }

    private func entry(_ n: XMLNodePtr, feedAuthor: String?) -> FeedItem {
        var item = FeedItem(id: "", title: "")
        var contentBase: String?
        for e in n.elements {
            if e.namespace == .media {
                if item.image == nil { item.image = mediaImage(e).map { resolveURL($0, against: e.base) } }
                continue
            }
            guard e.namespace == core else { continue }
            if e.named("id") { item.id = e.trimmedText ?? "" }
            else if e.named("title") { item.title = plainText(e) }
            else if e.named("link") {
                let rel = e.attribute("rel")?.lowercased() ?? "alternate"
                if item.link == nil, let href = alternateLink(e) { item.link = href }
                else if rel == "enclosure", item.image == nil, e.attribute("type")?.lowercased().hasPrefix("image/") == true,
                        let href = e.attribute("href") {
                    item.image = resolveURL(href, against: e.base)
                }
            }
            else if e.named("published") || e.named("issued") { item.published = e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("created") { item.published = item.published ?? e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("updated") || e.named("modified") { item.updated = e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("author") { item.author = item.author ?? authorName(e) }
            else if e.named("summary") {
                item.summaryHTML = html(e)
                contentBase = contentBase ?? e.base
            }
            else if e.named("content") {
                item.contentHTML = html(e)
                contentBase = e.base
            }
            else if e.named("category") {
                if let term = e.attribute("term") ?? e.attribute("label") ?? e.trimmedText, !term.trimmingWhitespace.isEmpty {
                    item.categories.append(term.trimmingWhitespace)
                }
            }
        }
        item.author = item.author ?? feedAuthor
        item.base = contentBase ?? n.base
        FeedParser.complete(&item)
        return item
    }

    /// The href of a `rel="alternate"` (or rel-less) link, resolved; nil for other rels.
    private func alternateLink(_ e: XMLNodePtr) -> String? {
        let rel = e.attribute("rel")?.trimmingWhitespace.lowercased() ?? "alternate"
        guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
              let href = e.attribute("href")?.trimmingWhitespace, !href.isEmpty else { return nil }
        return resolveURL(href, against: e.base)
    }

    private func authorName(_ e: XMLNodePtr) -> String? {
        e.elements.first { $0.named("name") && $0.namespace == core }?.trimmedText ?? e.elements.first { $0.named("email") }?.trimmedText
    }

    private enum Kind { case text, html, xhtml }

    private func kind(_ e: XMLNodePtr) -> Kind {
        let type = e.attribute("type")?.trimmingWhitespace.lowercased() ?? "text"
        if type == "xhtml" || type == "application/xhtml+xml" || e.attribute("mode")?.lowercased() == "xml" { return .xhtml }
        if type == "html" || type == "text/html" { return .html }
        return .text
    }

    /// A text construct as HTML.
    private func html(_ e: XMLNodePtr) -> String? {
        switch kind(e) {
        case .xhtml:
            let div = e.elements.first { $0.named("div") && $0.namespace == .xhtml }
            let s = (div ?? e).innerXHTML.trimmingWhitespace
            return s.isEmpty ? nil : s
        case .html:
            return rawText(e)
        case .text:
            return rawText(e).map(XMLEscaping.escape)
        }
    }

    /// A text construct as plain text (titles).
    private func plainText(_ e: XMLNodePtr) -> String {
        switch kind(e) {
        case .text: return (rawText(e) ?? "").trimmingWhitespace
        case .html, .xhtml: return HTMLSanitizer.plainText(html(e) ?? "")
        }
    }

    /// The element's text, base64-decoded for Atom 0.3's `mode="base64"`.
    private func rawText(_ e: XMLNodePtr) -> String? {
        guard let text = e.trimmedText else { return nil }
        if e.attribute("mode")?.lowercased() == "base64" {
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        return text
    }
}
