import MIME

/// `application/x-www-form-urlencoded` (a form's body, a query string), read strictly: a bad
/// `%` escape, bytes that are not UTF-8 or a control character (CR and LF included: nothing
/// may reach a mail header with them) is an error, never a guess.
enum FormEncoding {
    struct Invalid: Error {}

    /// Names to values; a name given twice keeps its first value.
    static func fields(_ bytes: some Collection<UInt8>) throws(Invalid) -> [String: String] {
        var out: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: UInt8(ascii: "="))
            let name = try decode(pair[..<(eq ?? pair.endIndex)])
            let value = try eq.map { i throws(Invalid) in try decode(pair[pair.index(after: i)...]) } ?? ""
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    static func decode(_ s: some Collection<UInt8>) throws(Invalid) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%") {
                let h = s.index(after: i)
                guard h < s.endIndex, s.index(after: h) < s.endIndex, let hi = Hex.value(s[h]), let lo = Hex.value(s[s.index(after: h)]) else { throw Invalid() }
                bytes.append(hi << 4 | lo)
                i = s.index(h, offsetBy: 2)
                continue
            }
            bytes.append(c == UInt8(ascii: "+") ? 32 : c)
            i = s.index(after: i)
        }
        guard let text = String(validating: bytes, as: UTF8.self),
              !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
        else { throw Invalid() }
        return text
    }
}
