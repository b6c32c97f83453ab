import CLibXML2

/// An HTML document parsed by libxml2, for the digest's own passes (CSS inlining, checks)
/// and for tests. Not Sendable: a document lives inside one call.
public final class HTMLDocument {
    let doc: htmlDocPtr

    /// nil only when libxml2 cannot allocate a document; broken markup is repaired as a
    /// browser would.
    public init?(_ html: String) {
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        var bytes = Array(html.utf8)
        if bytes.isEmpty { bytes = Array("<html></html>".utf8) }
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), "digest.html", "UTF-8", options)
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
        func walk(_ first: xmlNodePtr?) {
            var n = first
            while let node = n {
                if node.pointee.type == XML_ELEMENT_NODE {
                    out.append(Element(node: node))
                    walk(node.pointee.children)
                }
                n = node.pointee.next
            }
        }
        walk(doc.pointee.children)
        return out
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
    public struct Element {
        let node: xmlNodePtr

        /// Lower-case tag name.
        public var name: String { node.pointee.name.map { String(cString: $0) } ?? "" }

        public var parent: Element? {
            guard let p = node.pointee.parent, p.pointee.type == XML_ELEMENT_NODE else { return nil }
            return Element(node: p)
        }

        public func attribute(_ name: String) -> String? {
            guard let v = xmlGetProp(node, name) else { return nil }
            defer { kiosque_xmlFree(v) }
            return String(cString: v)
        }

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
