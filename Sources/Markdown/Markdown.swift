import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// CommonMark to HTML through libcmark.
///
/// Smart punctuation is on (straight quotes and dashes become typographic ones). Raw HTML
/// and `javascript:` links are dropped: cmark's safe mode is its default.
public enum Markdown {
    public static func html(_ markdown: String) -> String {
        var source = markdown
        return source.withUTF8 { buf in
            guard let base = buf.baseAddress,
                  let out = base.withMemoryRebound(to: CChar.self, capacity: buf.count, {
                      cmark_markdown_to_html($0, buf.count, CMARK_OPT_SMART)
                  }) else { return "" }
            defer { free(out) }
            return String(cString: out)
        }
    }
}
