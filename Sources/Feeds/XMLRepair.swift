import HTML
import CLibXML2

/// The byte-level repairs that feed readers (feedparser, Miniflux) make before giving up on
/// a malformed feed: only run when a strict parse failed, so well-formed feeds pay nothing.
/// Input and output are UTF-8.
///
/// Besides characters (text before the prolog, control characters, HTML entities, stray `&`
/// and `<`), it balances the elements, as an HTML parser would: an end tag closes the
/// elements left open inside the one it names, an end tag that closes nothing is dropped, an
/// `<item>` or `<entry>` closes whatever is still open in its channel or feed (an unclosed
/// `<image>` or `<itunes:category>` would otherwise swallow every item after it), `<br>`,
/// `<hr>`, `<img>` and `<wbr>` are empty, and the end of the document closes what is open.
/// libxml2's own recovery does none of this: its tree keeps the items inside the element
/// left open, where no reader looks for them.
enum XMLRepair {
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], notes: [String]) {
        var r = Rewriter(bytes)
        r.run()
        return (r.out, r.notes)
    }

    /// The namespaces of the prefixes feeds use without declaring them.
    static let usualPrefixes: [(prefix: String, uri: String)] = [
        ("content", "http://purl.org/rss/1.0/modules/content/"), ("dc", "http://purl.org/dc/elements/1.1/"),
        ("dcterms", "http://purl.org/dc/terms/"), ("atom", "http://www.w3.org/2005/Atom"),
        ("media", "http://search.yahoo.com/mrss/"), ("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ]

    /// The bytes with an `xmlns:` declaration added to the root element for each usual
    /// prefix that the document uses (`<content:encoded>`) and never declares; nil when none.
    static func declaringPrefixes(_ bytes: [UInt8]) -> (bytes: [UInt8], notes: [String])? {
        let missing = usualPrefixes.filter { p in
            firstIndex(of: "<\(p.prefix):", in: bytes[...]) != nil && firstIndex(of: "xmlns:\(p.prefix)", in: bytes[...]) == nil
        }
        guard !missing.isEmpty, let root = rootNameEnd(bytes) else { return nil }
        let declarations = missing.map { " xmlns:\($0.prefix)=\"\($0.uri)\"" }.joined()
        return (Array(bytes[..<root]) + Array(declarations.utf8) + Array(bytes[root...]),
                ["undeclared prefix(es) " + missing.map { $0.prefix + ":" }.joined(separator: ", ") + " read as usual"])
    }

    /// Where the root element's name ends: past the prolog, comments, DOCTYPE and PIs.
    private static func rootNameEnd(_ b: [UInt8]) -> Int? {
        var i = 0
        while i + 1 < b.count {
            if b[i] == UInt8(ascii: "<") {
                let next = b[i + 1]
                if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                    // Past the `>` that closes it: a comment's `-->`, a DOCTYPE's after its `[…]`.
                    let close = b[i...].starts(with: "<!--".utf8) ? "-->" : b[i...].prefix(while: { $0 != UInt8(ascii: ">") }).contains(UInt8(ascii: "[")) ? "]>" : ">"
                    guard let end = firstIndex(of: close, in: b[i...]) else { return nil }
                    i = end + close.utf8.count
                    continue
                }
                guard isNameStart(next) else { return nil }
                var k = i + 1
                while k < b.count, isNameChar(b[k]) { k += 1 }
                return k
            }
            i += 1
        }
        return nil
    }
}

private struct Rewriter {
    let b: [UInt8]
    var out: [UInt8] = []
    var notes: [String] = []
    /// The names of the open elements, outermost first.
    var open: [ArraySlice<UInt8>] = []
    var controls = 0, entities = 0, ampersands = 0, lessThans = 0, closed = 0, dropped = 0

    init(_ bytes: [UInt8]) {
        b = bytes
        out.reserveCapacity(bytes.count + bytes.count / 16)
    }

    mutating func run() {
        var i = startOfMarkup()
        if b[..<i].contains(where: { !isSpace($0) }) { notes.append("text before the XML prolog removed") }
        let n = b.count
        while i < n {
            let c = b[i]
            if c == UInt8(ascii: "<") {
                i = markup(at: i)
            } else if c == UInt8(ascii: "&") {
                i = ampersand(at: i)
            } else {
                if c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { out.append(c) } else { controls += 1 }
                i += 1
            }
        }
        while let name = open.popLast() { writeEndTag(name) }
        if controls > 0 { notes.append("\(controls) control character(s) removed") }
        if entities > 0 { notes.append("\(entities) undeclared HTML entit\(entities == 1 ? "y" : "ies") replaced") }
        if ampersands > 0 { notes.append("\(ampersands) stray '&' escaped") }
        if lessThans > 0 { notes.append("\(lessThans) stray '<' escaped") }
        if closed > 0 { notes.append("\(closed) unclosed element(s) closed") }
        if dropped > 0 { notes.append("\(dropped) end tag(s) that closed nothing dropped") }
    }

