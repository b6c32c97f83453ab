import CCmark
import KiosqueCore
#if canImport(Glibc)
import Glibc
#endif

/// CommonMark to HTML through libcmark.
///
/// Smart punctuation is on (straight quotes and dashes become typographic ones), then the
/// text gets French typography (`FrenchTypography`). Raw HTML and `javascript:` links are
/// dropped: cmark's safe mode is its default.
public enum Markdown {
    /// Renders `markdown`. Links and images that start at the site root (`/docs/a.pdf`)
    /// are made absolute under `root` (`https://example.com/news/`), so they keep working
    /// when the site lives under a sub-path.
    ///
    /// `sanitize`: given, raw HTML in the Markdown (a table `kiosque fetch` kept, an editor's
    /// markup) is rendered and the result passed through it; without it, raw HTML is dropped.
    /// Documents without raw HTML never pay for it.
    public static func html(_ markdown: String, root: String? = nil, sanitize: ((String) -> String)? = nil) -> String {
        withDocument(markdown) { doc in
            if let root { absolutize(doc, root: root) }
            typeset(doc)
            if let sanitize, containsRawHTML(doc) { return sanitize(render(doc, options: CMARK_OPT_SMART | CMARK_OPT_UNSAFE)) }
            return render(doc)
        }
    }

    /// The first top-level paragraph as HTML (nil when there is none): the summary of an
    /// article whose editor wrote none. Headings, lists, quotes and code are skipped whole.
    /// `accept` can pass over paragraphs that are not prose (a GFM table is a paragraph
    /// in plain CommonMark).
    public static func firstParagraphHTML(_ markdown: String, accept: (String) -> Bool = { _ in true }) -> String? {
        withDocument(markdown) { doc in
            var node = cmark_node_first_child(doc)
            while let n = node {
                if cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH {
                    let html = render(n)
                    if accept(html) { return html }
                }
                node = cmark_node_next(n)
            }
            return nil
        }
    }

    /// A link, an image or a piece of raw HTML of a document, where it starts: what
    /// `kiosque check` needs to say on which line of a file a link of its page is written.
    public struct Reference: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case link, image, html }
        public var kind: Kind
        /// The URL as `html` writes it (site-root links made absolute under `root`), or the
        /// raw HTML.
        public var value: String
        /// In the Markdown text, from 1.
        public var line: Int
        /// An image's description (its alt text).
        public var alt: String = ""
    }

    /// Every link, image and raw HTML piece of `markdown`, in document order.
    public static func references(_ markdown: String, root: String? = nil) -> [Reference] {
        withDocument(markdown, options: CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS) { doc in
            if let root { absolutize(doc, root: root) }
            var out: [Reference] = []
            let iter = cmark_iter_new(doc)
            defer { cmark_iter_free(iter) }
            while cmark_iter_next(iter) != CMARK_EVENT_DONE {
                guard cmark_iter_get_event_type(iter) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
                let line = Int(cmark_node_get_start_line(node))
                switch cmark_node_get_type(node) {
                case CMARK_NODE_LINK:
                    out.append(Reference(kind: .link, value: cmark_node_get_url(node).map { String(cString: $0) } ?? "", line: line))
                case CMARK_NODE_IMAGE:
                    out.append(Reference(kind: .image, value: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                                         line: line, alt: text(of: node)))
                case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                    out.append(Reference(kind: .html, value: cmark_node_get_literal(node).map { String(cString: $0) } ?? "", line: line))
                default: break
                }
            }
            return out
        }
    }

    /// The text inside a node (an image's description), markup left out.
    private static func text(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let c = child {
            switch cmark_node_get_type(c) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE: out += cmark_node_get_literal(c).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: out += " "
            default: out += text(of: c)
            }
            child = cmark_node_next(c)
        }
        return out
    }

    private static func withDocument<T>(_ markdown: String, options: Int32 = CMARK_OPT_SMART, _ body: (OpaquePointer) -> T) -> T {
        var source = markdown
        let doc = source.withUTF8 { buf in
            buf.withMemoryRebound(to: CChar.self) { cmark_parse_document($0.baseAddress, buf.count, options) }
        }!
        defer { cmark_node_free(doc) }
        return body(doc)
    }

    private static func render(_ node: OpaquePointer, options: Int32 = CMARK_OPT_SMART) -> String {
        guard let out = cmark_render_html(node, options) else { return "" }
        defer { free(out) }
        return String(cString: out)
    }

    private static func containsRawHTML(_ doc: OpaquePointer) -> Bool {
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while cmark_iter_next(iter) != CMARK_EVENT_DONE {
            let type = cmark_node_get_type(cmark_iter_get_node(iter))
            if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE { return true }
        }
        return false
    }

    /// French typography on the text nodes, a block at a time (what a block's text ends with
    /// carries over its emphasis and links). Code, raw HTML, URLs and titles of links are not
    /// text nodes: they stay as written.
    private static func typeset(_ doc: OpaquePointer) {
        var balance = 0
        forEachText(doc) { _, _, text in balance += FrenchTypography.Typesetter.englishQuoteBalance(text) }
        var setter = FrenchTypography.Typesetter(englishQuotesPair: balance == 0)
        forEachText(doc) { node, type, text in
            switch type {
            case CMARK_NODE_TEXT:
                guard var out = setter.typeset(text) else { return }
                out.append(0)
                out.withUnsafeBufferPointer { buf in
                    buf.withMemoryRebound(to: CChar.self) { _ = cmark_node_set_literal(node, $0.baseAddress) }
                }
            case CMARK_NODE_CODE: setter.skip(text)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: setter.lineBreak()
            default: setter = FrenchTypography.Typesetter(englishQuotesPair: balance == 0)  // a new block
            }
        }
    }

    /// Calls `body` on every text, code span and line break of `doc`, in order, and on entering
    /// each block (with an empty text).
    private static func forEachText(_ doc: OpaquePointer, _ body: (OpaquePointer, cmark_node_type, UnsafeBufferPointer<UInt8>) -> Void) {
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while cmark_iter_next(iter) != CMARK_EVENT_DONE {
            guard cmark_iter_get_event_type(iter) == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard let literal = cmark_node_get_literal(node) else { continue }
                body(node, type, UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self),
                                                     count: strlen(literal)))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                body(node, type, UnsafeBufferPointer(start: nil, count: 0))
            default:
                if type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue { body(node, type, UnsafeBufferPointer(start: nil, count: 0)) }
            }
        }
    }

    private static func absolutize(_ doc: OpaquePointer, root: String) {
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while cmark_iter_next(iter) != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iter),
                  cmark_node_get_type(node) == CMARK_NODE_LINK || cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                  let raw = cmark_node_get_url(node) else { continue }
            let url = String(cString: raw)
            if url.hasPrefix("/") && !url.hasPrefix("//") {
                _ = cmark_node_set_url(node, root + url.dropFirst())
            }
        }
    }
}
