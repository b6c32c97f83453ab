import CLibXML2

/// A whole HTML document parsed by libxml2 (which never fetches anything), for the
/// newsletter's passes (CSS inlining, checks), `kiosque check`'s link scan and tests. Not
/// Sendable: a document lives inside one call.
public final class HTMLDocument {
    let doc: htmlDocPtr

    /// nil only when libxml2 cannot allocate a document; broken markup is repaired as a
    /// browser would.
    public init?(_ html: String) {
        _ = libxml2Setup
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        var source = html.isEmpty ? "<html></html>" : html
        let parsed: htmlDocPtr? = source.withUTF8 { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(clamping: buf.count), "page.html", "UTF-8", options)
            }
        }
        guard let parsed else { return nil }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    /// Every element, in document order (comments, such as Outlook's conditional ones, are
    /// not elements and keep their content untouched).
    public var elements: [Element] {
        var out: [Element] = []
        forEachElement { out.append($0) }
        return out
    }

    /// Every start tag of `html`, in document order, as libxml2's HTML parser reads it
    /// (entities decoded, missing tags implied) but without building a tree: no node is
    /// made or freed. `kiosque check` reads every page of a site so.
    public static func forEachStartTag(of html: String, _ body: (StartTag) -> Void) {
        _ = libxml2Setup
        withoutActuallyEscaping(body) { body in
            var visit = body
            withUnsafeMutablePointer(to: &visit) { visitor in
                var sax = htmlSAXHandler()
                sax.startElement = { context, name, attributes in
                    guard let context else { return }
                    context.assumingMemoryBound(to: ((StartTag) -> Void).self).pointee(StartTag(name: name, attributes: attributes))
                }
                guard let ctxt = htmlCreatePushParserCtxt(&sax, visitor, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return }
                defer { htmlFreeParserCtxt(ctxt) }
                _ = htmlCtxtUseOptions(ctxt, Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue))
                var source = html
                source.withUTF8 { buf in
                    buf.withMemoryRebound(to: CChar.self) { _ = htmlParseChunk(ctxt, $0.baseAddress, Int32(clamping: $0.count), 1) }
                }
            }
        }
    }

    /// A start tag as the parser hands it over; valid during the visit only.
    public struct StartTag {
        let name: UnsafePointer<xmlChar>?
        /// Name, value, name, value…, then nil.
        let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

        /// Whether the tag name is `name` (lower case).
        public func named(_ tag: StaticString) -> Bool { xmlStrEqual(name, tag.utf8Start) != 0 }

        /// The value of the attribute (lower case name); "" for one without a value.
        public func attribute(_ wanted: StaticString) -> String? {
            guard var p = attributes else { return nil }
            while let key = p.pointee {
                if xmlStrEqual(key, wanted.utf8Start) != 0 { return p.advanced(by: 1).pointee.map { String(cString: $0) } ?? "" }
                p += 2
            }
            return nil
        }
    }

    /// Visits every element in document order without gathering them (a page has hundreds).
    public func forEachElement(_ body: (Element) -> Void) {
        func walk(_ first: xmlNodePtr?) {
            var n = first
            while let node = n {
                if node.pointee.type == XML_ELEMENT_NODE {
                    body(Element(node: node))
                    walk(node.pointee.children)
                }
                n = node.pointee.next
            }
        }
        walk(doc.pointee.children)
    }

    public func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }

    public var head: Element? { elements(named: "head").first }

    /// `<!DOCTYPE html>` and the document, in UTF-8 (no entities for accented letters).
    public var html: String {
        guard let buf = xmlAllocOutputBuffer(nil) else { return "" }
        var n = doc.pointee.children
        while let node = n {
            if node.pointee.type != XML_DTD_NODE { htmlNodeDumpFormatOutput(buf, doc, node, "UTF-8", 0) }
            n = node.pointee.next
        }
        xmlOutputBufferFlush(buf)
        let text = xmlOutputBufferGetContent(buf).map { String(cString: $0) } ?? ""
        xmlOutputBufferClose(buf)
        return "<!DOCTYPE html>\n" + text + "\n"
    }

    /// Appends `<style>` with `css` to the head.
    public func addStyle(_ css: String) {
        guard let head = head else { return }
        let style = xmlNewDocNode(doc, nil, "style", nil)
        xmlAddChild(style, xmlNewDocText(doc, css))
        xmlAddChild(head.node, style)
    }

    /// An element of a document; valid while its document lives.
    public struct Element: Hashable {
        let node: xmlNodePtr

        /// Lower-case tag name.
        public var name: String { node.pointee.name.map { String(cString: $0) } ?? "" }

        public var parent: Element? {
            guard let p = node.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
            return Element(node: p)
        }

        /// Read in place when the value is the usual single text node (the link scan asks
        /// this of every element of every page).
        public func attribute(_ name: String) -> String? {
            var a = node.pointee.properties
            while let attr = a {
                if xmlStrEqual(attr.pointee.name, name) != 0 {
                    if let c = attr.pointee.children, c.pointee.next == nil, c.pointee.type == XML_TEXT_NODE,
                       let s = c.pointee.content {
                        return String(cString: s)
                    }
                    guard let v = xmlGetProp(node, name) else { return nil }
                    defer { kiosque_xmlFree(v) }
                    return String(cString: v)
                }
                a = attr.pointee.next
            }
            return nil
        }

        /// Whether the tag name is `name` (lower case), without making a string of it.
        public func named(_ name: StaticString) -> Bool { xmlStrEqual(node.pointee.name, name.utf8Start) != 0 }

        /// The line of its start tag in the parsed text.
        public var line: Int { Int(xmlGetLineNo(node)) }

        public func setAttribute(_ name: String, _ value: String) { xmlSetProp(node, name, value) }

        public var classes: [String] {
            (attribute("class") ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        }

        /// The text inside, tags removed.
        public var text: String {
            guard let c = xmlNodeGetContent(node) else { return "" }
            defer { kiosque_xmlFree(c) }
            return String(cString: c)
        }

        /// Whether a text node directly inside holds something other than white space.
        public var hasOwnText: Bool {
            var n = node.pointee.children
            while let c = n {
                if c.pointee.type == XML_TEXT_NODE, let t = c.pointee.content,
                   String(cString: t).contains(where: { !$0.isWhitespace }) { return true }
                n = c.pointee.next
            }
            return false
        }

        /// Removes it from the document and frees it.
        public func remove() {
            xmlUnlinkNode(node)
            xmlFreeNode(node)
        }
    }
}
