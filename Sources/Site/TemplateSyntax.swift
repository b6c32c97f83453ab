import KiosqueCore

/// A template's tags as a tree, each with its line: Mustache as swift-mustache reads it, read
/// again here because its parse tree is not public and its errors give neither the line of
/// the section left open nor words a designer knows.
struct TemplateSyntax {
    struct Tag {
        /// As written, `{{#has_tags}}`: for messages.
        let text: String
        /// The name: `page.title`, `.`, a partial's template; empty for `{{index()}}`.
        let name: String
        /// `uppercased(title)` -> `["uppercased"]`, outermost first.
        let transforms: [String]
        let line: Int
        /// Where the tag starts in its file (bytes): with the file, it names the tag.
        let offset: Int
    }

    indirect enum Node {
        /// `{{x}}`, `{{{x}}}`, `{{&x}}`.
        case value(Tag)
        /// `{{#x}}…{{/x}}`, or `{{^x}}…{{/x}}` when inverted.
        case section(Tag, inverted: Bool, [Node])
        /// `{{$x}}default{{/x}}` in a template: a block a child can replace.
        case block(Tag, [Node])
        /// `{{> x}}`; `{{>*x}}` (dynamic) names a variable holding the template's name.
        case partial(Tag, dynamic: Bool)
        /// `{{<x}}{{$block}}…{{/block}}{{/x}}`: `x` rendered with these blocks replaced.
        case parent(Tag, dynamic: Bool, blocks: [(Tag, [Node])])
    }

    struct Problem {
        let line: Int
        let message: String
        let hint: String?
    }

    private(set) var nodes: [Node] = []
    private(set) var problems: [Problem] = []
    /// The templates named by `{{> x}}` (partial) and `{{<x}}` (parent), in order: known even
    /// when a syntax problem leaves `nodes` incomplete.
    private(set) var references: [(tag: Tag, parent: Bool)] = []

    /// The content types swift-mustache knows, and Kiosque's own.
    static let contentTypes: Set = ["HTML", "TEXT", FastHTMLEscaping.name]

    init(_ text: String) {
        var reader = Reader(Array(text.utf8))
        parse(&reader)
    }

    private struct Open {
        enum Kind { case root, section(inverted: Bool), block, blockOverride, parent(dynamic: Bool) }
        let kind: Kind
        let tag: Tag?
        /// What its closing tag must say: the name with its transforms, as written.
        let key: String
        var children: [Node] = []
        var blocks: [(Tag, [Node])] = []

        /// `section 'has_tags'`.
        var words: String {
            switch kind {
            case .root, .section: "section '\(key)'"
            case .block, .blockOverride: "block '\(key)'"
            case .parent: "'\(tag!.text)'"
            }
        }

        /// `'has_tags'`.
        var named: String {
            if case .parent = kind { return "'\(tag!.text)'" }
            return "'\(key)'"
        }
    }