    /// Where the XML starts: its declaration, else the feed's root element or DOCTYPE, else
    /// the first `<` that opens markup. What comes before (a PHP warning, a BOM left over) is
    /// no part of the feed.
    private func startOfMarkup() -> Int {
        let head = b.prefix(1 << 16)
        if let p = firstIndex(of: "<?xml", in: head) { return p }
        for root in ["<rss", "<feed", "<rdf:RDF", "<RDF", "<!DOCTYPE"] {
            if let p = firstIndex(of: root, in: head), p + root.utf8.count < b.count, !isNameChar(b[p + root.utf8.count]) { return p }
        }
        var i = 0
        while i + 1 < b.count {
            if b[i] == UInt8(ascii: "<"), b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "!") || isNameStart(b[i + 1]) {
                return i
            }
            i += 1
        }
        return 0
    }

    /// Whatever starts with `<` at `i`; returns where it ends.
    private mutating func markup(at i: Int) -> Int {
        let next = i + 1 < b.count ? b[i + 1] : 0
        if has("<![CDATA[", at: i) { return copy(from: i, through: "]]>") }
        if has("<!--", at: i) { return copy(from: i, through: "-->") }
        if next == UInt8(ascii: "?") { return copy(from: i, through: "?>") }
        if next == UInt8(ascii: "!") { return declaration(at: i) }
        if next == UInt8(ascii: "/"), i + 2 < b.count, isNameStart(b[i + 2]) { return endTag(at: i) }
        if isNameStart(next) { return startTag(at: i) }
        out += "&lt;".utf8
        lessThans += 1
        return i + 1
    }

    /// Copies up to and including `close` (the rest of the document if it never comes).
    private mutating func copy(from i: Int, through close: String) -> Int {
        var k = i + 2
        while k < b.count {
            if b[k] == close.utf8.first!, has(close, at: k) {
                k += close.utf8.count
                break
            }
            k += 1
        }
        k = min(k, b.count)
        out += b[i..<k]
        return k
    }

    /// `<!DOCTYPE …>` with its internal subset, as it is.
    private mutating func declaration(at i: Int) -> Int {
        var k = i + 2, depth = 0
        var quote: UInt8 = 0
        while k < b.count {
            let c = b[k]
            if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "]") { depth -= 1 } else if c == UInt8(ascii: ">"), depth <= 0 {
                k += 1
                break
            }
            k += 1
        }
        k = min(k, b.count)
        out += b[i..<k]
        return k
    }

    private mutating func startTag(at i: Int) -> Int {
        var k = i + 1
        while k < b.count, isNameChar(b[k]) { k += 1 }
        let name = b[(i + 1)..<k]
        if isItem(name), let container = innermost(where: isContainer), container < open.count - 1 {
            closed += open.count - 1 - container
            while open.count > container + 1 { writeEndTag(open.removeLast()) }
        }
        out.append(UInt8(ascii: "<"))
        out += name
        // The attributes, up to the `>` that is not inside quotes (or a `<` that must have
        // been the next tag), with `<` and `&` inside values made proper.
        var quote: UInt8 = 0
        var selfClosing = false
        while k < b.count {
            let c = b[k]
            if quote == 0 && (c == UInt8(ascii: ">") || c == UInt8(ascii: "<")) { break }
            if quote != 0 && c == quote { quote = 0 } else if quote == 0 && (c == 0x22 || c == 0x27) { quote = c }
            selfClosing = quote == 0 && c == UInt8(ascii: "/")
            if c == UInt8(ascii: "&") {
                k = ampersand(at: k)
                continue
            }
            if quote != 0 && c == UInt8(ascii: "<") {
                out += "&lt;".utf8
                lessThans += 1
            } else if c >= 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                out.append(c)
            } else {
                controls += 1
            }
            k += 1
        }
        let empty = Self.voidNames.contains(where: { name.elementsEqual($0) })
        if empty && !selfClosing { out.append(UInt8(ascii: "/")) }
        out.append(UInt8(ascii: ">"))
        if !selfClosing && !empty { open.append(name) }
        return k < b.count && b[k] == UInt8(ascii: ">") ? k + 1 : k
    }

    private mutating func endTag(at i: Int) -> Int {
        var k = i + 2
        while k < b.count, isNameChar(b[k]) { k += 1 }
        let name = b[(i + 2)..<k]
        while k < b.count, b[k] != UInt8(ascii: ">"), b[k] != UInt8(ascii: "<") { k += 1 }
        if k < b.count, b[k] == UInt8(ascii: ">") { k += 1 }
        let match = innermost { $0.elementsEqual(name) }
            ?? innermost { $0.count == name.count && zip($0, name).allSatisfy { asciiLower($0) == asciiLower($1) } }
        guard let match else {
            dropped += 1
            return k
        }
        closed += open.count - 1 - match
        while open.count > match { writeEndTag(open.removeLast()) }
        return k
    }

    /// The innermost open element that matches, among the 256 innermost: libxml2 refuses
    /// deeper documents anyway, and a search through every level for every tag would make
    /// a hostile document of unclosed elements quadratic.
    private func innermost(where match: (ArraySlice<UInt8>) -> Bool) -> Int? {
        var k = open.count - 1
        while k >= 0 && k >= open.count - 256 {
            if match(open[k]) { return k }
            k -= 1
        }
        return nil
    }

    private mutating func writeEndTag(_ name: ArraySlice<UInt8>) {
        out += "</".utf8
        out += name
        out.append(UInt8(ascii: ">"))
    }

    /// `&amp;`, `&#233;`, `&#xE9;` stay; `&eacute;` becomes `&#233;`; anything else is escaped.
    private mutating func ampersand(at i: Int) -> Int {
        var k = i + 1
        let limit = min(b.count, i + 40)
        if k < limit && b[k] == UInt8(ascii: "#") {
            k += 1
            let hex = k < limit && (b[k] == UInt8(ascii: "x") || b[k] == UInt8(ascii: "X"))
            if hex { k += 1 }
            let digitsStart = k
            while k < limit && (isDigit(b[k]) || hex && isHexLetter(b[k])) { k += 1 }
            if k > digitsStart && k < limit && b[k] == UInt8(ascii: ";"),
               let v = UInt32(String(decoding: b[digitsStart..<k], as: UTF8.self), radix: hex ? 16 : 10), isXMLChar(v) {
                out += b[i...k]
                return k + 1
            }
            return strayAmpersand(at: i)
        }
        while k < limit && (isNameStart(b[k]) || isDigit(b[k])) { k += 1 }
        guard k > i + 1, k < limit, b[k] == UInt8(ascii: ";") else { return strayAmpersand(at: i) }
        let name = Array(b[(i + 1)..<k])
        if ["amp", "lt", "gt", "quot", "apos"].contains(where: { name.elementsEqual($0.utf8) }) {
            out += b[i...k]
            return k + 1
        }
        if let value = htmlEntity(name) {
            out += "&#\(value);".utf8
            entities += 1
            return k + 1
        }
        return strayAmpersand(at: i)
    }

    private mutating func strayAmpersand(at i: Int) -> Int {
        out += "&amp;".utf8
        ampersands += 1
        return i + 1
    }

    /// Elements HTML writes without an end tag: in a broken feed's HTML they are empty.
    static let voidNames: [[UInt8]] = ["br", "hr", "img", "wbr"].map { Array($0.utf8) }

    private func isItem(_ name: ArraySlice<UInt8>) -> Bool {
        ["item", "entry", "rss:item", "atom:entry"].contains { name.elementsEqual($0.utf8) }
    }

    private func isContainer(_ name: ArraySlice<UInt8>) -> Bool {
        ["channel", "feed", "rdf:RDF", "RDF", "rss:channel", "atom:feed"].contains { name.elementsEqual($0.utf8) }
    }

    private func has(_ s: String, at k: Int) -> Bool {
        let u = s.utf8
        return k + u.count <= b.count && b[k..<(k + u.count)].elementsEqual(u)
    }
}

/// The code point of an HTML named entity (`eacute` -> 233), from libxml2's HTML table.
func htmlEntity(_ name: [UInt8]) -> UInt32? {
    (name + [0]).withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress) }.map { $0.pointee.value }
}

private func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
private func isHexLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
private func asciiLower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
private func isNameStart(_ c: UInt8) -> Bool {
    (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80
}
private func isNameChar(_ c: UInt8) -> Bool {
    isNameStart(c) || isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
}
private func isXMLChar(_ v: UInt32) -> Bool {
    v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
}
