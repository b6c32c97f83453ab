import Mustache

/// swift-mustache's own HTML escaping walks Characters through a dictionary: 15 % of a
/// build. This escapes the same five characters the same way, on UTF-8 bytes, with a fast
/// path for text that needs none. Every template gets it through a content-type pragma
/// put in front of its text (on its first line, so error line numbers do not move).
enum FastHTMLEscaping: MustacheContentType {
    case shared

    static let name = "KIOSQUE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    static func register() { MustacheContentTypes.register(Self.shared, named: name) }

    /// Also `TemplateProgram`'s escaping: one function for both renderers. Text with nothing
    /// to escape is returned as it is, not copied.
    func escapeText(_ text: String) -> String {
        var text = text
        let escaped = text.withUTF8 { src -> String? in
            var extra = 0
            for b in src {
                switch b {
                case UInt8(ascii: "&"): extra += 4
                case UInt8(ascii: "<"), UInt8(ascii: ">"): extra += 3
                case UInt8(ascii: "\""), UInt8(ascii: "'"): extra += 5
                default: break
                }
            }
            if extra == 0 { return nil }
            return String(unsafeUninitializedCapacity: src.count + extra) { dst in
                var i = 0
                func put(_ s: StaticString) {
                    s.withUTF8Buffer { for c in $0 { dst[i] = c; i += 1 } }
                }
                for b in src {
                    switch b {
                    case UInt8(ascii: "&"): put("&amp;")
                    case UInt8(ascii: "<"): put("&lt;")
                    case UInt8(ascii: ">"): put("&gt;")
                    case UInt8(ascii: "\""): put("&quot;")
                    case UInt8(ascii: "'"): put("&#39;")
                    default: dst[i] = b; i += 1
                    }
                }
                return i
            }
        }
        return escaped ?? text
    }
}