    private mutating func parse(_ r: inout Reader) {
        var stack = [Open(kind: .root, tag: nil, key: "")]
        func add(_ node: Node) { stack[stack.count - 1].children.append(node) }
        while let start = r.nextTag() {
            let line = r.line
            r.position = start + r.open.count
            let sigil = r.peek
            guard let tag = readTag(&r, sigil: sigil, start: start, line: line) else { return }
            if case .parent = stack[stack.count - 1].kind, ![UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="), UInt8(ascii: "/")].contains(sigil) {
                let parent = stack[stack.count - 1].tag!
                problems.append(Problem(line: tag.line,
                    message: "'\(tag.text)' on line \(tag.line) is inside '\(parent.text)' (line \(parent.line)) but outside a block",
                    hint: "only {{$block}}…{{/block}} can stand there: put it inside a block, or remove it"))
                return
            }
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                stack.append(Open(kind: .section(inverted: sigil == UInt8(ascii: "^")), tag: tag, key: key(tag)))
            case UInt8(ascii: "$"):
                if !tag.transforms.isEmpty {
                    problems.append(Problem(line: line, message: "block '\(key(tag))' cannot take a transform", hint: "name the block alone: {{$\(tag.name)}}"))
                    return
                }
                let overriding: Bool
                if case .parent = stack[stack.count - 1].kind { overriding = true } else { overriding = false }
                stack.append(Open(kind: overriding ? .blockOverride : .block, tag: tag, key: tag.name))
            case UInt8(ascii: "<"):
                let (named, dynamic) = Self.unstarred(tag)
                if !dynamic { references.append((named, true)) }
                stack.append(Open(kind: .parent(dynamic: dynamic), tag: named, key: tag.name))
            case UInt8(ascii: "/"):
                let closing = key(tag)
                guard stack.count > 1 else {
                    problems.append(Problem(line: line, message: "'\(tag.text)' on line \(line) closes nothing",
                                            hint: "remove it, or open the section with {{#\(closing)}}"))
                    continue
                }
                if stack.last!.key != closing {
                    if let depth = stack.lastIndex(where: { $0.tag != nil && $0.key == closing }) {
                        for o in stack[(depth + 1)...].reversed() {
                            problems.append(Problem(line: o.tag!.line, message: "\(o.words) opened on line \(o.tag!.line) is never closed",
                                                    hint: "close it with {{/\(o.key)}} before '\(tag.text)' on line \(line)"))
                        }
                        stack.removeSubrange((depth + 1)...)
                    } else {
                        let o = stack.last!
                        problems.append(Problem(line: line, message: "'\(tag.text)' on line \(line) closes \(o.named) opened on line \(o.tag!.line)",
                                                hint: "write {{/\(o.key)}}, or open '\(closing)' before it"))
                    }
                }
                let o = stack.removeLast()
                switch o.kind {
                case .root: break
                case .section(let inverted): add(.section(o.tag!, inverted: inverted, o.children))
                case .block: add(.block(o.tag!, o.children))
                case .blockOverride: stack[stack.count - 1].blocks.append((o.tag!, o.children))
                case .parent(let dynamic): add(.parent(o.tag!, dynamic: dynamic, blocks: o.blocks))
                }
            case UInt8(ascii: ">"):
                let (named, dynamic) = Self.unstarred(tag)
                if !dynamic { references.append((named, false)) }
                add(.partial(named, dynamic: dynamic))
            case UInt8(ascii: "!"), UInt8(ascii: "="), UInt8(ascii: "%"):
                break
            default:
                add(.value(tag))
            }
        }
        for o in stack.dropFirst().reversed() {
            problems.append(Problem(line: o.tag!.line, message: "\(o.words) opened on line \(o.tag!.line) is never closed",
                                    hint: "close it with {{/\(o.key)}}"))
        }
        nodes = stack[0].children
    }

    /// `{{>*x}}` names variable `x`.
    private static func unstarred(_ tag: Tag) -> (Tag, dynamic: Bool) {
        guard tag.name.hasPrefix("*") else { return (tag, false) }
        return (Tag(text: tag.text, name: String(tag.name.dropFirst()), transforms: [], line: tag.line, offset: tag.offset), true)
    }

    private func key(_ tag: Tag) -> String {
        tag.transforms.map { $0 + "(" }.joined() + tag.name + String(repeating: ")", count: tag.transforms.count)
    }

    /// Reads the tag whose sigil is at `r.position`, as swift-mustache does; nil (and a
    /// problem) when it is malformed: past that, its structure cannot be known.
    private mutating func readTag(_ r: inout Reader, sigil: UInt8?, start: Int, line: Int) -> Tag? {
        func bad(_ message: String, _ hint: String) -> Tag? {
            problems.append(Problem(line: line, message: message, hint: hint))
            return nil
        }
        let shownClose = String(decoding: r.close, as: UTF8.self)
        /// The tag as written up to its closing delimiter, or up to the end of its line.
        func written() -> (text: String, closed: Bool) {
            let end = r.find(r.close, from: start + r.open.count) ?? r.bytes.count
            let lineEnd = r.bytes[start...].firstIndex(of: 10) ?? r.bytes.count
            let nextTag = r.find(r.open, from: start + r.open.count) ?? r.bytes.count
            if end < lineEnd && end < nextTag { return (r.text(start, end + r.close.count), true) }
            return (r.text(start, min(lineEnd, nextTag)).trimmingWhitespace, false)
        }
        func malformed(_ what: String) -> Tag? {
            let (text, closed) = written()
            if !closed {
                return bad("tag '\(text)' on line \(line) is never closed", "end it with '\(shownClose)'")
            }
            return bad("'\(text)' on line \(line) is not a valid tag", what)
        }
        let nameHint = "a tag holds one name of ASCII letters, digits and . _ - ? *, like {{page.title}}"

        switch sigil {
        case UInt8(ascii: "!"):
            guard let end = r.find(r.close, from: r.position) else {
                return bad("comment '\(written().text)' on line \(line) is never closed", "end it with '\(shownClose)'")
            }
            r.skip(to: end + r.close.count)
            return Tag(text: "", name: "", transforms: [], line: line, offset: start)
        case UInt8(ascii: "="):
            r.position += 1
            let body = r.find(Array("=".utf8) + r.close, from: r.position).map { r.text(r.position, $0) }
            let parts = body?.split(whereSeparator: \.isWhitespace) ?? []
            guard let body, parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                return malformed("a delimiter change is written {{=<% %>=}}: two delimiters, a space between")
            }
            r.skip(to: r.position + body.utf8.count + 1 + r.close.count)
            r.open = Array(parts[0].utf8)
            r.close = Array(parts[1].utf8)
            return Tag(text: "", name: "", transforms: [], line: line, offset: start)
        case UInt8(ascii: "%"):
            r.position += 1
            r.skipWhitespace()
            let variable = r.read(Reader.plainNameBytes)
            r.skipWhitespace()
            guard r.take(UInt8(ascii: ":")) else { return malformed("a pragma is written {{% CONTENT_TYPE: TEXT}}") }
            r.skipWhitespace()
            let value = r.read(Reader.plainNameBytes)
            r.skipWhitespace()
            guard r.take(r.close), !variable.isEmpty, !value.isEmpty else { return malformed("a pragma is written {{% CONTENT_TYPE: TEXT}}") }
            let text = r.text(start, r.position)
            guard variable == "CONTENT_TYPE" else {
                return bad("unknown pragma '\(variable)' in '\(text)' on line \(line)", "the only pragma is CONTENT_TYPE, as in {{% CONTENT_TYPE: TEXT}}")
            }
            guard Self.contentTypes.contains(value) else {
                return bad("unknown content type '\(value)' in '\(text)' on line \(line)", "use HTML (escaped, the default) or TEXT (nothing escaped)")
            }
            return Tag(text: text, name: "", transforms: [], line: line, offset: start)
        default:
            break
        }

        let isPartial = sigil == UInt8(ascii: ">") || sigil == UInt8(ascii: "<")
        if let s = sigil, Self.sigils.contains(s) { r.position += 1 }
        r.skipWhitespace()
        // `{{>*x}}` and `{{<*x}}`: the template named by variable x.
        let star = isPartial && r.take(UInt8(ascii: "*")) ? "*" : ""
        let raw = star + r.read(isPartial ? Reader.partialNameBytes : Reader.nameBytes)
        r.skipWhitespace()
        guard r.take(r.close) else { return malformed(nameHint) }
        if sigil == UInt8(ascii: "{") && !r.take(UInt8(ascii: "}")) {
            return bad("'\(r.text(start, r.position))' on line \(line) is missing its third '}'", "write {{{name}}} to place a value unescaped")
        }
        let text = r.text(start, r.position)
        if isPartial {
            guard !raw.isEmpty, raw != "*" else {
                return bad("'\(text)' on line \(line) names no template", "write {{> name}}, the name of a file of templates/ without .mustache")
            }
            return Tag(text: text, name: raw, transforms: [], line: line, offset: start)
        }
        if raw.isEmpty { return bad("'\(text)' on line \(line) names nothing", nameHint) }
        guard let (name, transforms) = Self.transforms(raw) else {
            return bad("'\(text)' on line \(line) is not a valid tag", "a transform is written {{uppercased(name)}}, one ')' for each '('")
        }
        return Tag(text: text, name: name, transforms: transforms, line: line, offset: start)
    }

    /// The characters that say what a tag is, past its opening delimiter.
    private static let sigils = Set("#^/{&><$".utf8)

    /// `uppercased(reversed(x))` -> (`x`, [`uppercased`, `reversed`]); `index()` -> (``, [`index`]).
    static func transforms(_ raw: String) -> (String, [String])? {
        guard raw.contains("(") || raw.contains(")") else { return (raw, []) }
        let parts = raw.split(separator: "(", omittingEmptySubsequences: false).map(String.init)
        let last = parts.last!
        let name = String(last.prefix { $0 != ")" })
        let closers = last.dropFirst(name.count)
        let functions = Array(parts.dropLast())
        guard closers.allSatisfy({ $0 == ")" }), closers.count == functions.count,
              !functions.contains(where: { $0.isEmpty || $0.contains(")") }) else { return nil }
        return (name, functions)
    }
}

