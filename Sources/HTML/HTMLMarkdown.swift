import CLibXML2

/// A feed item's HTML as the Markdown an editor would have written: paragraphs, headings,
/// lists, links, emphasis, images, quotes, code; tables stay as (sanitized) HTML, which
/// CommonMark has no syntax for. The HTML is always sanitized first; text is escaped so that
/// nothing in it becomes Markdown syntax or raw HTML.
public enum HTMLMarkdown {
    public static func markdown(_ html: String, base: String?) -> String {
        guard let fragment = HTMLFragment(html) else { return "" }
        HTMLSanitizer.clean(fragment.body, base: base)
        let text = MarkdownWriter().blocks(of: fragment.body).joined(separator: "\n\n")
        return text.isEmpty ? "" : text + "\n"
    }
}

private struct MarkdownWriter {
    static let blockTags: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "hr",
        "table", "figure", "figcaption", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
    ]

    /// The node's children as Markdown blocks; runs of inline content become paragraphs.
    func blocks(of parent: XMLNodePtr) -> [String] {
        var out: [String] = []
        var run = ""
        func flush() {
            let p = paragraph(run)
            if !p.isEmpty { out.append(p) }
            run = ""
        }
        var c = parent.pointee.children
        while let n = c {
            if n.isElement, MarkdownWriter.blockTags.contains(n.name) {
                flush()
                out += block(n)
            } else {
                run += inline(n)
            }
            c = n.pointee.next
        }
        flush()
        return out
    }

    private func block(_ n: XMLNodePtr) -> [String] {
        let tag = n.name
        switch tag {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let text = oneLine(inlineChildren(n))
            return text.isEmpty ? [] : [String(repeating: "#", count: Int(String(tag.last!))!) + " " + text]
        case "ul", "ol":
            return list(n, ordered: tag == "ol")
        case "blockquote":
            let inner = blocks(of: n).joined(separator: "\n\n")
            guard !inner.isEmpty else { return [] }
            return [inner.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")]
        case "pre":
            let code = n.content.trimmingTrailingNewlines
            guard !code.isEmpty else { return [] }
            let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: code) + 1))
            return [fence + "\n" + code + "\n" + fence]
        case "hr":
            return ["* * *"]
        case "table":
            // CommonMark has no tables: kept as sanitized HTML on one line (an HTML block
            // ends at a blank line).
            let inner = HTMLSanitizer.serialize(children: n)
            return inner.isEmpty ? [] : [oneLine("<table>" + inner + "</table>")]
        case "dt":
            let text = oneLine(inlineChildren(n))
            return text.isEmpty ? [] : ["**" + text + "**"]
        case "figcaption":
            let text = oneLine(inlineChildren(n))
            return text.isEmpty ? [] : ["*" + text + "*"]
        default:  // p, div, figure, dl, dd, li and table parts met outside their parents
            return blocks(of: n)
        }
    }

    private func list(_ n: XMLNodePtr, ordered: Bool) -> [String] {
        var items: [[String]] = []
        for li in n.elements {
            let content = li.named("li") ? blocks(of: li) : block(li)
            if !content.isEmpty { items.append(content) }
        }
        guard !items.isEmpty else { return [] }
        var number = ordered ? (n.attribute("start").flatMap { Int($0) } ?? 1) : 0
        let loose = items.contains { $0.count > 1 }
        let rendered = items.map { content -> String in
            let marker = ordered ? "\(number). " : "- "
            number += 1
            let indent = String(repeating: " ", count: marker.count)
            let lines = content.joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false)
            return lines.enumerated().map { i, line in
                i == 0 ? marker + line : (line.isEmpty ? "" : indent + line)
            }.joined(separator: "\n")
        }
        return [rendered.joined(separator: loose ? "\n\n" : "\n")]
    }

    // MARK: inline

    private func inlineChildren(_ n: XMLNodePtr) -> String {
        var out = ""
        var c = n.pointee.children
        while let child = c {
            out += inline(child)
            c = child.pointee.next
        }
        return out
    }

    /// Inline Markdown; `\n` marks a hard line break (from `<br>`).
    private func inline(_ n: XMLNodePtr) -> String {
        if n.pointee.type == XML_TEXT_NODE {
            guard let s = n.pointee.content else { return "" }
            return MarkdownWriter.escape(MarkdownWriter.collapse(String(cString: s)))
        }
        guard n.isElement else { return "" }
        switch n.name {
        case "br": return "\n"
        case "em", "i", "cite": return delimit(inlineChildren(n), "*")
        case "strong", "b": return delimit(inlineChildren(n), "**")
        case "code":
            let code = MarkdownWriter.collapse(n.content)
            guard !code.trimmingWhitespace.isEmpty else { return code }
            let ticks = String(repeating: "`", count: longestRun(of: "`", in: code) + 1)
            let pad = code.hasPrefix("`") || code.hasSuffix("`") ? " " : ""
            return ticks + pad + code + pad + ticks
        case "a":
            let text = oneLine(inlineChildren(n)).trimmingWhitespace
            guard let href = n.attribute("href") else { return text }
            return "[" + (text.isEmpty ? MarkdownWriter.escape(href) : text) + "](" + destination(href) + ")"
        case "img":
            guard let src = n.attribute("src") else { return "" }
            let alt = MarkdownWriter.escape(MarkdownWriter.collapse(n.attribute("alt") ?? "")).trimmingWhitespace
            return "![" + alt + "](" + destination(src) + ")"
        case "q": return "« " + inlineChildren(n).trimmingWhitespace + " »"
        default: return inlineChildren(n)
        }
    }

    /// `*text*` with the spaces moved outside, as CommonMark requires.
    private func delimit(_ s: String, _ d: String) -> String {
        let inner = s.trimmingWhitespace
        guard !inner.isEmpty else { return s.isEmpty ? "" : " " }
        let lead = s.first!.isWhitespace ? " " : ""
        let trail = s.last!.isWhitespace ? " " : ""
        return lead + d + inner + d + trail
    }

    /// A link destination in `<…>`, where only `<`, `>` and line ends need care.
    private func destination(_ url: String) -> String {
        var out = "<"
        for u in url.unicodeScalars {
            switch u {
            case "<": out += "%3C"
            case ">": out += "%3E"
            case " ": out += "%20"
            case _ where u.value < 0x20 || u.value == 0x7F: break
            default: out.unicodeScalars.append(u)
            }
        }
        return out + ">"
    }

    /// An inline run as a paragraph: lines trimmed, hard breaks kept, line starts escaped.
    private func paragraph(_ run: String) -> String {
        run.split(separator: "\n").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            .map(MarkdownWriter.escapeLineStart).joined(separator: "\\\n")
    }

    private func oneLine(_ s: String) -> String {
        MarkdownWriter.collapse(s.replacingOccurrences(of: "\n", with: " ")).trimmingWhitespace
    }

    private func longestRun(of c: Character, in s: String) -> Int {
        var best = 0, run = 0
        for ch in s {
            run = ch == c ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }

    static func collapse(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var space = false
        for ch in s {
            if ch.isWhitespace && ch != "\u{A0}" && ch != "\u{202F}" {
                space = true
            } else {
                if space { out += " " }
                space = false
                out.append(ch)
            }
        }
        if space { out += " " }
        return out
    }

    /// Characters that CommonMark could read as syntax or raw HTML, anywhere in a line;
    /// `&` only where it could start an entity.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var chars = s.makeIterator()
        var next = chars.next()
        while let ch = next {
            next = chars.next()
            if "\\`*_[]<>".contains(ch) || ch == "&" && (next.map { $0 == "#" || $0.isLetter } ?? false) { out += "\\" }
            out.append(ch)
        }
        return out
    }

    /// What starts a block when at the start of a line: `#`, `>`, `-`, `+`, `=`, `1.`, `1)`.
    static func escapeLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#>-+=".contains(first) { return "\\" + line }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let after = line.dropFirst(digits.count).first, after == "." || after == ")" {
            return digits + "\\" + line.dropFirst(digits.count)
        }
        return line
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        while s.first == "\n" { s = s.dropFirst() }
        return String(s)
    }
}
