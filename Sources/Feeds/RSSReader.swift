import HTML
import KiosqueCore

/// RSS 0.90, 0.91, 0.92, 1.0 (RDF) and 2.0, with the modules real feeds use:
/// `content:encoded`, Dublin Core, Media RSS, enclosures, iTunes, and Atom elements inside
/// RSS (`atom:link`, .NET's `a10:`). Where an element repeats, the first non-empty one is
/// the item's (a later empty `<link>` or a `rel="self"` one never wins); where an element is
/// missing, the others stand in for it, the feed's own RSS first.
struct RSSReader {
    /// The namespace of the core elements: none for 0.91–2.0, RSS 1.0's or 0.90's for RDF.
    let core: XMLNamespace
    let format: FeedFormat
    /// For the Atom elements an RSS feed borrows.
    private let atom = AtomReader(core: .atom10, format: .atom10)

    init(core: XMLNamespace, format: FeedFormat) {
        self.core = core
        self.format = format
    }

    func read(_ root: XMLNodePtr) -> FeedDocument {
        let channel = root.named("channel") ? root : root.elements.first { $0.named("channel") && $0.namespace == core }
        var doc = FeedDocument(format: format, title: nil, link: nil, language: nil, updated: nil, items: [])
        var itemNodes: [XMLNodePtr] = []
        var published: Timestamp?, dcTitle: String?, atomLink: String?
        if let channel {
            for e in channel.elements {
                switch e.namespace {
                case core:
                    if e.named("item") { itemNodes.append(e) }
                    else if e.named("title") { doc.title = doc.title ?? title(e) }
                    else if e.named("link") { doc.link = doc.link ?? link(e) }
                    else if e.named("language") { doc.language = doc.language ?? e.trimmedText }
                    else if e.named("lastBuildDate") { doc.updated = doc.updated ?? e.trimmedText.flatMap(FeedDate.parse) }
                    else if e.named("pubDate") { published = published ?? e.trimmedText.flatMap(FeedDate.parse) }
                case .dc:
                    if e.named("language") { doc.language = doc.language ?? e.trimmedText }
                    else if e.named("date") { doc.updated = doc.updated ?? e.trimmedText.flatMap(FeedDate.parse) }
                    else if e.named("title") { dcTitle = dcTitle ?? title(e) }
                case .dcterms:
                    if e.named("modified") { doc.updated = doc.updated ?? e.trimmedText.flatMap(FeedDate.parse) }
                case .atom10:
                    if e.named("link") { atomLink = atomLink ?? atom.alternateLink(e) }
                default: break
                }
            }
        }
        doc.title = doc.title ?? dcTitle
        doc.link = doc.link ?? atomLink
        doc.updated = doc.updated ?? published
        // RSS 1.0 and 0.90 put the items beside the channel.
        if core != .unqualified {
            itemNodes += root.elements.filter { $0.named("item") && $0.namespace == core }
        }
        doc.items = itemNodes.map(item)
        return doc
    }

    /// The fields of an item, each from the first element that gives it, by kind of source.
    private struct Found {
        var title: String?, dcTitle: String?, atomTitle: String?
        var link: String?, atomLink: String?
        var guid: String?, isPermaLink = true, atomID: String?
        var author: String?, creator: String?, atomAuthor: String?, itunesAuthor: String?
        var description: String?, dcDescription: String?, atomSummary: String?, itunesSummary: String?, mediaText: String?
        var encoded: String?, atomContent: String?
        var pubDate: Timestamp?, dcDate: Timestamp?, atomPublished: Timestamp?, issued: Timestamp?
        var atomUpdated: Timestamp?, modified: Timestamp?
    }

