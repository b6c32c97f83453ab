import CLibXML2

/// A piece of untrusted HTML parsed by libxml2's HTML parser (which never fetches anything),
/// kept as a tree for the sanitizer and the Markdown writer. Freed with this object.
final class HTMLFragment {
    private let doc: htmlDocPtr
    /// The `<body>` holding the fragment's nodes.
    let body: XMLNodePtr

    init?(_ html: String) {
        _ = libxml2Setup
        // An explicit <html><body> keeps every node of the fragment in the body, where the
        // sanitizer looks, whatever the fragment starts with.
        var source = "<html><body>" + html
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        let parsed = source.withUTF8 { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(clamping: buf.count), nil, "UTF-8", Int32(options))
            }
        }
        guard let parsed else { return nil }
        guard let root = xmlDocGetRootElement(parsed),
              let body = root.elements.first(where: { $0.named("body") }) else {
            xmlFreeDoc(parsed)
            return nil
        }
        doc = parsed
        self.body = body
    }

    deinit { xmlFreeDoc(doc) }
}
