import HTML
import Foundation
import KiosqueCore

/// Atom 1.0 (RFC 4287) and its 0.3 draft: text constructs of type text, html and xhtml,
/// `xml:base` on any element, links chosen by `rel`. An entry document (an `<entry>` as the
/// root) is a feed of one item. Its constructs also serve the Atom elements of RSS feeds
/// (`atom:link`, .NET's `a10:content`…).
struct AtomReader {
    /// The namespace of the Atom elements.
    let core: XMLNamespace
    let format: FeedFormat

    func read(_ root: XMLNodePtr) -> FeedDocument {
        var doc = FeedDocument(format: format, title: nil, link: nil, language: root.language, updated: nil, items: [])
        if root.named("entry") {
            doc.items = [entry(root, feedAuthor: nil)]
            return doc
        }
        var entries: [XMLNodePtr] = []
        var feedAuthor: String?
        var dublinCore = DublinCore()
        for e in root.elements {
            let namespace = e.namespace
            if namespace == .dc { dublinCore.read(e) }
            guard namespace == core else { continue }
            if e.named("entry") { entries.append(e) }
            else if e.named("title") { doc.title = doc.title ?? plainText(e) }
            else if e.named("link") { doc.link = doc.link ?? alternateLink(e) }
            else if e.named("updated") || e.named("modified") { doc.updated = e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("author") { feedAuthor = feedAuthor ?? authorName(e) }
        }
        doc.title = doc.title ?? dublinCore.title
        doc.items = entries.map { entry($0, feedAuthor: feedAuthor) }
        return doc
    }

    private func entry(_ n: XMLNodePtr, feedAuthor: String?) -> FeedItem {
        var item = FeedItem(id: "", title: nil)
        var contentBase: String?
        var mediaText: String?
        var dublinCore = DublinCore()
        for e in n.elements {
            switch e.namespace {
            case .media:
                if item.image == nil { item.image = mediaImage(e).map { resolveURL($0, against: e.base) } }
                mediaText = mediaText ?? mediaDescription(e)
            case .dc:
                dublinCore.read(e)
            case core:
                if e.named("id") { item.id = e.trimmedText.map { resolveIdentifier($0, against: e.base) } ?? "" }
                else if e.named("title") { item.title = item.title ?? plainText(e) }
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
                    item.summaryHTML = item.summaryHTML ?? html(e)
                    contentBase = contentBase ?? e.base
                }
                else if e.named("content") {
                    item.contentHTML = item.contentHTML ?? html(e)
                    contentBase = e.base
                }
                else if e.named("category") { if let c = category(e) { item.categories.append(c) } }
            default: break
            }
        }
        if item.summaryHTML == nil && item.contentHTML == nil { item.summaryHTML = dublinCore.description ?? mediaText }
        item.title = item.title ?? dublinCore.title
        item.author = item.author ?? dublinCore.creator ?? feedAuthor
        item.published = item.published ?? dublinCore.date
        item.categories += dublinCore.subjects
        item.base = contentBase ?? n.base
        FeedParser.complete(&item)
        return item
    }

    /// The href of a `rel="alternate"` (or rel-less) link, resolved; nil for other rels.
    func alternateLink(_ e: XMLNodePtr) -> String? {
        let rel = e.attribute("rel")?.trimmingWhitespace.lowercased() ?? "alternate"
        guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate",
              let href = e.attribute("href")?.trimmingWhitespace, !href.isEmpty else { return nil }
        return resolveURL(href, against: e.base)
    }

    /// A person construct: its name, else its e-mail address (in Atom's namespace, or in none,
    /// as RSS feeds write an `atom:author`).
    func authorName(_ e: XMLNodePtr) -> String? {
        func child(_ name: StaticString) -> String? {
            e.elements.first { $0.named(name) && ($0.namespace == core || $0.namespace == .unqualified) }?.trimmedText
        }
        return child("name") ?? child("email")
    }

    /// A category's term, else its label or text.
    func category(_ e: XMLNodePtr) -> String? {
        guard let term = (e.attribute("term") ?? e.attribute("label") ?? e.trimmedText)?.trimmingWhitespace, !term.isEmpty else { return nil }
        return term
    }

    /// Dublin Core in an Atom feed or entry, for what Atom's own elements do not give.
    private struct DublinCore {
        var title: String?, creator: String?, date: Timestamp?, description: String?
        var subjects: [String] = []

        mutating func read(_ e: XMLNodePtr) {
            if e.named("title") { title = title ?? e.trimmedText }
            else if e.named("description") { description = description ?? e.trimmedText }
            else if e.named("creator") { creator = creator ?? e.trimmedText }
            else if e.named("date") { date = date ?? e.trimmedText.flatMap(FeedDate.parse) }
            else if e.named("subject"), let s = e.trimmedText { subjects.append(s) }
        }
    }

    private enum Kind { case text, html, xhtml }

    private func kind(_ e: XMLNodePtr) -> Kind {
        let type = e.attribute("type")?.trimmingWhitespace.lowercased() ?? "text"
        if type == "xhtml" || type == "application/xhtml+xml" || e.attribute("mode")?.lowercased() == "xml" { return .xhtml }
        if type == "html" || type == "text/html" { return .html }
        return .text
    }

    /// A text construct as HTML.
    func html(_ e: XMLNodePtr) -> String? {
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
    func plainText(_ e: XMLNodePtr) -> String? {
        let text: String
        switch kind(e) {
        case .text: text = (rawText(e) ?? "").trimmingWhitespace
        case .html, .xhtml: text = HTMLSanitizer.plainText(html(e) ?? "")
        }
        return text.isEmpty ? nil : text
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
