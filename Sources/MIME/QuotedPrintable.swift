/// Quoted-printable (RFC 2045 §6.7) for the text and HTML parts: 8-bit-safe, every line at
/// most 76 characters, readable in a raw message for the ASCII parts.
public enum QuotedPrintable {
    public static let maxLine = 76

    /// Encodes UTF-8 text; `\n` and `\r\n` become hard CRLF line breaks.
    public static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 11 / 10)
        let lines = Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (n, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            encodeLine(line, into: &out)
            if n + 1 < lines.count { out += [13, 10] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            let last = i + 1 == line.endIndex
            var token: [UInt8]
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Trailing white space would be stripped in transit.
                token = last ? escaped(c) : [c]
            case UInt8(ascii: "="):
                token = escaped(c)
            case _ where column == 0 && startsRisky(line[i...]):
                token = escaped(c)
            case 33...126:
                token = [c]
            default:
                token = escaped(c)
            }
            // A soft break ("=") must fit too, unless this is the line's last token.
            let room = last ? maxLine : maxLine - 1
            if column + token.count > room {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
                if startsRisky(line[i...]) { token = escaped(c) }
            }
            out += token
            column += token.count
            i += 1
        }
    }

    /// A line starting with "." (SMTP's end of data) or "From " (mbox) must not arrive as is.
    private static func startsRisky(_ rest: ArraySlice<UInt8>) -> Bool {
        rest.first == UInt8(ascii: ".") || rest.starts(with: "From ".utf8)
    }

    private static func escaped(_ c: UInt8) -> [UInt8] { [UInt8(ascii: "="), hex[Int(c >> 4)], hex[Int(c & 15)]] }
}

extension QuotedPrintable {
    /// The bytes of encoded text: `=XX` escapes decoded, soft line breaks (`=` CRLF) removed.
    /// An `=` that starts no escape is kept as it is (RFC 2045 §6.7's advice to decoders).
    public static func decode(_ encoded: some Collection<UInt8>) -> [UInt8] {
        let b = Array(encoded)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "="), i + 2 < b.count {
                if b[i + 1] == 13, b[i + 2] == 10 { i += 3; continue }
                if let hi = Hex.value(b[i + 1]), let lo = Hex.value(b[i + 2]) {
                    out.append(hi << 4 | lo)
                    i += 3
                    continue
                }
            }
            out.append(b[i])
            i += 1
        }
        return out
    }
}
