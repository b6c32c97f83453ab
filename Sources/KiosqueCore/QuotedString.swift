/// A string as a double-quoted literal that is valid both as JSON and as a YAML double-quoted
/// scalar (YAML's escapes are a superset of JSON's): `\` and `"` escaped, every control or
/// non-printable character, line breaks and U+2028/2029 included, written as an escape, so
/// the value is always one line and nothing in it can end it early.
public enum QuotedString {
    public static func quoted(_ s: String) -> String {
        if !needsEscapes(s) { return "\"" + s + "\"" }
        var out = "\""
        out.unicodeScalars.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                || u.value == 0xFEFF || u.value == 0xFFFE || u.value == 0xFFFF:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Whether any character of `s` is one that `quoted` escapes, read on bytes: most
    /// strings have none.
    private static func needsEscapes(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F { return true }
                if c >= 0xC2 {
                    let c1 = i + 1 < b.count ? b[i + 1] : 0, c2 = i + 2 < b.count ? b[i + 2] : 0
                    if c == 0xC2 && c1 <= 0x9F { return true }  // U+0080–U+009F
                    if c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9) { return true }  // U+2028, U+2029
                    if c == 0xEF && ((c1 == 0xBB && c2 == 0xBF) || (c1 == 0xBF && c2 >= 0xBE)) { return true }  // U+FEFF, U+FFFE/F
                }
                i += 1
            }
            return false
        }
    }
}
