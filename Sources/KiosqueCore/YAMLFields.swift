import Yams

/// Typed access to YAML values that reports every problem with its file and line, so that
/// `kiosque.yaml` and front matter give the same kind of message.
public struct YAMLFields {
    public let file: String
    /// Added to Yams' line numbers: front matter starts on the file's second line.
    public let lineOffset: Int
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    /// Parses one YAML document; a syntax error becomes a diagnostic at its line.
    /// `fast`: try `FlatYAML` first (no line numbers: re-parse without it to report).
    public mutating func parse(_ text: String, fast: Bool = false) -> Node? {
        if fast, let node = FlatYAML.parse(text) { return node }
        do {
            // No implicit typing: its regular expressions cost more than the rest of the
            // parse, and every field is typed below from its text anyway.
            // The encoding is given: its default reads the environment on every call.
            return try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let yamlError as YamlError {
            var line: Int?
            var problem = "\(yamlError)"
            switch yamlError {
            case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
                line = mark.line
                problem = p
            case .duplicatedKeysInMapping(let duplicates, let context):
                line = context.mark.line
                problem = "duplicated key \(duplicates.joined(separator: ", "))"
            default: break
            }
            self.error(at: line.map { $0 + lineOffset }, "invalid YAML: \(problem)",
                  hint: "check quotes and indentation; quote values that contain ': ' or start with a special character")
            return nil
        } catch {
            self.error(at: nil, "invalid YAML: \(error)")
            return nil
        }
    }

    public func line(of node: Node?) -> Int? { node?.mark.map { $0.line + lineOffset } }

    public mutating func error(at line: Int?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, file: file, line: line, message, hint: hint))
    }

    public mutating func warning(at line: Int?, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, file: file, line: line, message, hint: hint))
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The node as a mapping, or an error naming `path`.
    public mutating func mapping(_ node: Node?, _ path: String) -> Node.Mapping? {
        guard let node else { return nil }
        if case .mapping(let m) = node { return m }
        error(at: line(of: node), "'\(path)' must be a mapping of keys to values")
        return nil
    }

    /// The value of `key` as written. A scan of the keys' text: Yams' subscript compares
    /// whole nodes, tags included, which costs more than the rest of a front matter read.
    public static func node(_ m: Node.Mapping, _ key: String) -> Node? {
        // By index: iterating a Yams mapping first copies all its pairs into a new array.
        for i in m.indices {
            if case .scalar(let s) = m[i].key, s.string == key { return m[i].value }
        }
        return nil
    }

    /// The value of `key`, with `key:`, `key: ~` and `key: null` counting as missing.
    public func value(_ m: Node.Mapping, _ key: String) -> Node? {
        guard let v = Self.node(m, key) else { return nil }
        guard case .scalar(let s) = v, s.style == .plain else { return v }
        switch s.string {
        case "", "~", "null", "Null", "NULL": return nil
        default: return v
        }
    }

    /// A required or optional string. Numbers and booleans are taken as written.
    public mutating func string(_ m: Node.Mapping, _ key: String, path: String, required: Bool = false) -> String? {
        guard let v = value(m, key) else {
            if required { error(at: line(of: .mapping(m)), "missing required key '\(path)'", hint: "add '\(key): ...'") }
            return nil
        }
        guard case .scalar(let s) = v else {
            error(at: line(of: v), "'\(path)' must be a text value, not a \(v.isMapping ? "mapping" : "list")")
            return nil
        }
        if required && s.string.trimmingWhitespace.isEmpty {
            error(at: line(of: v), "'\(path)' is empty", hint: "give it a value")
            return nil
        }
        return s.string
    }

    public mutating func bool(_ m: Node.Mapping, _ key: String, path: String) -> Bool? {
        guard let v = value(m, key) else { return nil }
        if case .scalar(let s) = v {
            switch s.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        error(at: line(of: v), "'\(path)' must be true or false, not '\(v.string ?? "a list or mapping")'")
        return nil
    }

    /// A list of strings; a single string is taken as a list of one.
    public mutating func strings(_ m: Node.Mapping, _ key: String, path: String) -> [String]? {
        guard let v = value(m, key) else { return nil }
        switch v {
        case .scalar(let s): return [s.string]
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                guard case .scalar(let s) = item else {
                    error(at: line(of: item), "'\(path)' must be a list of text values")
                    return nil
                }
                out.append(s.string)
            }
            return out
        default:
            error(at: line(of: v), "'\(path)' must be a list, e.g. [a, b]")
            return nil
        }
    }

    /// A list of mappings (sectors, feeds).
    public mutating func list(_ m: Node.Mapping, _ key: String, path: String, required: Bool = false) -> [Node.Mapping]? {
        guard let v = value(m, key) else {
            if required { error(at: line(of: .mapping(m)), "missing required key '\(path)'", hint: "add a '\(key):' list") }
            return nil
        }
        guard case .sequence(let seq) = v else {
            error(at: line(of: v), "'\(path)' must be a list")
            return nil
        }
        var out: [Node.Mapping] = []
        for (i, item) in seq.enumerated() {
            if let im = mapping(item, "\(path)[\(i + 1)]") { out.append(im) }
        }
        return out
    }

    /// Reports keys nobody reads: usually a typo. `strict` (the configuration, where a
    /// misspelt key silently changes the whole site): a key within one or two edits of a
    /// known one, or one that belongs in another section (`elsewhere`: key -> its full
    /// path), is an error naming both; otherwise a warning, with the likely key as a hint.
    public mutating func reportUnknownKeys(_ m: Node.Mapping, known: Set<String>, path: String,
                                           strict: Bool = false, elsewhere: [String: String] = [:]) {
        for i in m.indices {
            let k = m[i].key
            guard let name = k.string, !known.contains(name) else { continue }
            let full = path.isEmpty ? name : "\(path).\(name)"
            let present = Set(m.indices.compactMap { m[$0].key.string })
            let near = known.filter { !present.contains($0) }.sorted().first { Self.isNearMiss(name, $0) }
            let suggestion = near.map { path.isEmpty ? $0 : "\(path).\($0)" } ?? elsewhere[name]
            if strict, let suggestion {
                error(at: line(of: k), "'\(full)' is not a key; did you mean '\(suggestion)'?",
                      hint: near == nil ? "move it under '\(suggestion.split(separator: ".").first!):'" : "rename it")
            } else {
                warning(at: line(of: k), "unknown key '\(full)' is ignored",
                        hint: suggestion.map { "did you mean '\($0)'?" } ?? "known keys: \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Within one edit (short keys) or two of `known`, case and `-`/`_` aside.
    public static func isNearMiss(_ key: String, _ known: String) -> Bool {
        let a = Array(key.lowercased().replacingOccurrences(of: "-", with: "_")), b = Array(known)
        let limit = b.count <= 4 ? 1 : 2
        guard abs(a.count - b.count) <= limit else { return false }
        return editDistance(a, b) <= limit
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbours (`timzeone`) each count one.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

extension Node {
    var isMapping: Bool { if case .mapping = self { return true } else { return false } }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (Unicode's, so a no-break space goes too).
    /// ASCII ends, the common case, are trimmed on bytes: Character properties are slow.
    public var trimmingWhitespace: String {
        let whole = Substring(self)
        let u = whole.utf8
        var lo = u.startIndex, hi = u.endIndex
        func asciiSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        while lo < hi, asciiSpace(u[lo]) { lo = u.index(after: lo) }
        while lo < hi, asciiSpace(u[u.index(before: hi)]) { hi = u.index(before: hi) }
        if lo == hi { return "" }
        if u[lo] < 128 && u[u.index(before: hi)] < 128 { return String(whole[lo..<hi]) }
        let s = whole[lo..<hi]
        guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = s.lastIndex(where: { !$0.isWhitespace })!
        return String(s[first...last])
    }
}
