import Foundation
import Yams

/// A fast reader for the YAML that front matter almost always is: one `key: value` per line,
/// values plain, quoted, or a flow list `[a, "b"]`. Anything else (nesting, block lists,
/// comments, anchors, multi-line values) returns nil and Yams reads it. Yams costs about
/// 50 µs a file, a tenth of a full build; this reads the same files in a few µs.
///
/// The nodes carry no line numbers: callers re-read with Yams when they have something to
/// report.
struct FlatYAML {
    /// One per document: Yams' `Tag` is a class, not to be shared across threads.
    let tag = Tag(.implicit, .basic, .default)

    static func parse(_ text: String) -> Node? { FlatYAML().parse(text) }

    func parse(_ text: String) -> Node? {
        var pairs: [(Node, Node)] = []
        var keys = Set<String>()
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let colon = line.firstIndex(of: ":"),
                  let first = line.first, first.isLetter || first == "_" else { return nil }
            let key = line[..<colon]
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
                  keys.insert(String(key)).inserted else { return nil }
            var rest = line[line.index(after: colon)...]
            guard rest.isEmpty || rest.first == " " else { return nil }
            rest = rest.drop { $0 == " " }
            while rest.last == " " { rest = rest.dropLast() }
            guard let value = self.value(rest) else { return nil }
            pairs.append((.scalar(.init(String(key), tag, .plain)), value))
        }
        return pairs.isEmpty ? nil : .mapping(.init(pairs, tag))
    }

    private func value(_ s: Substring) -> Node? {
        guard let first = s.first else { return .scalar(.init("", tag, .plain)) }
        switch first {
        case "\"":
            guard s.count >= 2, s.last == "\"", let v = doubleQuoted(s.dropFirst().dropLast()) else { return nil }
            return .scalar(.init(v, tag, .doubleQuoted))
        case "'":
            guard s.count >= 2, s.last == "'" else { return nil }
            let inner = s.dropFirst().dropLast()
            guard !inner.replacingOccurrences(of: "''", with: "").contains("'") else { return nil }
            return .scalar(.init(inner.replacingOccurrences(of: "''", with: "'"), tag, .singleQuoted))
        case "[":
            guard s.last == "]" else { return nil }
            var items: [Node] = []
            let inner = s.dropFirst().dropLast()
            if inner.allSatisfy({ $0 == " " }) { return .sequence(.init([], tag)) }
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let item = part.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
                let text = Substring(String(item))
                if text.first == "\"" {
                    guard text.count >= 2, text.last == "\"", let v = doubleQuoted(text.dropFirst().dropLast()),
                          !v.contains(",") else { return nil }
                    items.append(.scalar(.init(v, tag, .doubleQuoted)))
                } else {
                    guard isPlain(text, inFlow: true) else { return nil }
                    items.append(.scalar(.init(String(text), tag, .plain)))
                }
            }
            return .sequence(.init(items, tag))
        default:
            guard isPlain(s, inFlow: false) else { return nil }
            return .scalar(.init(String(s), tag, .plain))
        }
    }

    /// A plain scalar with none of YAML's special cases.
    private func isPlain(_ s: Substring, inFlow: Bool) -> Bool {
        guard let first = s.first, !"-?:,[]{}#&*!|>'\"%@`".contains(first) else { return false }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return false }
        if inFlow && s.contains(where: { "[]{},".contains($0) }) { return false }
        return true
    }

    /// The escapes front matter uses; anything rarer returns nil.
    private func doubleQuoted(_ s: Substring) -> String? {
        guard s.contains("\\") || s.contains("\"") else { return String(s) }
        var out = ""
        var escaping = false
        for c in s {
            if escaping {
                switch c {
                case "\"", "\\", "/": out.append(c)
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: return nil
                }
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else if c == "\"" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaping ? nil : out
    }
}
