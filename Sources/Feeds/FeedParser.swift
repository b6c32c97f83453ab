import HTML
import KiosqueCore

/// Bytes of a feed -> `FeedDocument`, whatever the format, encoding or state of the markup.
public enum FeedParser {
    /// - Parameters:
    ///   - url: the feed's address: the base of relative links (with `xml:base` over it).
    ///   - httpCharset: the `charset` of the HTTP `Content-Type`, when fetched over HTTP.
    public static func parse(_ data: [UInt8], url: String? = nil, httpCharset: String? = nil) throws(FeedError) -> FeedDocument {
        // Only a web address is a base for links: a file:// one would make them local paths.
        let web = url.flatMap { URLPolicy.scheme($0).map { $0 == "http" || $0 == "https" } == true ? $0 : nil }
        var doc = try parseDocument(data, url: web, httpCharset: httpCharset)
        if FeedEncoding.mayHoldDoubleEncoding(data) { doc.undoDoubleEncoding() }
        // A language tag as BCP 47 writes it: `en-US`, which some feeds write `en_US`.
        doc.language = doc.language.map { String($0.map { $0 == "_" ? "-" : $0 }) }
        return web == nil ? resolvingAgainstHomePage(doc) : doc
    }

    private static func parseDocument(_ data: [UInt8], url: String?, httpCharset: String?) throws(FeedError) -> FeedDocument {
        // The common case first: XML that says it is UTF-8 (or nothing), which libxml2 checks
        // as it parses. Anything else takes the path below, which decides the encoding.
        if data.first == UInt8(ascii: "<"), httpCharset.map({ FeedEncoding.canonicalName($0) == "UTF-8" }) ?? true,
           FeedEncoding.declaredEncoding(data).map({ FeedEncoding.canonicalName($0) == "UTF-8" }) ?? true,
           !looksLikeHTML(data[...]), let tree = XMLTree.parse(data, url: url, recover: false), !tree.undeclaredPrefix {
            return try read(tree)
        }
        let decoded = FeedEncoding.decode(data, httpCharset: httpCharset)
        let bytes = decoded.utf8
        guard let start = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            throw FeedError("the document is empty")
        }
        if bytes[start] == UInt8(ascii: "{") {
            var doc = try JSONFeedReader.read(bytes, url: url)
            doc.repairs = decoded.notes + doc.repairs
            return doc
        }
        if looksLikeHTML(bytes[start...]) { throw FeedError("an HTML page, not a feed") }
        var (tree, repairs) = try xmlTree(bytes, url: url)
        // Prefixes used without their declaration (`content:encoded` in a feed that forgot
        // `xmlns:content`): declared as every feed means them, and read again.
        if tree.undeclaredPrefix, let declared = XMLRepair.declaringPrefixes(bytes) {
            let again = try xmlTree(declared.bytes, url: url)
            tree = again.tree
            repairs += declared.notes + again.repairs
        }
        var doc = try read(tree)
        doc.repairs = decoded.notes + repairs
        return doc
    }

    /// A tree of UTF-8 bytes: strict, else repaired and recovered, with what was repaired.
    private static func xmlTree(_ bytes: [UInt8], url: String?) throws(FeedError) -> (tree: XMLTree, repairs: [String]) {
        if let strict = XMLTree.parse(bytes, url: url, recover: false) { return (strict, []) }
        let repaired = XMLRepair.repair(bytes)
        guard let recovered = XMLTree.parse(repaired.bytes, url: url, recover: true), recovered.root != nil else {
            throw FeedError("not well-formed XML, and not recoverable")
        }
        var repairs = repaired.notes
        if let error = recovered.error { repairs.append("malformed XML recovered: \(error)") }
        if repaired.notes.isEmpty && recovered.error == nil { repairs.append("malformed XML recovered") }
        return (recovered, repairs)
    }

    /// A feed read from a file has no web address of its own: its relative links are
    /// resolved against the site it names (its `<link>`), not against the file.
    static func resolvingAgainstHomePage(_ doc: FeedDocument) -> FeedDocument {
        guard let home = doc.link, URLPolicy.scheme(home).map({ $0 == "http" || $0 == "https" }) == true else { return doc }
        var doc = doc
        for i in doc.items.indices {
            let base = doc.items[i].base.flatMap { URLPolicy.scheme($0) == "file" ? nil : $0 } ?? home
            doc.items[i].base = base
            doc.items[i].link = doc.items[i].link.map { resolveURL($0, against: base) }
            doc.items[i].id = resolveIdentifier(doc.items[i].id, against: base)
            doc.items[i].image = doc.items[i].image.map { resolveURL($0, against: base) }
        }
        return doc
    }

    private static func read(_ tree: XMLTree) throws(FeedError) -> FeedDocument {
        guard let root = tree.root else { throw FeedError("the document has no root element") }
        if let doc = read(root) { return doc }
        // A feed inside another document (an XHTML page that wraps an Atom feed): the first
        // feed element near the top.
        if let inner = feedElement(under: root, depth: 3), let doc = read(inner) { return doc }
        if root.named("html") { throw FeedError("an HTML page, not a feed") }
        throw FeedError("not a feed: the root element is <\(root.name)>")
    }

    private static func feedElement(under node: XMLNodePtr, depth: Int) -> XMLNodePtr? {
        guard depth > 0 else { return nil }
        for e in node.elements {
            if e.named("rss") || e.named("feed") || e.named("RDF") { return e }
            if let found = feedElement(under: e, depth: depth - 1) { return found }
        }
        return nil
    }

    /// The feed an element is the root of, or nil.
    private static func read(_ root: XMLNodePtr) -> FeedDocument? {
        switch (root.namespace, root.name) {
        case (.unqualified, "rss"), (.userlandRSS, "rss"):
            let version = root.attribute("version") ?? ""
            let format: FeedFormat = version.hasPrefix("0.9") ? .rss09x : .rss20
            return RSSReader(core: root.namespace, format: format).read(root)
        case (.rdf, "RDF"):
            if root.elements.contains(where: { $0.named("channel") && $0.namespace == .rss090 }) {
                return RSSReader(core: .rss090, format: .rss09x).read(root)
            }
            return RSSReader(core: .rss10, format: .rss10).read(root)
        case (.atom10, "feed"), (.atom10, "entry"):
            return AtomReader(core: .atom10, format: .atom10).read(root)
        case (.atom03, "feed"):
            return AtomReader(core: .atom03, format: .atom03).read(root)
        case (.unqualified, "feed"):  // Atom without its namespace, as feedparser reads it
            return AtomReader(core: .unqualified, format: root.attribute("version") == "0.3" ? .atom03 : .atom10).read(root)
        default:
            return nil
        }
    }

    private static func looksLikeHTML(_ bytes: ArraySlice<UInt8>) -> Bool {
        let head = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// What every reader does last: an item without a guid gets its link, one without either
    /// a hash of what it says (its headline, as before titles were left nil, so that the ids
    /// a fetch state holds stay the same).
    static func complete(_ item: inout FeedItem) {
        if item.title?.isEmpty == true { item.title = nil }
        if item.id.isEmpty {
            item.id = item.link ?? "urn:kiosque:" + StableHash.hex([item.headline, item.summaryHTML ?? "", item.contentHTML ?? "",
                                                                   item.date.map(String.init) ?? ""].joined(separator: "\n"))
        }
    }
}

