import Foundation

/// URL-safe identifiers made from French titles: accents folded to ASCII, everything else
/// a hyphen. The result can never hold `/`, `.` or a NUL, so it is safe as a path segment.
public enum Slug {
    /// "Côte d'Ivoire : l'œuvre à 3,25 %" -> "cote-d-ivoire-l-oeuvre-a-3-25".
    public static func make(_ text: String, maxLength: Int = 80) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        for ch in asciiFold(text).utf8 {
            let c: UInt8
            switch ch {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): c = ch
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): c = ch + 32
            default: pendingHyphen = true; continue
            }
            if pendingHyphen && !out.isEmpty { out.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            out.append(c)
        }
        if out.count > maxLength {
            out = Array(out[..<maxLength])
            // Cut at a word boundary when one is reasonably close.
            if let cut = out.lastIndex(of: UInt8(ascii: "-")), cut > maxLength / 2 { out = Array(out[..<cut]) }
            while out.last == UInt8(ascii: "-") { out.removeLast() }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `s` is a slug `make` could have produced (non-empty, [a-z0-9-]).
    public static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && s.first != "-" && s.last != "-"
    }

    /// Removes accents and spells ligatures: "Œuvre été" -> "Oeuvre ete".
    public static func asciiFold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.folding(options: .diacriticInsensitive, locale: nil).unicodeScalars {
            switch scalar.value {
            case 0x152: out.append(contentsOf: "OE".unicodeScalars)
            case 0x153: out.append(contentsOf: "oe".unicodeScalars)
            case 0xC6: out.append(contentsOf: "AE".unicodeScalars)
            case 0xE6: out.append(contentsOf: "ae".unicodeScalars)
            case 0xDF: out.append(contentsOf: "ss".unicodeScalars)
            case 0xD8: out.append("O")
            case 0xF8: out.append("o")
            case 0x110: out.append("D")
            case 0x111: out.append("d")
            case 0x141: out.append("L")
            case 0x142: out.append("l")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
