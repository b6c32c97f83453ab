import Yams

/// A fast reader for the YAML that front matter almost always is: one `key: value` per line,
/// values plain, quoted, or a flow list `[a, "b"]`. Anything else (nesting, block lists,
/// comments, anchors, multi-line values, rare escapes) returns nil and Yams reads it. Yams
/// costs about 50 µs a file; this reads the same files on their bytes in a few µs.
///
/// The nodes carry no line numbers: callers re-read with Yams when they have something to
/// report.
struct FlatYAML {
    /// One per document: Yams' `Tag` is a class, not to be shared across threads.
    let tag = Tag(.implicit, .basic, .default)

    static func parse(_ text: String) -> Node? {
        var text = text
        return text.withUTF8 { FlatYAML().parse($0) }
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), colon = UInt8(ascii: ":")
    private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")
    private static let comma = UInt8(ascii: ","), hash = UInt8(ascii: "#")

    func parse(_ b: UnsafeBufferPointer<UInt8>) -> Node? {
        var pairs: [(Node, Node)] = []
        var keys = Set<String>()
        var start = 0
        while start < b.count {
            var end = start
            while end < b.count && b[end] != 10 { end += 1 }
            var lineEnd = end
            if lineEnd > start && b[lineEnd - 1] == 13 { lineEnd -= 1 }
            defer { start = end + 1 }
            var i = start
            while i < lineEnd && (b[i] == Self.space || b[i] == Self.tab) { i += 1 }
            if i == lineEnd { continue }
            guard i == start, Self.isKeyStart(b[i]) else { return nil }
            while i < lineEnd && Self.isKeyByte(b[i]) { i += 1 }
            guard i < lineEnd, b[i] == Self.colon else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            guard keys.insert(key).inserted else { return nil }
            i += 1
            guard i == lineEnd || b[i] == Self.space else { return nil }
            var vEnd = lineEnd
            while i < vEnd && b[i] == Self.space { i += 1 }
            while vEnd > i && b[vEnd - 1] == Self.space { vEnd -= 1 }
            guard let value = value(UnsafeBufferPointer(rebasing: b[i..<vEnd])) else { return nil }
            pairs.append((.scalar(.init(key, tag, .plain)), value))
        }
        return pairs.isEmpty ? nil : .mapping(.init(pairs, tag))
    }

    private func value(_ v: UnsafeBufferPointer<UInt8>) -> Node? {
        guard let first = v.first else { return .scalar(.init("", tag, .plain)) }
        switch first {
        case Self.quote:
            guard let s = doubleQuoted(v) else { return nil }
            return .scalar(.init(s, tag, .doubleQuoted))
        case Self.apostrophe:
            guard let s = singleQuoted(v) else { return nil }
            return .scalar(.init(s, tag, .singleQuoted))
        case UInt8(ascii: "["):
            guard v.count >= 2, v.last == UInt8(ascii: "]") else { return nil }
            var items: [Node] = []
            var i = 1
            let end = v.count - 1
            while i < end && v[i] == Self.space { i += 1 }
            if i == end { return .sequence(.init([], tag)) }
            var itemStart = i
            while true {
                var j = itemStart
                if j < end && v[j] == Self.quote {
                    j += 1
                    while j < end && (v[j] != Self.quote || v[j - 1] == Self.backslash) { j += 1 }
                    j += 1
                } else {
                    while j < end && v[j] != Self.comma { j += 1 }
                }
                var itemEnd = min(j, end)
                while itemEnd > itemStart && v[itemEnd - 1] == Self.space { itemEnd -= 1 }
                let item = UnsafeBufferPointer(rebasing: v[itemStart..<itemEnd])
                if item.first == Self.quote {
                    guard let s = doubleQuoted(item) else { return nil }
                    items.append(.scalar(.init(s, tag, .doubleQuoted)))
                } else {
                    guard isPlain(item, inFlow: true) else { return nil }
                    items.append(.scalar(.init(String(decoding: item, as: UTF8.self), tag, .plain)))
                }
                var k = j
                while k < end && v[k] == Self.space { k += 1 }
                if k >= end { break }
                guard v[k] == Self.comma else { return nil }
                k += 1
                while k < end && v[k] == Self.space { k += 1 }
                guard k < end else { return nil }
                itemStart = k
            }
            return .sequence(.init(items, tag))
        default:
            guard isPlain(v, inFlow: false) else { return nil }
            return .scalar(.init(String(decoding: v, as: UTF8.self), tag, .plain))
        }
    }

    private static func isKeyStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == UInt8(ascii: "_")
    }

    private static func isKeyByte(_ c: UInt8) -> Bool {
        isKeyStart(c) || (c >= 48 && c <= 57) || c == UInt8(ascii: "-")
    }

    /// A plain scalar with none of YAML's special cases.
    private func isPlain(_ v: UnsafeBufferPointer<UInt8>, inFlow: Bool) -> Bool {
        guard let first = v.first, !Self.indicators.contains(first) else { return false }
        if v.last == Self.colon { return false }
        for k in 0..<v.count {
            let c = v[k]
            if c == Self.colon && k + 1 < v.count && v[k + 1] == Self.space { return false }
            if c == Self.hash && k > 0 && v[k - 1] == Self.space { return false }
            if c == Self.tab || c < 32 { return false }
            if inFlow && Self.flowIndicators.contains(c) { return false }
        }
        return true
    }

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
    private static let flowIndicators = Set("[]{},".utf8)

    /// `"..."` with the escapes front matter uses; anything rarer returns nil.
    private func doubleQuoted(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        guard v.count >= 2, v.first == Self.quote, v.last == Self.quote else { return nil }
        let inner = UnsafeBufferPointer(rebasing: v[1..<(v.count - 1)])
        if !inner.contains(Self.backslash) && !inner.contains(Self.quote) { return String(decoding: inner, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var escaping = false
        for c in inner {
            if escaping {
                switch c {
                case Self.quote, Self.backslash, UInt8(ascii: "/"): out.append(c)
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                default: return nil
                }
                escaping = false
            } else if c == Self.backslash {
                escaping = true
            } else if c == Self.quote {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaping ? nil : String(decoding: out, as: UTF8.self)
    }

    /// `'...'`, where `''` is an apostrophe.
    private func singleQuoted(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        guard v.count >= 2, v.last == Self.apostrophe else { return nil }
        var out: [UInt8] = []
        var k = 1
        while k < v.count - 1 {
            if v[k] == Self.apostrophe {
                guard k + 1 < v.count - 1, v[k + 1] == Self.apostrophe else { return nil }
                k += 1
            }
            out.append(v[k])
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
