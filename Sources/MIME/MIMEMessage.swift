/// A `multipart/alternative` message (plain text, then HTML: clients show the last part
/// they can display), UTF-8 and quoted-printable, with CRLF line ends throughout.
public struct MIMEMessage: Sendable {
    /// Header fields in order, values already encoded (see `EncodedWord`).
    public var headers: [(name: String, value: String)]
    public var text: String
    public var html: String

    public init(headers: [(name: String, value: String)], text: String, html: String) {
        self.headers = headers
        self.text = text
        self.html = html
    }

    public var bytes: [UInt8] {
        let textPart = QuotedPrintable.encode(text), htmlPart = QuotedPrintable.encode(html)
        // "=_" never occurs in quoted-printable output, so the boundary cannot either.
        let boundary = "=_kiosque_" + hexHash(textPart + htmlPart)
        var s = ""
        for (name, value) in headers { s += Self.fold("\(name): \(value)") + "\r\n" }
        s += "MIME-Version: 1.0\r\n"
        s += "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
        s += "This is a message in MIME format: a plain text part, then an HTML part.\r\n"
        for (type, body) in [("text/plain", textPart), ("text/html", htmlPart)] {
            s += "\r\n--\(boundary)\r\n"
            s += "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            s += body
        }
        s += "\r\n--\(boundary)--\r\n"
        return Array(s.utf8)
    }

    /// Folds a structured header line at spaces after commas and between words so that
    /// lines stay under 78 characters where possible (RFC 5322 §2.2.3). Encoded words and
    /// URLs are never cut.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 78, !line.contains("\r\n") else { return line }
        var out = "", current = ""
        for (n, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if n == 0 { current = String(word); continue }
            if current.utf8.count + 1 + word.utf8.count > 78 {
                out += current + "\r\n"
                current = " " + word
            } else {
                current += " " + word
            }
        }
        return out + current
    }
}

/// 64-bit FNV-1a as 16 hex digits: stable identifiers (boundaries, Message-IDs) from content.
public func hexHash(_ s: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in s.utf8 {
        h ^= UInt64(b)
        h = h &* 0x100_0000_01b3
    }
    let digits = String(h, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
