/// Escaping for text and attribute values in the XML and HTML that Kiosque writes itself
/// (feeds, sitemaps, sanitized HTML): `& < > " '` as entities, control characters dropped.
public enum XMLEscaping {
    public static func escape(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: needsWork) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 32)
            out.append(contentsOf: bytes[..<first])
            for b in bytes[first...] {
                switch b {
                case 38: out.append(contentsOf: "&amp;".utf8)
                case 60: out.append(contentsOf: "&lt;".utf8)
                case 62: out.append(contentsOf: "&gt;".utf8)
                case 34: out.append(contentsOf: "&quot;".utf8)
                case 39: out.append(contentsOf: "&apos;".utf8)
                // Control characters are not allowed in XML 1.0 at all.
                case 9, 10, 13: out.append(b)
                case ..<32: break
                default: out.append(b)
                }
            }
            // Only ASCII bytes were replaced or dropped: still valid UTF-8.
            return out.withUnsafeBufferPointer(String.init(trustedUTF8:))
        } ?? s
    }

    private static func needsWork(_ b: UInt8) -> Bool {
        b == 38 || b == 60 || b == 62 || b == 34 || b == 39 || (b < 32 && b != 9 && b != 10 && b != 13)
    }
}
