/// Escaping for the HTML Kiosque writes itself.
enum HTMLText {
    static let voidElements: Set<String> = ["br", "hr", "img", "wbr", "area", "col", "input", "meta", "link", "base", "source", "param", "embed", "track"]

    /// Text content: `&`, `<`, `>`.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Attribute values (always written double-quoted): also `"`.
    static func escapeAttribute(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\"", with: "&quot;")
    }
}
