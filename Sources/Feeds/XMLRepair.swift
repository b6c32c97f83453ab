import CLibXML2

/// The byte-level repairs that feed readers (feedparser, Miniflux) make before giving up on
/// a malformed feed: only run when a strict parse failed, so well-formed feeds pay nothing.
/// Input and output are UTF-8.
enum XMLRepair {
    static func repair(_ bytes: [UInt8]) -> (bytes: [UInt8], notes: [String]) {
        var notes: [String] = []
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)

        var i = startOfMarkup(bytes)
        if bytes[..<i].contains(where: { !isSpace($0) }) { notes.append("text before the XML prolog removed") }

        var controls = 0, entities = 0, ampersands = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "<"), let end = opaqueSectionEnd(bytes, at: i) {
                out.append(contentsOf: bytes[i..<end])  // CDATA and comments: `&` is literal there
                i = end
                continue
            }
            if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
                controls += 1
                i += 1
                continue
            }
            if c == UInt8(ascii: "&") {
                let (replacement, length, kind) = ampersand(bytes, at: i)
                out.append(contentsOf: replacement)
                i += length
                switch kind {
                case .kept: break
                case .htmlEntity: entities += 1
                case .stray: ampersands += 1
                }
                continue
            }
            out.append(c)
            i += 1
        }
        if controls > 0 { notes.append("\(controls) control character(s) removed") }
        if entities > 0 { notes.append("\(entities) undeclared HTML entit\(entities == 1 ? "y" : "ies") replaced") }
        if ampersands > 0 { notes.append("\(ampersands) stray '&' escaped") }
        return (out, notes)
    }

    /// Where the XML starts: the first `<` that opens a declaration, comment, DOCTYPE or element.
    private static func startOfMarkup(_ b: [UInt8]) -> Int {
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "<"), i + 1 < b.count {
                let d = b[i + 1]
                if d == UInt8(ascii: "?") || d == UInt8(ascii: "!") || isNameStart(d) { return i }
            }
            i += 1
        }
        return 0
    }

    /// End of a `<![CDATA[…]]>` or `<!--…-->` starting at `i`.
    private static func opaqueSectionEnd(_ b: [UInt8], at i: Int) -> Int? {
        func has(_ s: String, at k: Int) -> Bool {
            let u = Array(s.utf8)
            return k + u.count <= b.count && b[k..<(k + u.count)].elementsEqual(u)
        }
        let close: String
        if has("<![CDATA[", at: i) { close = "]]>" } else if has("<!--", at: i) { close = "-->" } else { return nil }
        var k = i + 4
        while k < b.count {
            if b[k] == close.utf8.first!, has(close, at: k) { return k + close.utf8.count }
            k += 1
        }
        return b.count
    }

    private enum AmpersandKind { case kept, htmlEntity, stray }

    /// `&amp;`, `&#233;`, `&#xE9;` stay; `&eacute;` becomes `&#233;`; anything else is escaped.
    private static func ampersand(_ b: [UInt8], at i: Int) -> ([UInt8], Int, AmpersandKind) {
        var k = i + 1
        let limit = min(b.count, i + 40)
        if k < limit && b[k] == UInt8(ascii: "#") {
            k += 1
            let hex = k < limit && (b[k] == UInt8(ascii: "x") || b[k] == UInt8(ascii: "X"))
            if hex { k += 1 }
            let digitsStart = k
            while k < limit && (isDigit(b[k]) || hex && isHexLetter(b[k])) { k += 1 }
            if k > digitsStart && k < limit && b[k] == UInt8(ascii: ";"),
               let v = UInt32(String(decoding: b[digitsStart..<k], as: UTF8.self), radix: hex ? 16 : 10),
               isXMLChar(v) {
                return (Array(b[i...k]), k - i + 1, .kept)
            }
            return (Array("&amp;".utf8), 1, .stray)
        }
        while k < limit && (isNameStart(b[k]) || isDigit(b[k])) { k += 1 }
        guard k > i + 1, k < limit, b[k] == UInt8(ascii: ";") else { return (Array("&amp;".utf8), 1, .stray) }
        let name = Array(b[(i + 1)..<k])
        if ["amp", "lt", "gt", "quot", "apos"].contains(String(decoding: name, as: UTF8.self)) {
            return (Array(b[i...k]), k - i + 1, .kept)
        }
        let entity: UnsafePointer<htmlEntityDesc>? = (name + [0]).withUnsafeBufferPointer { htmlEntityLookup($0.baseAddress) }
        if let entity {
            return (Array("&#\(entity.pointee.value);".utf8), k - i + 1, .htmlEntity)
        }
        return (Array("&amp;".utf8), 1, .stray)
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isHexLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80
    }
    private static func isXMLChar(_ v: UInt32) -> Bool {
        v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || (0x10000...0x10FFFF).contains(v)
    }
}
