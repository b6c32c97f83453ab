import HTML
import KiosqueCore
import CLibXML2

/// A libxml2 document parsed from untrusted bytes, freed with this object. Never shared
/// across tasks: it lives inside one parse call.
final class XMLTree {
    let doc: xmlDocPtr
    /// libxml2's first complaint, when the document was not well formed.
    let error: String?
    /// A prefix was used without its `xmlns:` declaration (libxml2 keeps such an element
    /// unqualified, its prefix in its name).
    let undeclaredPrefix: Bool
    var root: XMLNodePtr? { xmlDocGetRootElement(doc) }

    private init(doc: xmlDocPtr, error: String?, undeclaredPrefix: Bool) {
        self.doc = doc
        self.error = error
        self.undeclaredPrefix = undeclaredPrefix
    }

    deinit { xmlFreeDoc(doc) }

    /// The mark in `xmlDoc._private` of a document whose text needs no second UTF-8 check.
    fileprivate static var checkedUTF8: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: 1) }

    /// Parses UTF-8 bytes. Never loads a DTD or an external entity, never touches the
    /// network, never substitutes entities (XXE, billion laughs) and keeps libxml2's size
    /// limits (no XML_PARSE_HUGE). Strict unless `recover`: returns nil when not well formed.
    /// The bytes are UTF-8 (`FeedEncoding` made them so); when their XML declaration says
    /// otherwise, libxml2 is told to ignore it (which costs a copy, so only then).
    static func parse(_ bytes: [UInt8], url: String?, recover: Bool) -> XMLTree? {
        _ = libxml2Setup
        guard let ctxt = xmlNewParserCtxt() else { return nil }
        defer { xmlFreeParserCtxt(ctxt) }
        var options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
        if recover { options |= XML_PARSE_RECOVER.rawValue }
        let declared = FeedEncoding.declaredEncoding(bytes).map(FeedEncoding.canonicalName)
        let override = declared != nil && declared != "UTF-8"
        if override { options |= XML_PARSE_IGNORE_ENC.rawValue }
        let doc = bytes.withUnsafeBufferPointer { p -> xmlDocPtr? in
            guard let base = p.baseAddress, p.count > 0 else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: p.count) {
                xmlCtxtReadMemory(ctxt, $0, Int32(clamping: p.count), url, override ? "UTF-8" : nil, Int32(options))
            }
        }
        guard let doc else { return nil }
        let wellFormed = ctxt.pointee.wellFormed != 0
        if !wellFormed && !recover {
            xmlFreeDoc(doc)
            return nil
        }
        // Text of a well-formed parse is valid UTF-8: libxml2 checked every character.
        if wellFormed { doc.pointee._private = XMLTree.checkedUTF8 }
        var error: String?
        if !wellFormed, let m = ctxt.pointee.lastError.message {
            error = String(cString: m).trimmingWhitespace
        }
        return XMLTree(doc: doc, error: wellFormed ? nil : (error ?? "malformed XML"), undeclaredPrefix: ctxt.pointee.nsWellFormed == 0)
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    var namespace: XMLNamespace { XMLNamespace(pointee.ns?.pointee.href) }

    /// The text of the element and its descendants. Entity references are not followed, so
    /// entities declared in an internal DTD subset cannot expand; an HTML entity that a DTD
    /// the parser does not load would declare (`&eacute;` under RSS 0.91's) is its character.
    var text: String { withTextBytes(string) }

    /// Trimmed text; nil when empty. ASCII ends, the usual case, are trimmed before the copy.
    var trimmedText: String? {
        withTextBytes { b in
            func space(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
            var lo = 0, hi = b.count
            while lo < hi, space(b[lo]) { lo += 1 }
            while lo < hi, space(b[hi - 1]) { hi -= 1 }
            if lo == hi { return nil }
            if b[lo] < 0x80 && b[hi - 1] < 0x80 { return string(UnsafeBufferPointer(rebasing: b[lo..<hi])) }
            let trimmed = string(b).trimmingWhitespace
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// The text's bytes: those of the only text child in place, else gathered.
    private func withTextBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let c = pointee.children, c.pointee.next == nil, c.pointee.type == XML_TEXT_NODE, let s = c.pointee.content {
            return body(UnsafeBufferPointer(start: s, count: Int(xmlStrlen(s))))
        }
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return bytes.withUnsafeBufferPointer(body)
    }

    /// A string of this document's text, checked as UTF-8 only when libxml2 has not done so.
    private func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        pointee.doc?.pointee._private == XMLTree.checkedUTF8 ? String(trustedUTF8: bytes) : String(decoding: bytes, as: UTF8.self)
    }

    private func appendText(to bytes: inout [UInt8]) {
        var c = pointee.children
        while let n = c {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let s = n.pointee.content { bytes.append(contentsOf: UnsafeBufferPointer(start: s, count: Int(xmlStrlen(s)))) }
            case XML_ELEMENT_NODE: n.appendText(to: &bytes)
            case XML_ENTITY_REF_NODE: if let c = n.htmlEntityCharacter { bytes += c.utf8 }
            default: break
            }
            c = n.pointee.next
        }
    }

    /// The base URL in effect here (xml:base attributes over the document's address).
    var base: String? {
        guard let b = xmlNodeGetBase(pointee.doc, self) else { return nil }
        defer { kiosque_xmlFree(b) }
        return String(cString: b)
    }

    /// xml:lang in effect here.
    var language: String? {
        guard let l = xmlNodeGetLang(self) else { return nil }
        defer { kiosque_xmlFree(l) }
        let s = String(cString: l).trimmingWhitespace
        return s.isEmpty ? nil : s
    }

    /// The children serialized as HTML (Atom `xhtml` content): local names only, so that
    /// a prefixed `xhtml:p` reaches the sanitizer as `p`.
    var innerXHTML: String {
        var out = ""
        var c = pointee.children
        while let n = c {
            n.appendXHTML(to: &out)
            c = n.pointee.next
        }
        return out
    }

    /// The character of an entity reference named as in HTML; nil for any other name.
    fileprivate var htmlEntityCharacter: String? {
        guard let name = pointee.name, let v = htmlEntity(Array(UnsafeBufferPointer(start: name, count: Int(xmlStrlen(name))))),
              let scalar = Unicode.Scalar(v) else { return nil }
        return String(Character(scalar))
    }

    /// The children as HTML for an RSS element, whose text is HTML escaped as text: text as it
    /// is, elements (HTML written unescaped) serialized as in `innerXHTML`.
    var innerHTML: String {
        var out = ""
        var c = pointee.children
        while let n = c {
            switch n.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: if let s = n.pointee.content { out += String(cString: s) }
            case XML_ENTITY_REF_NODE: if let ch = n.htmlEntityCharacter { out += ch }
            default: n.appendXHTML(to: &out)
            }
            c = n.pointee.next
        }
        return out
    }

    private func appendXHTML(to out: inout String) {
        switch pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let s = pointee.content { out += XMLEscaping.escape(String(cString: s)) }
        case XML_ENTITY_REF_NODE:
            if let c = htmlEntityCharacter { out += XMLEscaping.escape(c) }
        case XML_ELEMENT_NODE:
            let tag = name
            out += "<" + tag
            var a = pointee.properties
            while let attr = a {
                if let n = attr.pointee.name, let v = xmlNodeGetContent(UnsafeMutableRawPointer(attr).assumingMemoryBound(to: xmlNode.self)) {
                    out += " \(String(cString: n))=\"\(XMLEscaping.escape(String(cString: v)))\""
                    kiosque_xmlFree(v)
                }
                a = attr.pointee.next
            }
            out += ">"
            if HTMLVoidElements.names.contains(tag) { return }
            var c = pointee.children
            while let n = c {
                n.appendXHTML(to: &out)
                c = n.pointee.next
            }
            out += "</\(tag)>"
        default: break
        }
    }
}