/// Bytes of a template, a position and a line count, and the current delimiters.
private struct Reader {
    let bytes: [UInt8]
    var position = 0
    /// The line of `position`, counted as the reader moves.
    private(set) var line = 1
    private var counted = 0
    var open = Array("{{".utf8)
    var close = Array("}}".utf8)

    static let plainNameBytes = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*".utf8)
    static let nameBytes = plainNameBytes.union("()".utf8)
    static let partialNameBytes = nameBytes.union("/".utf8)

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The next opening delimiter from `position`, with `line` moved to it.
    mutating func nextTag() -> Int? {
        guard let at = find(open, from: position) else { return nil }
        skip(to: at)
        return at
    }

    /// Moves to `target`, counting the lines passed.
    mutating func skip(to target: Int) {
        count(upTo: target)
        position = target
    }

    private mutating func count(upTo target: Int) {
        if target > counted {
            for b in bytes[counted..<min(target, bytes.count)] where b == 10 { line += 1 }
            counted = target
        }
    }

    func find(_ needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from <= bytes.count - needle.count else { return nil }
        var i = from
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    mutating func take(_ b: UInt8) -> Bool {
        guard peek == b else { return false }
        position += 1
        return true
    }

    mutating func take(_ s: [UInt8]) -> Bool {
        guard position + s.count <= bytes.count, bytes[position..<(position + s.count)].elementsEqual(s) else { return false }
        position += s.count
        return true
    }

    mutating func skipWhitespace() {
        while let b = peek, b == 32 || b == 9 || b == 10 || b == 13 { position += 1 }
    }

    mutating func read(_ allowed: Set<UInt8>) -> String {
        let from = position
        while let b = peek, allowed.contains(b) { position += 1 }
        return text(from, position)
    }

    func text(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
}