/// The text of a Media RSS description (`media:description`, or inside `media:group`), as HTML.
func mediaDescription(_ e: XMLNodePtr) -> String? {
    if e.named("description"), let text = e.trimmedText {
        return e.attribute("type")?.lowercased() == "html" ? text : XMLEscaping.escape(text)
    }
    if e.named("group") {
        for c in e.elements where c.namespace == .media {
            if let d = mediaDescription(c) { return d }
        }
    }
    return nil
}

/// The first image a Media RSS element offers (`media:content`, `media:thumbnail`, `media:group`).
func mediaImage(_ e: XMLNodePtr) -> String? {
    if e.named("thumbnail") { return e.attribute("url") }
    if e.named("content"), let url = e.attribute("url") {
        let type = e.attribute("type")?.lowercased()
        let medium = e.attribute("medium")?.lowercased()
        if medium == "image" || type?.hasPrefix("image/") == true { return url }
        if type == nil && medium == nil {
            let path = url.lowercased().split(separator: "?").first.map(String.init) ?? ""
            if [".jpg", ".jpeg", ".png", ".gif", ".webp"].contains(where: path.hasSuffix) { return url }
        }
        return nil
    }
    if e.named("group") {
        for c in e.elements where c.namespace == .media {
            if let u = mediaImage(c) { return u }
        }
    }
    return nil
}
