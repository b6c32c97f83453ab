/// Escaping for text and attribute values in the XML and HTML that Kiosque writes itself
/// (feeds, sitemaps, sanitized HTML): `& < > " '` as entities, control characters dropped.
public enum XMLEscaping {
    public static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 || $0 < 32 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // Control characters are not allowed in XML 1.0 at all.
                if scalar.value >= 32 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