/// The namespaces feed readers care about.
enum XMLNamespace {
    case unqualified, userlandRSS, atom10, atom03, rss10, rss090, rdf, content, dc, dcterms, media, itunes, xhtml, other

    init(_ href: UnsafePointer<xmlChar>?) {
        guard let href else { self = .unqualified; return }
        func eq(_ s: StaticString) -> Bool { xmlStrEqual(href, s.utf8Start) != 0 }
        // Podcast feeds write Apple's namespace in every case ("…/DTDs/Podcast-1.0.dtd").
        func eqIgnoringCase(_ s: StaticString) -> Bool { xmlStrcasecmp(href, s.utf8Start) == 0 }
        // Feeds also write these without their trailing slash, or with https.
        if eq("http://www.w3.org/2005/Atom") || eq("https://www.w3.org/2005/Atom") { self = .atom10 }
        else if eq("http://purl.org/rss/1.0/") { self = .rss10 }
        else if eq("http://purl.org/dc/elements/1.1/") || eq("http://purl.org/dc/elements/1.1") { self = .dc }
        else if eq("http://purl.org/rss/1.0/modules/content/") || eq("http://purl.org/rss/1.0/modules/content") { self = .content }
        else if eq("http://search.yahoo.com/mrss/") || eq("http://search.yahoo.com/mrss") { self = .media }
        else if eq("http://purl.org/atom/ns#") { self = .atom03 }
        else if eq("http://www.w3.org/1999/02/22-rdf-syntax-ns#") { self = .rdf }
        else if eq("http://my.netscape.com/rdf/simple/0.9/") { self = .rss090 }
        else if eq("http://purl.org/dc/terms/") { self = .dcterms }
        else if eq("http://www.w3.org/1999/xhtml") { self = .xhtml }
        else if eqIgnoringCase("http://www.itunes.com/dtds/podcast-1.0.dtd") { self = .itunes }
        else if eq("http://backend.userland.com/rss2") || eq("http://backend.userland.com/rss") { self = .userlandRSS }
        else { self = .other }
    }
}


/// An id written as a path (`/articles/12`, `../12`) is a relative URL, resolved as links
/// are; any other id (`tag:…`, `12`, a guid) is kept as it is.
func resolveIdentifier(_ id: String, against base: String?) -> String {
    id.hasPrefix("/") || id.hasPrefix("./") || id.hasPrefix("../") ? resolveURL(id, against: base) : id
}


