import Foundation

/// Decoders for what the digest writes, independent of the encoders under test.
enum MIMETestDecoder {
    /// Quoted-printable body -> text (soft breaks removed, CRLF kept).
    static func quotedPrintable(_ s: String) -> String {
        var out: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "=") {
                if i + 2 < b.count, b[i + 1] == 13, b[i + 2] == 10 { i += 3; continue }
                if i + 2 < b.count, let v = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                    out.append(v); i += 3; continue
                }
            }
            out.append(b[i]); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A header value with RFC 2047 Q-encoded words -> text.
    static func encodedWords(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n ", with: " ")
        guard unfolded.contains("=?") else { return unfolded }
        var out = ""
        // Only Q words separated by white space, as Kiosque writes them.
        for word in unfolded.split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?Q?"), word.hasSuffix("?=") else { out += (out.isEmpty ? "" : " ") + word; continue }
            let body = word.dropFirst("=?UTF-8?Q?".count).dropLast(2).replacingOccurrences(of: "_", with: " ")
            out += quotedPrintable(body)
        }
        return out
    }
}
