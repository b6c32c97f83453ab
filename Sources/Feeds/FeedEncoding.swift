#if canImport(Glibc)
import HTML
import Glibc
#endif

/// Turns a feed's bytes into UTF-8 before any parser sees them, so that one rule decides
/// the encoding: a BOM; UTF-16 by its first two bytes; bytes that are valid UTF-8 (whatever the
/// declaration says: servers and CMSs often lie); else the HTTP charset, else the
/// encoding the XML declaration names, else windows-1252 (what "ISO-8859-1" feeds really use).
enum FeedEncoding {
    struct Decoded {
        var utf8: [UInt8]
        /// What was not as declared, for the feed's repair notes.
        var notes: [String] = []
    }

    static func decode(_ bytes: [UInt8], httpCharset: String?) -> Decoded {
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return Decoded(utf8: Iconv.toUTF8(bytes, from: "UTF-32"))
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(Array(bytes.dropFirst(3)), declared: "a UTF-8 BOM") }
        if bytes.starts(with: [0xFF, 0xFE]) { return Decoded(utf8: utf16(bytes.dropFirst(2), bigEndian: false)) }
        if bytes.starts(with: [0xFE, 0xFF]) { return Decoded(utf8: utf16(bytes.dropFirst(2), bigEndian: true)) }
        // UTF-16 without a BOM: an ASCII character and a NUL, which no XML text has, whether
        // the document starts with its declaration or straight with `<rss`.
        if bytes.count >= 2, bytes[0] != 0, bytes[0] < 0x80, bytes[1] == 0 { return Decoded(utf8: utf16(bytes[...], bigEndian: false)) }
        if bytes.count >= 2, bytes[0] == 0, bytes[1] != 0, bytes[1] < 0x80 { return Decoded(utf8: utf16(bytes[...], bigEndian: true)) }
        if isValidUTF8(bytes) { return Decoded(utf8: bytes) }

        // Not UTF-8: the first label naming a legacy encoding iconv knows. A UTF-8 label on
        // bytes that are not UTF-8 is the usual lie of a windows-1252 feed.
        let labels = [httpCharset, declaredEncoding(bytes)].compactMap { $0 }
        let legacy = labels.map(canonicalName).first { $0 != "UTF-8" && Iconv.supports($0) }
        // UTF-8 but for a few bytes (a latin-1 "ø" pasted into a UTF-8 feed, whatever the
        // declaration says): the UTF-8 stays, only the stray bytes are read as legacy.
        if let mixed = mostlyUTF8(bytes, strayFrom: legacy ?? "WINDOWS-1252") {
            return Decoded(utf8: mixed.utf8, notes: ["\(mixed.stray) byte(s) that are not UTF-8, in UTF-8 text, read as \((legacy ?? "WINDOWS-1252").lowercased())"])
        }
        var d = Decoded(utf8: Iconv.toUTF8(bytes, from: legacy ?? "WINDOWS-1252"))
        if legacy == nil {
            d.notes.append(labels.isEmpty ? "bytes are not UTF-8 and no encoding is declared; read as windows-1252"
                                          : "bytes do not match the declared encoding '\(labels[0])'; read as windows-1252")
        }
        return d
    }

    /// Whether UTF-8 bytes hold text encoded twice (UTF-8 read as latin-1, then written as
    /// UTF-8 again: "é" as "Ã©"): a character that is a UTF-8 lead byte in latin-1 followed by
    /// one that is a continuation byte, which no language writes. In bytes that is
    /// `C3 [82-B4] C2 [80-BF]`: memchr to each `C2` (rarer than `C3`, the lead of "é"), then a look around.
    static func mayHoldDoubleEncoding(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, p.count >= 4 else { return false }
            var i = 2
            while i < p.count - 1 {
                guard let hit = memchr(base + i, 0xC2, p.count - 1 - i) else { return false }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if p[i - 2] == 0xC3, (0x82...0xB4).contains(p[i - 1]), (0x80...0xBF).contains(p[i + 1]) { return true }
                i += 1
            }
            return false
        }
    }

    /// A text encoded twice, decoded once more ("PeÃ±a" -> "Peña"), as feedparser repairs
    /// it: only when every character is latin-1 and their bytes are well-formed UTF-8.
    static func undoingDoubleEncoding(_ s: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var high = false
        for u in s.unicodeScalars {
            guard u.value <= 0xFF else { return s }
            bytes.append(UInt8(u.value))
            high = high || u.value >= 0x80
        }
        guard high, isValidUTF8(bytes) else { return s }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ISO-8859-1 and ASCII labels mean windows-1252 in practice (as in browsers).
    static func canonicalName(_ label: String) -> String {
        let n = label.trimmingWhitespace.uppercased()
        switch n {
        case "UTF8", "UTF-8", "UNICODE-1-1-UTF-8": return "UTF-8"
        case "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1", "L1", "ISO_8859-1", "US-ASCII", "ASCII", "CP1252",
             "WINDOWS-1252", "X-CP1252":
            return "WINDOWS-1252"
        default: return n
        }
    }

    /// The `encoding="…"` of an XML declaration at the start of the bytes.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(512)
        guard let start = firstIndex(of: "<?xml", in: head), let end = firstIndex(of: "?>", in: head[start...]) else { return nil }
        let decl = String(decoding: head[start..<end], as: UTF8.self)
        guard let r = decl.range(of: "encoding") else { return nil }
        let rest = decl[r.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let q = rest.first, q == "\"" || q == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != q }
        return value.isEmpty ? nil : String(value)
    }

    private static func utf8(_ bytes: [UInt8], declared: String) -> Decoded {
        if isValidUTF8(bytes) { return Decoded(utf8: bytes) }
        return Decoded(utf8: Array(String(decoding: bytes, as: UTF8.self).utf8),
                       notes: ["invalid UTF-8 bytes after \(declared) replaced"])
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var out = Array(String(decoding: units, as: UTF16.self).utf8)
        // The declaration still says UTF-16: make it true for the UTF-8 bytes we hand on.
        if let decl = declaredEncoding(out), decl.uppercased().hasPrefix("UTF-16") || decl.uppercased().hasPrefix("UTF16") {
            let text = String(decoding: out, as: UTF8.self)
            if let r = text.range(of: decl) { out = Array(text.replacingCharacters(in: r, with: "UTF-8").utf8) }
        }
        return out
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        let n = bytes.count
        return bytes.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return true }
            var i = 0
            while i < n {
                // Most feed bytes are ASCII markup: skip them eight at a time.
                while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
                guard i < n else { break }
                if p[i] < 0x80 { i += 1; continue }
                guard let len = sequenceLength(p, at: i) else { return false }
                i += len
            }
            return true
        }
    }

    /// The length of the well-formed UTF-8 sequence that starts at `i` (a byte >= 0x80), or nil.
    @inline(__always)
    private static func sequenceLength(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let c = p[i]
        let len: Int
        if c >= 0xC2 && c <= 0xDF { len = 2 } else if c >= 0xE0 && c <= 0xEF { len = 3 } else if c >= 0xF0 && c <= 0xF4 { len = 4 } else { return nil }
        guard i + len <= p.count else { return nil }
        for k in 1..<len where p[i + k] & 0xC0 != 0x80 { return nil }
        if len == 3 {
            if c == 0xE0 && p[i + 1] < 0xA0 { return nil }  // overlong
            if c == 0xED && p[i + 1] >= 0xA0 { return nil }  // surrogates
        }
        if len == 4 {
            if c == 0xF0 && p[i + 1] < 0x90 { return nil }
            if c == 0xF4 && p[i + 1] >= 0x90 { return nil }
        }
        return len
    }

    /// The bytes as UTF-8 when they are UTF-8 but for a few, the stray ones read as `legacy`;
    /// nil unless well-formed multi-byte sequences outnumber stray bytes four to one (a
    /// legacy text has few of the first, by chance).
    static func mostlyUTF8(_ bytes: [UInt8], strayFrom legacy: String) -> (utf8: [UInt8], stray: Int)? {
        bytes.withUnsafeBufferPointer { p -> (utf8: [UInt8], stray: Int)? in
            var sequences = 0, stray = 0, i = 0
            while i < p.count {
                if p[i] < 0x80 { i += 1 } else if let len = sequenceLength(p, at: i) { sequences += 1; i += len } else { stray += 1; i += 1 }
            }
            guard stray > 0, sequences >= 4 * stray else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(p.count + stray * 2)
            i = 0
            while i < p.count {
                if p[i] < 0x80 {
                    out.append(p[i])
                    i += 1
                } else if let len = sequenceLength(p, at: i) {
                    out += p[i..<(i + len)]
                    i += len
                } else {
                    var end = i + 1
                    while end < p.count, p[end] >= 0x80, sequenceLength(p, at: end) == nil { end += 1 }
                    out += Iconv.toUTF8(Array(p[i..<end]), from: legacy)
                    i = end
                }
            }
            return (out, stray)
        }
    }
}

