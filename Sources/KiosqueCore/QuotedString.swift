/// A string as a double-quoted literal that is valid both as JSON and as a YAML double-quoted
/// scalar (YAML's escapes are a superset of JSON's): `\` and `"` escaped, every control or
/// non-printable character, line breaks and U+2028/2029 included, written as an escape, so
/// the value is always one line and nothing in it can end it early.
public enum QuotedString {
    public static func quoted(_ s: String) -> String {
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
}
