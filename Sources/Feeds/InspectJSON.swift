import HTML
import KiosqueCore

/// The JSON of `kiosque feed inspect --json`: keys in the documented order, `null` for what
/// the feed does not give, dates as `2026-02-06T09:30:00Z`. Written by hand because tools
/// depend on the exact shape and Foundation's encoder neither keeps key order nor writes nulls.
extension FeedDocument {
    public func inspectJSON() -> String {
        var w = JSONWriter()
        w.open("{")
        w.field("format", .string(format.rawValue))
        w.field("title", .optional(title))
        w.field("link", .optional(link))
        w.field("language", .optional(language))
        w.field("updated", .optional(updated.map(ISODate.utc)))
        w.key("items")
        w.open("[")
        for item in items {
            w.element()
            w.open("{")
            w.field("id", .string(item.id))
            w.field("title", .optional(item.title))
            w.field("link", .optional(item.link))
            w.field("published", .optional(item.published.map(ISODate.utc)))
            w.field("updated", .optional(item.updated.map(ISODate.utc)))
            w.field("author", .optional(item.author))
            w.field("summary_html", .optional(item.summaryHTML))
            w.field("content_html", .optional(item.contentHTML))
            w.key("categories")
            w.out += "[" + item.categories.map(QuotedString.quoted).joined(separator: ", ") + "]"
            w.field("image", .optional(item.image))
            w.close("}")
        }
        w.close("]")
        w.close("}")
        return w.out + "\n"
    }
}

private struct JSONWriter {
    enum Value {
        case string(String)
        case optional(String?)
    }

    var out = ""
    private var depth = 0
    private var firstInContainer = true

    mutating func open(_ bracket: String) {
        out += bracket
        depth += 1
        firstInContainer = true
    }

    mutating func close(_ bracket: String) {
        depth -= 1
        if !firstInContainer { newline() }
        out += bracket
        firstInContainer = false
    }

    mutating func element() {
        if !firstInContainer { out += "," }
        newline()
        firstInContainer = false
    }

    mutating func key(_ k: String) {
        element()
        out += QuotedString.quoted(k) + ": "
    }

    mutating func field(_ k: String, _ v: Value) {
        key(k)
        switch v {
        case .string(let s): out += QuotedString.quoted(s)
        case .optional(let s): out += s.map(QuotedString.quoted) ?? "null"
        }
    }

    private mutating func newline() {
        out += "\n" + String(repeating: "  ", count: depth)
    }
}
