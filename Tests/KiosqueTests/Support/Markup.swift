import CLibXML2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTML and XML queries on libxml2. Every document lives inside one call: it is parsed,
/// queried and freed there, and only Swift strings come out.
enum Markup {
    static let rss = ["atom": "http://www.w3.org/2005/Atom", "dc": "http://purl.org/dc/elements/1.1/"]
    static let sitemap = ["sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
                          "news": "http://www.google.com/schemas/sitemap-news/0.9"]

    /// Values of an XPath over an HTML page: the value of each attribute, the text content of
    /// each element, or the single string/number/boolean result of an expression.
    static func html(_ text: String, _ xpath: String) -> [String] {
        html(text, [xpath])[0]
    }

    /// Several XPaths over one parse of the page.
    static func html(_ text: String, _ xpaths: [String]) -> [[String]] {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = Array(text.utf8)
        let doc: htmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                htmlReadMemory($0, Int32(buf.count), "page.html", "UTF-8", options)
            }
        }
        guard let doc else { return xpaths.map { _ in [] } }
        defer { xmlFreeDoc(doc) }
        return xpaths.map { evaluate(doc, $0, namespaces: [:]) ?? [] }
    }

    /// Values of an XPath over an XML document; nil when the document is not well-formed.
    static func xml(_ text: String, _ xpath: String, namespaces: [String: String] = [:]) -> [String]? {
        xml(text, [xpath], namespaces: namespaces)?[0]
    }

    static func xml(_ text: String, _ xpaths: [String], namespaces: [String: String] = [:]) -> [[String]]? {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        let doc: xmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xmlReadMemory($0, Int32(buf.count), "doc.xml", "UTF-8", options)
            }
        }
        guard let doc else { return nil }
        defer { xmlFreeDoc(doc) }
        var out: [[String]] = []
        for x in xpaths {
            guard let v = evaluate(doc, x, namespaces: namespaces) else { return nil }
            out.append(v)
        }
        return out
    }

    /// Whether `text` is a well-formed XML document.
    static func isWellFormedXML(_ text: String) -> Bool { xml(text, "/*") != nil }

    // MARK: - internals


    private static func withXMLChars<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
        s.withCString { p in p.withMemoryRebound(to: xmlChar.self, capacity: s.utf8.count + 1, body) }
    }

    /// nil when the expression is invalid.
    private static func evaluate(_ doc: xmlDocPtr, _ xpath: String, namespaces: [String: String]) -> [String]? {
        guard let ctx = xmlXPathNewContext(doc) else { return nil }
        defer { xmlXPathFreeContext(ctx) }
        for (prefix, uri) in namespaces {
            let rc = withXMLChars(prefix) { p in withXMLChars(uri) { u in xmlXPathRegisterNs(ctx, p, u) } }
            precondition(rc == 0, "cannot register namespace \(prefix)")
        }
        guard let obj = withXMLChars(xpath, { xmlXPathEvalExpression($0, ctx) }) else { return nil }
        defer { xmlXPathFreeObject(obj) }
        switch obj.pointee.type {
        case XPATH_NODESET:
            guard let set = obj.pointee.nodesetval, set.pointee.nodeNr > 0, let tab = set.pointee.nodeTab else { return [] }
            var out: [String] = []
            for i in 0..<Int(set.pointee.nodeNr) {
                guard let node = tab[i], let content = xmlNodeGetContent(node) else { out.append(""); continue }
                out.append(String(cString: content))
                kiosque_xmlFree(content)
            }
            return out
        case XPATH_STRING:
            return [obj.pointee.stringval.map { String(cString: $0) } ?? ""]
        case XPATH_NUMBER:
            let v = obj.pointee.floatval
            return [v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)]
        case XPATH_BOOLEAN:
            return [obj.pointee.boolval != 0 ? "true" : "false"]
        default:
            return []
        }
    }
}
