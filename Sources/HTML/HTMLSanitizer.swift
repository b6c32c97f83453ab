import KiosqueCore
import CLibXML2

/// An allowlist over libxml2's HTML tree, as tt-rss and Miniflux do: only the elements and
/// attributes of an article's prose survive; scripts, styles, frames, objects, forms and
/// their content go; `on*` handlers, styles and classes go with every attribute not listed;
/// links must be http(s) or mailto, images http(s) or `data:image/`; relative URLs are
/// resolved against the item's base; 1×1 tracking pixels are dropped.
public enum HTMLSanitizer {
    /// The sanitized HTML. `typeset`: its text, outside `pre` and `code`, in French typography
    /// (a page's body; feed content is stored as it came).
    public static func sanitize(_ html: String, base: String?, typeset: Bool = false) -> String {
        guard let fragment = HTMLFragment(html) else { return "" }
        clean(fragment.body, base: base)
        return serialize(children: fragment.body, typeset: typeset)
    }

    /// The text a reader would see, on one line (for summaries).
    public static func plainText(_ html: String) -> String {
        guard let fragment = HTMLFragment(html) else { return "" }
        clean(fragment.body, base: nil)
        var text = ""
        appendText(fragment.body, to: &text)
        return collapseWhitespace(text)
    }

    /// Text with a space at every element boundary, so that `<p>a</p><p>b</p>` reads "a b".
    private static func appendText(_ parent: XMLNodePtr, to out: inout String) {
        var c = parent.pointee.children
        while let n = c {
            if n.pointee.type == XML_TEXT_NODE, let s = n.pointee.content {
                out += String(cString: s)
            } else if n.isElement {
                let inline = ["a", "em", "i", "strong", "b", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "cite", "code", "abbr", "q"]
                    .contains(n.name.lowercased())
                if !inline { out += " " }
                appendText(n, to: &out)
                if !inline { out += " " }
            }
            c = n.pointee.next
        }
    }