    private func item(_ n: XMLNodePtr) -> FeedItem {
        var item = FeedItem(id: "", title: nil)
        var f = Found()
        for e in n.elements {
            switch e.namespace {
            case core:
                if e.named("title") { f.title = f.title ?? title(e) }
                else if e.named("link") { f.link = f.link ?? link(e) }
                else if e.named("description") { f.description = f.description ?? html(e) }
                else if e.named("guid") {
                    if f.guid == nil, let g = e.trimmedText {
                        f.guid = g
                        f.isPermaLink = e.attribute("isPermaLink")?.trimmingWhitespace.lowercased() != "false"
                    }
                }
                else if e.named("pubDate") { f.pubDate = f.pubDate ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("author") { f.author = f.author ?? e.trimmedText.map { personName(titleText($0)) } }
                else if e.named("category") { if let c = e.trimmedText { item.categories.append(c) } }
                else if e.named("enclosure"), item.image == nil,
                        e.attribute("type")?.lowercased().hasPrefix("image/") == true {
                    item.image = e.attribute("url")
                }
            case .content:
                if e.named("encoded") { f.encoded = f.encoded ?? e.trimmedText }
            case .dc:
                if e.named("creator") { f.creator = f.creator ?? e.trimmedText.map { personName(titleText($0)) } }
                else if e.named("date") { f.dcDate = f.dcDate ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("subject") { if let c = e.trimmedText { item.categories.append(c) } }
                else if e.named("title") { f.dcTitle = f.dcTitle ?? title(e) }
                else if e.named("description") { f.dcDescription = f.dcDescription ?? html(e) }
            case .dcterms:
                if e.named("modified") { f.modified = f.modified ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("issued") || e.named("created") { f.issued = f.issued ?? e.trimmedText.flatMap(FeedDate.parse) }
            case .atom10:
                if e.named("link") { f.atomLink = f.atomLink ?? atom.alternateLink(e) }
                else if e.named("updated") { f.atomUpdated = f.atomUpdated ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("published") { f.atomPublished = f.atomPublished ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("author") { f.atomAuthor = f.atomAuthor ?? atom.authorName(e) }
                else if e.named("content") { f.atomContent = f.atomContent ?? atom.html(e) }
                else if e.named("summary") { f.atomSummary = f.atomSummary ?? atom.html(e) }
                else if e.named("title") { f.atomTitle = f.atomTitle ?? atom.plainText(e) }
                else if e.named("id") { f.atomID = f.atomID ?? e.trimmedText }
                else if e.named("category") { if let c = atom.category(e) { item.categories.append(c) } }
            case .itunes:
                if e.named("author") { f.itunesAuthor = f.itunesAuthor ?? e.trimmedText.map { personName(titleText($0)) } }
                else if e.named("summary") { f.itunesSummary = f.itunesSummary ?? e.trimmedText.map(XMLEscaping.escape) }
            case .media:
                if item.image == nil { item.image = mediaImage(e) }
                f.mediaText = f.mediaText ?? mediaDescription(e)
            default: break
            }
        }
        let base = n.base
        item.base = base
        item.title = f.title ?? f.dcTitle ?? f.atomTitle
        item.author = f.creator ?? f.author ?? f.atomAuthor ?? f.itunesAuthor
        item.summaryHTML = f.description ?? f.dcDescription ?? f.atomSummary ?? f.itunesSummary
        item.contentHTML = f.encoded ?? f.atomContent
        if item.summaryHTML == nil && item.contentHTML == nil { item.summaryHTML = f.mediaText }
        item.published = f.pubDate ?? f.dcDate ?? f.atomPublished ?? f.issued
        item.updated = f.atomUpdated ?? f.modified
        item.link = (f.link ?? f.atomLink).map { resolveURL($0, against: base) }
        let guid = f.guid ?? f.atomID
        if item.link == nil, let guid = f.guid, f.isPermaLink, guid.lowercased().hasPrefix("http") { item.link = guid }
        item.id = (guid ?? n.attribute("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#"))
            .map { resolveIdentifier($0, against: base) } ?? item.link ?? ""
        item.image = item.image.map { resolveURL($0, against: base) }
        FeedParser.complete(&item)
        return item
    }

    private func title(_ e: XMLNodePtr) -> String? { e.trimmedText.map(titleText) }

    /// A `<link>`'s address: its text, else the `href` of an Atom-style link written without
    /// the Atom namespace, unless it points elsewhere than the page (`rel="self"`, "hub"…).
    private func link(_ e: XMLNodePtr) -> String? {
        if let text = e.trimmedText { return resolveURL(text, against: e.base) }
        return atom.alternateLink(e)
    }

    /// An RSS text element as HTML: its text, which is HTML escaped as text; HTML written as
    /// elements inside it (invalid, but common) is kept as markup.
    private func html(_ e: XMLNodePtr) -> String? {
        guard e.hasElements else { return e.trimmedText }
        let s = e.innerHTML.trimmingWhitespace
        return s.isEmpty ? nil : s
    }
}

/// RSS titles and names are plain text, but feeds write HTML in them too: escaped once too
/// often (`AT&amp;amp;T`, `l&amp;#8217;euro`), or as markup (`1930ft<sup>2</sup>`). Read as
/// HTML when it looks like HTML, as feedparser decides (an end tag or an entity, and only
/// elements a sanitizer keeps: `<script>` in a title is text about a script); else only the
/// character references left in it are decoded.
func titleText(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") }) else { return text }
    if looksLikeHTML(text) {
        let plain = HTMLSanitizer.plainText(text)
        if !plain.isEmpty { return plain }
    }
    return decodingCharacterReferences(text)
}

/// An end tag (`</b>`) or an entity (`&amp;`), and no element but those HTML text is made of.
private func looksLikeHTML(_ text: String) -> Bool {
    let b = Array(text.utf8)
    var markup = false
    var i = 0
    while i < b.count {
        if b[i] == UInt8(ascii: "<") {
            var k = i + 1
            let end = k < b.count && b[k] == UInt8(ascii: "/")
            if end { k += 1 }
            let start = k
            while k < b.count, b[k] | 0x20 >= 0x61 && b[k] | 0x20 <= 0x7A || (k > start && b[k] >= 0x30 && b[k] <= 0x39) { k += 1 }
            if k > start {
                let name = String(decoding: b[start..<k], as: UTF8.self).lowercased()
                guard HTMLSanitizer.allowed[name] != nil || name == "span" || name == "font" else { return false }
                markup = markup || end
            }
        } else if b[i] == UInt8(ascii: "&"), let semicolon = b[(i + 1)...].prefix(32).firstIndex(of: UInt8(ascii: ";")),
                  characterReference(b[(i + 1)..<semicolon]) != nil {
            markup = true
        }
        i += 1
    }
    return markup
}

/// `l&#8217;euro` -> `l’euro`; what is not a character reference stays.
private func decodingCharacterReferences(_ text: String) -> String {
    let b = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
        if b[i] == UInt8(ascii: "&"), let end = b[(i + 1)...].prefix(32).firstIndex(of: UInt8(ascii: ";")),
           let scalar = characterReference(b[(i + 1)..<end]).flatMap(Unicode.Scalar.init) {
            out += String(Character(scalar)).utf8
            i = end + 1
        } else {
            out.append(b[i])
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// `amp`, `#8217`, `#x2019` -> the code point; nil for anything else.
private func characterReference(_ name: ArraySlice<UInt8>) -> UInt32? {
    if name.first == UInt8(ascii: "#") {
        let digits = name.dropFirst()
        let hex = digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X")
        let value = UInt32(String(decoding: hex ? digits.dropFirst() : digits, as: UTF8.self), radix: hex ? 16 : 10)
        return value.flatMap { $0 > 0 && $0 <= 0x10FFFF ? $0 : nil }
    }
    guard name.allSatisfy({ ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) else { return nil }
    return name.elementsEqual("apos".utf8) ? 0x27 : htmlEntity(Array(name))  // XML's, not in HTML 4's table
}

/// RSS's `author` is an address and a name, `me@example.com (Awa Koné)`: the name, else the
/// address. Other forms (`Awa Koné <me@example.com>`, a bare name) keep the name.
func personName(_ raw: String) -> String {
    let s = raw.trimmingWhitespace
    if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
        let inside = s[s.index(after: open)..<s.index(before: s.endIndex)].trimmingWhitespace
        let outside = s[..<open].trimmingWhitespace
        if outside.contains("@") && !inside.isEmpty { return inside }
        if inside.contains("@") && !outside.isEmpty { return outside }
    }
    if let open = s.firstIndex(of: "<"), s.hasSuffix(">") {
        let name = s[..<open].trimmingWhitespace
        if !name.isEmpty { return name }
    }
    return s
}
