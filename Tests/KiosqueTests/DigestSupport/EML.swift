import Foundation

/// A received or written `.eml`, split the way a mail client would: header fields (unfolded),
/// and the parts of a multipart body, decoded.
struct EML {
    var raw: String
    var headers: [(String, String)] = []
    var boundary: String?
    var parts: [(headers: [(String, String)], body: String)] = []

    init(_ raw: String) {
        self.raw = raw
        let (h, body) = Self.split(raw)
        headers = h
        if let ct = header("Content-Type"), let r = ct.range(of: "boundary=\"") {
            let b = ct[r.upperBound...].prefix { $0 != "\"" }
            boundary = String(b)
            let chunks = body.components(separatedBy: "\r\n--\(b)")
            for chunk in chunks.dropFirst() where !chunk.hasPrefix("--") {
                let (ph, pb) = Self.split(chunk.hasPrefix("\r\n") ? String(chunk.utf8.dropFirst(2))! : chunk)
                parts.append((ph, pb))
            }
        }
    }

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func headerCount(_ name: String) -> Int { headers.filter { $0.0.lowercased() == name.lowercased() }.count }

    static func split(_ s: String) -> ([(String, String)], String) {
        guard let r = s.range(of: "\r\n\r\n") else { return ([], s) }
        var fields: [(String, String)] = []
        for line in s[..<r.lowerBound].components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].1 += "\r\n" + line
            } else if let c = line.firstIndex(of: ":") {
                fields.append((String(line[..<c]), String(line[line.index(after: c)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return (fields, String(s[r.upperBound...]))
    }

    /// The decoded text of the part with this content type.
    func part(_ type: String) -> String? {
        guard let p = parts.first(where: { ($0.headers.first { $0.0.lowercased() == "content-type" }?.1 ?? "").hasPrefix(type) }) else { return nil }
        return MIMETestDecoder.quotedPrintable(p.body).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