/// Where `needle` first occurs in `hay` (an index of `hay`): memchr to its first byte, then
/// memcmp, as fast on megabytes as the generic searches are slow.
func firstIndex(of needle: String, in hay: ArraySlice<UInt8>) -> Int? {
    let n = Array(needle.utf8)
    return hay.withUnsafeBufferPointer { h -> Int? in
        guard let base = h.baseAddress, !n.isEmpty, h.count >= n.count else { return nil }
        let last = h.count - n.count
        var i = 0
        while i <= last {
            guard let p = memchr(base + i, Int32(n[0]), last - i + 1) else { return nil }
            let k = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + k, n, n.count) == 0 { return hay.startIndex + k }
            i = k + 1
        }
        return nil
    }
}

/// glibc's iconv, for the legacy encodings feeds still use.
enum Iconv {
    static func supports(_ name: String) -> Bool {
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }

    /// Converts to UTF-8; a byte the encoding does not define becomes U+FFFD.
    static func toUTF8(_ bytes: [UInt8], from name: String) -> [UInt8] {
        let cd = iconv_open("UTF-8", name)
        guard cd != iconv_t(bitPattern: -1) else { return Array(String(decoding: bytes, as: UTF8.self).utf8) }
        defer { iconv_close(cd) }
        var input = bytes
        var out = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        var produced = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                while inLeft > 0 {
                    if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { break }
                    guard errno == EILSEQ || errno == EINVAL, outLeft >= 3 else { break }
                    // Skip the undefined byte and write U+FFFD (EF BF BD).
                    for b: UInt8 in [0xEF, 0xBF, 0xBD] {
                        outPtr!.pointee = CChar(bitPattern: b)
                        outPtr! += 1
                    }
                    outLeft -= 3
                    inPtr! += 1
                    inLeft -= 1
                }
                produced = outBuf.count - outLeft
            }
        }
        return Array(out[..<produced])
    }
}
