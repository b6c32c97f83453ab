/// RFC 2047 encoded words for header text that is not plain ASCII ("L’essentiel du …").
public enum EncodedWord {
    /// An unstructured header value (Subject) for the field `field`: as is when it is
    /// printable ASCII, else `=?UTF-8?Q?…?=` words, never splitting a character, separated by
    /// folding white space (CRLF SP), each line at most 76 characters (RFC 2047 §2).
    public static func unstructured(_ text: String, field: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return text }
        return words(text, maxWord: min(maxWord, 76 - field.utf8.count - 2)).joined(separator: "\r\n ")
    }

    /// A display name in an address header: as is when it is only letters, digits and
    /// spaces; quoted when it is ASCII with specials; encoded otherwise.
    public static func phrase(_ text: String) -> String {
        let ascii = text.utf8.allSatisfy { $0 >= 32 && $0 < 127 }
        if ascii, text.utf8.allSatisfy({ isAlnum($0) || $0 == 32 || $0 == UInt8(ascii: "-") }) { return text }
        if ascii, !text.contains("\\"), !text.contains("\"") { return "\"\(text)\"" }
        return words(text, maxWord: maxWord).joined(separator: " ")
    }

    static let maxWord = 75
    private static let prefix = "=?UTF-8?Q?", suffix = "?="
    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func words(_ text: String, maxWord: Int) -> [String] {
        var words: [String] = []
        var current = ""
        let room = maxWord - prefix.count - suffix.count
        for ch in text {
            var encoded = ""
            for b in String(ch).utf8 {
                if b == 32 {
                    encoded += "_"
                } else if isAlnum(b) || b == UInt8(ascii: "!") || b == UInt8(ascii: "*") || b == UInt8(ascii: "+")
                            || b == UInt8(ascii: "-") || b == UInt8(ascii: "/") {
                    encoded.unicodeScalars.append(Unicode.Scalar(b))
                } else {
                    encoded += "=" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
                }
            }
            if current.count + encoded.count > room, !current.isEmpty {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