    /// Elements removed with everything inside them.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta", "link",
        "head", "title", "noscript", "template", "svg", "math", "textarea", "select", "button", "input", "option",
        "xmp", "plaintext", "noembed", "noframes", "audio", "video", "canvas", "dialog", "portal", "param", "source",
    ]

    /// The dropped elements HTML writes without content (`safe<embed src=…> description`):
    /// libxml2's HTML parser puts the text after them inside them.
    static let voidDropped: Set<String> = ["embed", "base", "meta", "link", "input", "param", "source"]

    /// Elements kept, with the attributes each may keep. Anything else is replaced by its content.
    package static let allowed: [String: Set<String>] = {
        var a: [String: Set<String>] = [:]
        for tag in ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "dl", "dt", "dd", "pre", "code",
                    "em", "i", "strong", "b", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "cite", "hr",
                    "figure", "figcaption", "table", "thead", "tbody", "tfoot", "tr", "caption"] {
            a[tag] = []
        }
        a["a"] = ["href", "title"]
        a["img"] = ["src", "alt", "title", "width", "height"]
        a["blockquote"] = ["cite"]
        a["q"] = ["cite"]
        a["ol"] = ["start"]
        a["abbr"] = ["title"]
        a["td"] = ["colspan", "rowspan"]
        a["th"] = ["colspan", "rowspan"]
        return a
    }()

    static func clean(_ parent: XMLNodePtr, base: String?) {
        var c = parent.pointee.children
        while let n = c {
            let next = n.pointee.next
            switch n.pointee.type {
            case XML_TEXT_NODE:
                break
            case XML_ELEMENT_NODE:
                let tag = n.name.lowercased()
                if voidDropped.contains(tag) {
                    // libxml2 nests what follows a void element inside it: its siblings, kept.
                    clean(n, base: base)
                    unwrap(n)
                } else if dropped.contains(tag) {
                    remove(n)
                } else if let attributes = allowed[tag] {
                    if cleanAttributes(n, tag: tag, keep: attributes, base: base) {
                        clean(n, base: base)
                    } else {
                        remove(n)
                    }
                } else {
                    clean(n, base: base)
                    unwrap(n)
                }
            default:  // comments, processing instructions, CDATA, entity references
                remove(n)
            }
            c = next
        }
    }

    /// Keeps the listed attributes with safe values; false when the element itself must go
    /// (an image without a safe source, a tracking pixel).
    private static func cleanAttributes(_ n: XMLNodePtr, tag: String, keep: Set<String>, base: String?) -> Bool {
        var a = n.pointee.properties
        var kept: [(String, String)] = []
        while let attr = a {
            a = attr.pointee.next
            let name = attr.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            guard keep.contains(name), let raw = attributeValue(attr) else { continue }
            let value: String?
            switch name {
            case "href", "cite": value = URLPolicy.link(raw, base: base)
            case "src": value = URLPolicy.image(raw, base: base)
            case "width", "height", "colspan", "rowspan", "start": value = Int(raw.trimmingWhitespace.replacingOccurrences(of: "px", with: "")).map(String.init)
            default: value = raw
            }
            if let value { kept.append((name, value)) }
        }
        while let attr = n.pointee.properties { xmlRemoveProp(attr) }
        if tag == "img" {
            guard kept.contains(where: { $0.0 == "src" }) else { return false }
            let w = kept.first { $0.0 == "width" }.flatMap { Int($0.1) }
            let h = kept.first { $0.0 == "height" }.flatMap { Int($0.1) }
            if let w, let h, w <= 1, h <= 1 { return false }
        }
        for (name, value) in kept {
            _ = withXMLChars(name) { k in withXMLChars(value) { v in xmlNewProp(n, k, v) } }
        }
        return true
    }

    private static func attributeValue(_ attr: UnsafeMutablePointer<xmlAttr>) -> String? {
        guard let v = xmlNodeGetContent(UnsafeMutableRawPointer(attr).assumingMemoryBound(to: xmlNode.self)) else { return nil }
        defer { kiosque_xmlFree(v) }
        return String(cString: v)
    }

    private static func remove(_ n: XMLNodePtr) {
        xmlUnlinkNode(n)
        xmlFreeNode(n)
    }

    /// Replaces the element by its (already cleaned) children.
    private static func unwrap(_ n: XMLNodePtr) {
        while let child = n.pointee.children {
            xmlUnlinkNode(child)
            xmlAddPrevSibling(n, child)
        }
        remove(n)
    }

    /// The cleaned tree as HTML, every text and attribute escaped by us.
    static func serialize(children parent: XMLNodePtr, typeset: Bool = false) -> String {
        var out = ""
        var c = parent.pointee.children
        while let n = c {
            append(n, typeset: typeset, to: &out)
            c = n.pointee.next
        }
        return out
    }

    private static func append(_ n: XMLNodePtr, typeset: Bool, to out: inout String) {
        switch n.pointee.type {
        case XML_TEXT_NODE:
            guard let s = n.pointee.content else { return }
            let text = String(cString: s)
            out += XMLEscaping.escape(typeset ? FrenchTypography.text(text) : text)
        case XML_ELEMENT_NODE:
            let tag = n.name.lowercased()
            out += "<" + tag
            var a = n.pointee.properties
            while let attr = a {
                if let name = attr.pointee.name, let v = attributeValue(attr) {
                    out += " \(String(cString: name))=\"\(XMLEscaping.escape(v))\""
                }
                a = attr.pointee.next
            }
            out += ">"
            if HTMLVoidElements.names.contains(tag) { return }
            out += serialize(children: n, typeset: typeset && tag != "pre" && tag != "code")
            out += "</\(tag)>"
        default: break
        }
    }

    static func collapseWhitespace(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Which URLs may appear in sanitized HTML.
public enum URLPolicy {
    /// An absolute http(s) or mailto URL, resolved against `base`; nil otherwise.
    public static func link(_ raw: String, base: String?) -> String? {
        guard let url = absolute(raw, base: base), let scheme = scheme(url) else { return nil }
        return ["http", "https", "mailto"].contains(scheme) ? url : nil
    }

    /// An http(s) image, or an inline `data:image/` one of a raster type; nil otherwise.
    public static func image(_ raw: String, base: String?) -> String? {
        guard let url = absolute(raw, base: base), let scheme = scheme(url) else { return nil }
        if scheme == "http" || scheme == "https" { return url }
        if scheme == "data" {
            let lower = url.lowercased()
            for type in ["data:image/png", "data:image/jpeg", "data:image/jpg", "data:image/gif", "data:image/webp"]
            where lower.hasPrefix(type + ";") || lower.hasPrefix(type + ",") {
                return url
            }
        }
        return nil
    }

    /// As browsers read it: tabs and newlines inside a URL are ignored, so `java\tscript:` is
    /// `javascript:`; leading and trailing controls and spaces too.
    private static func absolute(_ raw: String, base: String?) -> String? {
        var s = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
        s = String(s.unicodeScalars.drop { $0.value <= 0x20 })
        while let last = s.unicodeScalars.last, last.value <= 0x20 { s.unicodeScalars.removeLast() }
        guard !s.isEmpty else { return nil }
        let resolved = resolveURL(s, against: base)
        return scheme(resolved) == nil ? nil : resolved
    }

    /// A reference as a browser resolves it on a page at `base` (RFC 3986).
    public static func resolve(_ reference: String, against base: String) -> String { resolveURL(reference, against: base) }

    /// The lowercased scheme, when the URL has one.
    public static func scheme(_ url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let s = url[..<colon]
        guard let first = s.first, first.isASCII, first.isLetter,
              s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return s.lowercased()
    }
}
