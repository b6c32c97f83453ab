import Foundation

/// The subset of CSS that an email inliner needs: rules with simple selectors (tag, `.class`,
/// `#id`, `tag.class`, descendant and child combinations, comma lists) and their
/// declarations. Everything else (`@media`, pseudo-classes, attribute selectors) is kept as
/// text, to stay in a `<style>` block.
struct Stylesheet {
    enum Item {
        /// Inlinable: one selector, its declarations, its position in the sheet.
        case rule(Selector, [Declaration], order: Int)
        /// Kept verbatim in `<style>`: at-rules and rules the inliner cannot apply.
        case kept(String)
    }

    struct Declaration: Equatable {
        var property: String
        var value: String
        var important: Bool
        var css: String { important ? "\(property):\(value) !important" : "\(property):\(value)" }
    }

    var items: [Item] = []

    init(_ text: String) {
        let css = Self.stripComments(text)
        var i = css.startIndex
        var order = 0
        while i < css.endIndex {
            while i < css.endIndex, css[i].isWhitespace { i = css.index(after: i) }
            guard i < css.endIndex else { break }
            guard let open = css[i...].firstIndex(of: "{") else { break }
            let prelude = css[i..<open].trimmingCharacters(in: .whitespacesAndNewlines)
            let close = Self.matchingBrace(css, open)
            let block = css[css.index(after: open)..<close]
            let end = close < css.endIndex ? css.index(after: close) : close
            if prelude.hasPrefix("@") {
                items.append(.kept(String(css[i..<end])))
            } else {
                let declarations = Self.declarations(String(block))
                var unsupported: [String] = []
                for s in prelude.split(separator: ",") {
                    let s = s.trimmingCharacters(in: .whitespacesAndNewlines)
                    if let sel = Selector(s) {
                        items.append(.rule(sel, declarations, order: order))
                        order += 1
                    } else {
                        unsupported.append(s)
                    }
                }
                if !unsupported.isEmpty {
                    items.append(.kept("\(unsupported.joined(separator: ", ")) {\(block)}"))
                }
            }
            i = end
        }
    }

    static func declarations(_ block: String) -> [Declaration] {
        block.split(separator: ";").compactMap { d in
            guard let colon = d.firstIndex(of: ":") else { return nil }
            let property = d[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            var value = d[d.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            var important = false
            if let bang = value.range(of: "!important", options: [.caseInsensitive, .backwards]) {
                important = true
                value = value[..<bang.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard !property.isEmpty, !value.isEmpty else { return nil }
            return Declaration(property: property, value: value, important: important)
        }
    }

    private static func stripComments(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let start = rest.range(of: "/*") {
            out += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "*/") else { return out }
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    /// The `}` closing the block opened at `open` (nested blocks in at-rules), or the end.
    private static func matchingBrace(_ s: String, _ open: String.Index) -> String.Index {
        var depth = 0
        var i = open
        while i < s.endIndex {
            if s[i] == "{" { depth += 1 } else if s[i] == "}" {
                depth -= 1
                if depth == 0 { return i }
            }
            i = s.index(after: i)
        }
        return s.endIndex
    }
}

/// `table.card td .title`, `#main > p`: compound selectors joined by descendant (space) or
/// child (`>`) combinators, matched right to left.
struct Selector {
    struct Compound {
        var tag: String?
        var id: String?
        var classes: [String] = []

        func matches(_ e: SelectorTarget) -> Bool {
            if let tag, tag != e.name { return false }
            if let id, e.id != id { return false }
            return classes.allSatisfy(e.classes.contains)
        }
    }

    /// Right-most first; `child[i]` says whether part `i` must be the direct child of part `i + 1`.
    var parts: [Compound]
    var child: [Bool]
    /// (ids, classes, tags).
    var specificity: (Int, Int, Int)

    init?(_ text: String) {
        var parts: [Compound] = [], child: [Bool] = []
        var pendingChild = false
        let spaced = text.replacingOccurrences(of: ">", with: " > ")
        for token in spaced.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            if token == ">" {
                guard !parts.isEmpty, !pendingChild else { return nil }
                pendingChild = true
                continue
            }
            guard let c = Self.compound(String(token)) else { return nil }
            if !parts.isEmpty { child.append(pendingChild) }
            pendingChild = false
            parts.append(c)
        }
        guard !parts.isEmpty, !pendingChild else { return nil }
        self.parts = parts.reversed()
        self.child = child.reversed()
        specificity = (parts.filter { $0.id != nil }.count, parts.reduce(0) { $0 + $1.classes.count },
                       parts.filter { $0.tag != nil }.count)
    }

    /// `tag`, `.a.b`, `#id`, `tag#id.a`; nil for anything else (`:hover`, `[x]`, `*`, `+`, `~`).
    private static func compound(_ s: String) -> Compound? {
        var c = Compound()
        var i = s.startIndex
        func name() -> String {
            let start = i
            while i < s.endIndex, s[i].isLetter || s[i].isNumber || s[i] == "-" || s[i] == "_" { i = s.index(after: i) }
            return String(s[start..<i])
        }
        let tag = name()
        if !tag.isEmpty { c.tag = tag.lowercased() }
        while i < s.endIndex {
            let mark = s[i]
            i = s.index(after: i)
            let n = name()
            guard !n.isEmpty else { return nil }
            switch mark {
            case ".": c.classes.append(n)
            case "#" where c.id == nil: c.id = n
            default: return nil
            }
        }
        return c.tag == nil && c.id == nil && c.classes.isEmpty ? nil : c
    }

    func matches(_ nodes: [SelectorTarget], _ i: Int) -> Bool { match(nodes, i, from: 0) }

    private func match(_ nodes: [SelectorTarget], _ i: Int, from k: Int) -> Bool {
        guard parts[k].matches(nodes[i]) else { return false }
        if k + 1 == parts.count { return true }
        var ancestor = nodes[i].parent
        if child[k] { return ancestor.map { match(nodes, $0, from: k + 1) } ?? false }
        while let a = ancestor {
            if match(nodes, a, from: k + 1) { return true }
            ancestor = nodes[a].parent
        }
        return false
    }
}

/// What selectors look at, read once per element (libxml2 attribute lookups allocate).
struct SelectorTarget {
    var name: String
    var id: String?
    var classes: [String]
    /// Index of the parent element.
    var parent: Int?
}
