import KiosqueCore

/// Checks parsed templates against the declared variables of the contexts they are rendered
/// with: a name that no context can provide, a partial or parent that does not exist, a block
/// the parent does not have. Names resolve as swift-mustache resolves them: in the innermost
/// section's value, then outward; partials and parents are followed with the stack they are
/// reached with. A template reached in several contexts (`base` under every page) is wrong
/// only where no context provides the name.
struct TemplateCheck {
    struct Source {
        /// As the user sees it: `templates/article.mustache`.
        let shown: String
        let syntax: TemplateSyntax
    }

    /// Template name -> its parse, syntax problems or not.
    private let all: [String: Source]
    /// The templates without syntax problems: those whose names and blocks can be followed.
    private let sources: [String: Source]
    /// The templates folder, as the user sees it: where a missing partial goes.
    private let folder: String

    private init(_ all: [String: Source], folder: String) {
        self.all = all
        sources = all.filter { $0.value.syntax.problems.isEmpty }
        self.folder = folder
    }

    /// Every problem, once each.
    static func problems(_ all: [String: Source], folder: String, roots: [String: TemplateScope]) -> [Diagnostic] {
        let check = TemplateCheck(all, folder: folder)
        let sources = check.sources
        var walk = Walk(sources: sources)
        for (name, scope) in roots.sorted(by: { $0.key < $1.key }) where sources[name] != nil {
            walk.nodes(sources[name]!.syntax.nodes, in: name, [Frame(shape: .kind(.object(scope)), sequence: false)],
                       overrides: [:], chain: [name])
        }
        return check.references() + walk.unresolved()
    }

    // MARK: partials, parents, blocks (whatever the context)

    /// Partials and parents that do not exist, and blocks that replace nothing.
    private func references() -> [Diagnostic] {
        var out: [Diagnostic] = []
        for source in all.sorted(by: { $0.key < $1.key }).map(\.value) {
            for (tag, parent) in source.syntax.references where all[tag.name] == nil {
                let near = Self.nearest(tag.name, among: all.keys)
                out.append(Diagnostic(file: source.shown, line: tag.line, "\(parent ? "parent template" : "partial") '\(tag.name)' does not exist",
                                      hint: near.map { "did you mean '\($0)'?" } ?? "add \(folder)/\(tag.name).mustache, or fix the name"))
            }
        }
        for source in sources.sorted(by: { $0.key < $1.key }).map(\.value) {
            Self.visit(source.syntax.nodes) { node in
                guard case .parent(let tag, dynamic: false, let blocks) = node, sources[tag.name] != nil else { return }
                let known = blockNames(tag.name)
                for (block, _) in blocks where !known.contains(block.name) {
                    let near = Self.nearest(block.name, among: known)
                    out.append(Diagnostic(file: source.shown, line: block.line,
                        "block '\(block.name)' is not in '\(tag.name)': its content is never shown",
                        hint: near.map { "did you mean '\($0)'?" }
                            ?? (known.isEmpty ? "'\(tag.name)' has no {{$block}}" : "'\(tag.name)' has: \(known.sorted().joined(separator: ", "))")))
                }
            }
        }
        return out
    }

    /// The blocks a child of `template` can replace: its own, its partials' and its parents'.
    private func blockNames(_ template: String) -> Set<String> {
        var out: Set<String> = []
        var seen: Set<String> = []
        func collect(_ name: String) {
            guard seen.insert(name).inserted, let source = sources[name] else { return }
            Self.visit(source.syntax.nodes) { node in
                switch node {
                case .block(let tag, _): out.insert(tag.name)
                case .partial(let tag, dynamic: false), .parent(let tag, dynamic: false, _): collect(tag.name)
                default: break
                }
            }
        }
        collect(template)
        return out
    }

    /// Every node, depth first, block contents included.
    static func visit(_ nodes: [TemplateSyntax.Node], _ body: (TemplateSyntax.Node) -> Void) {
        for node in nodes {
            body(node)
            switch node {
            case .section(_, _, let children), .block(_, let children): visit(children, body)
            case .parent(_, _, let blocks): for (_, children) in blocks { visit(children, body) }
            case .value, .partial: break
            }
        }
    }

    /// The closest of `candidates` within `YAMLFields.isNearMiss`, as for kiosque.yaml's keys.
    static func nearest<S: Sequence<String>>(_ name: String, among candidates: S) -> String? {
        candidates.filter { $0 != name && YAMLFields.isNearMiss(name, $0) }
            .min { (YAMLFields.editDistance(Array(name), Array($0)), $0) < (YAMLFields.editDistance(Array(name), Array($1)), $1) }
    }
}

/// What a name resolves to.
private enum Shape {
    case kind(TemplateVariable.Kind)
    /// A value the declarations do not describe (a dictionary's `enumerated()`): not checked.
    case anything
}

/// One value on the section stack.
private struct Frame {
    let shape: Shape
    /// Pushed by a list: `{{index()}}`, `{{#first()}}` are known.
    let sequence: Bool

    func variable(_ name: String) -> Shape? {
        switch shape {
        case .kind(.object(let s)): s[name].map { .kind($0.kind) }
        case .anything: .anything
        default: nil
        }
    }

    var names: [String] {
        if case .kind(.object(let s)) = shape { return s.variables.map(\.name) }
        return []
    }
}

/// The walk through the templates from each root: every tag's outcome in every context.
private struct Walk {
    let sources: [String: TemplateCheck.Source]

    private struct Key: Hashable {
        let template: String
        let offset: Int
    }

    /// Tags resolved in at least one context.
    private var resolved: Set<Key> = []
    /// The first problem of each tag, in the order found.
    private var failures: [Key: Diagnostic] = [:]
    private var order: [Key] = []

    init(sources: [String: TemplateCheck.Source]) { self.sources = sources }

    func unresolved() -> [Diagnostic] { order.filter { !resolved.contains($0) }.map { failures[$0]! } }

    mutating func nodes(_ nodes: [TemplateSyntax.Node], in template: String, _ stack: [Frame],
                        overrides: [String: (template: String, nodes: [TemplateSyntax.Node])], chain: Set<String>) {
        for node in nodes {
            switch node {
            case .value(let tag):
                _ = resolve(tag, in: template, stack)
            case .section(let tag, let inverted, let children):
                let shape = resolve(tag, in: template, stack)
                if inverted {
                    // Shown when the value is absent, false or empty: in the same context.
                    self.nodes(children, in: template, stack, overrides: overrides, chain: chain)
                } else if let shape {
                    // An unknown name's section is never shown: its content is not checked.
                    self.nodes(children, in: template, Self.push(shape, on: stack), overrides: overrides, chain: chain)
                }
            case .block(let tag, let defaults):
                let (t, n) = overrides[tag.name] ?? (template, defaults)
                self.nodes(n, in: t, Self.leavingSequence(stack), overrides: overrides, chain: chain)
            case .partial(let tag, let dynamic):
                if dynamic {
                    _ = resolve(tag, in: template, stack)
                } else if let source = sources[tag.name], !chain.contains(tag.name) {
                    self.nodes(source.syntax.nodes, in: tag.name, Self.leavingSequence(stack), overrides: overrides,
                               chain: chain.union([tag.name]))
                }
            case .parent(let tag, let dynamic, let blocks):
                if dynamic {
                    _ = resolve(tag, in: template, stack)
                } else if let source = sources[tag.name], !chain.contains(tag.name) {
                    // The blocks of an outer child win, as in swift-mustache.
                    var o = overrides
                    for (block, children) in blocks where o[block.name] == nil { o[block.name] = (template, children) }
                    self.nodes(source.syntax.nodes, in: tag.name, Self.leavingSequence(stack), overrides: o,
                               chain: chain.union([tag.name]))
                }
            }
        }
    }

    /// The section's value on top of the stack: a list's items one by one, a true/false nothing.
    private static func push(_ shape: Shape, on stack: [Frame]) -> [Frame] {
        switch shape {
        case .kind(.flag): return stack
        case .kind(.list(let s)): return stack + [Frame(shape: .kind(.object(s)), sequence: true)]
        case .kind(.texts): return stack + [Frame(shape: .kind(.text), sequence: true)]
        default: return stack + [Frame(shape: shape, sequence: false)]
        }
    }

    /// Partials and blocks do not see the list position (swift-mustache resets it).
    private static func leavingSequence(_ stack: [Frame]) -> [Frame] {
        guard let top = stack.last, top.sequence else { return stack }
        return stack.dropLast() + [Frame(shape: top.shape, sequence: false)]
    }

    /// The shape of the tag's value, or nil (and the problem noted) when this context cannot
    /// provide it.
    private mutating func resolve(_ tag: TemplateSyntax.Tag, in template: String, _ stack: [Frame]) -> Shape? {
        let key = Key(template: template, offset: tag.offset)
        switch Self.lookup(tag, stack) {
        case .success(let shape):
            resolved.insert(key)
            return shape
        case .failure(let problem):
            if failures[key] == nil {
                failures[key] = Diagnostic(file: sources[template]!.shown, line: tag.line, problem.message, hint: problem.hint)
                order.append(key)
            }
            return nil
        }
    }

    private struct Problem: Error {
        let message: String
        let hint: String?
    }

    private static func lookup(_ tag: TemplateSyntax.Tag, _ stack: [Frame]) -> Result<Shape, Problem> {
        var shape: Shape
        if tag.name == "." {
            shape = stack.last!.shape
        } else if tag.name.isEmpty {
            // `{{index()}}`, `{{#first()}}`: the position in the list being shown.
            guard stack.last!.sequence else {
                return .failure(Problem(message: "'\(tag.text)' is only known inside a list's section",
                                        hint: "use it within {{#list}}…{{/list}}"))
            }
            return transform(.sequence, tag)
        } else {
            let parts = tag.name.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
            // `.name`: the innermost value only.
            let frames = tag.name.hasPrefix(".") ? [stack.last!] : stack
            guard let first = parts.first,
                  let found = frames.reversed().lazy.compactMap({ $0.variable(first) }).first else {
                let visible = frames.reversed().flatMap(\.names)
                let near = parts.first.flatMap { TemplateCheck.nearest($0, among: visible) }
                return .failure(Problem(message: "unknown variable '\(tag.name)'",
                    hint: near.map { "did you mean '\(([$0] + parts.dropFirst()).joined(separator: "."))'?" } ?? knownHere(visible)))
            }
            shape = found
            for (i, part) in parts.enumerated().dropFirst() {
                let path = parts[..<i].joined(separator: ".")
                switch shape {
                case .anything: break
                case .kind(.object(let s)):
                    guard let v = s[part] else {
                        let near = TemplateCheck.nearest(part, among: s.variables.map(\.name))
                        return .failure(Problem(message: "unknown variable '\(tag.name)'",
                            hint: near.map { "did you mean '\(path).\($0)'?" } ?? "'\(path)' has: \(s.variables.map(\.name).joined(separator: ", "))"))
                    }
                    shape = .kind(v.kind)
                case .kind(.list), .kind(.texts):
                    return .failure(Problem(message: "unknown variable '\(tag.name)': '\(path)' is a list",
                                            hint: "show its values with {{#\(path)}}{{\(part)}}{{/\(path)}}"))
                case .kind(let k):
                    return .failure(Problem(message: "unknown variable '\(tag.name)': '\(path)' is \(TemplateDocs.kind(k)), without fields",
                                            hint: "write {{\(path)}}"))
                }
            }
        }
        return transform(.value(shape), tag)
    }

    private static func knownHere(_ names: [String]) -> String {
        var seen: Set<String> = []
        let unique = names.filter { seen.insert($0).inserted }
        let shown = unique.prefix(16).joined(separator: ", ")
        return "known here: \(shown)\(unique.count > 16 ? ", …" : ""); see README.md, \"Templates\""
    }

    private enum Subject {
        case value(Shape)
        /// swift-mustache's position in a list.
        case sequence
    }

    /// swift-mustache's transforms, innermost first: each must exist for what it is given.
    private static func transform(_ subject: Subject, _ tag: TemplateSyntax.Tag) -> Result<Shape, Problem> {
        var subject = subject
        for name in tag.transforms.reversed() {
            let table: [String: Shape]
            switch subject {
            case .sequence:
                table = ["first": .kind(.flag), "last": .kind(.flag), "even": .kind(.flag), "odd": .kind(.flag), "index": .kind(.number)]
            case .value(.anything):
                continue
            case .value(.kind(let k)):
                switch k {
                case .text, .html:
                    table = ["empty": .kind(.flag), "capitalized": .kind(.text), "lowercased": .kind(.text),
                             "uppercased": .kind(.text), "reversed": .kind(.text)]
                case .number:
                    table = ["equalzero": .kind(.flag), "even": .kind(.flag), "odd": .kind(.flag),
                             "plusone": .kind(.number), "minusone": .kind(.number)]
                case .texts:
                    table = ["first": .kind(.text), "last": .kind(.text), "reversed": .kind(.texts), "sorted": .kind(.texts),
                             "count": .kind(.number), "empty": .kind(.flag)]
                case .list(let s):
                    table = ["first": .kind(.object(s)), "last": .kind(.object(s)), "reversed": .kind(.list(s)),
                             "count": .kind(.number), "empty": .kind(.flag)]
                case .object:
                    table = ["count": .kind(.number), "empty": .kind(.flag), "enumerated": .anything, "sorted": .anything]
                case .flag:
                    table = [:]
                }
            }
            guard let result = table[name] else {
                let what: String
                if case .value(.kind(let k)) = subject { what = TemplateDocs.kind(k) } else { what = "a list position" }
                let near = TemplateCheck.nearest(name, among: table.keys)
                return .failure(Problem(message: "unknown transform '\(name)' in '\(tag.text)'",
                    hint: near.map { "did you mean '\($0)'?" }
                        ?? (table.isEmpty ? "\(what) takes no transform" : "\(what) takes: \(table.keys.sorted().joined(separator: ", "))")))
            }
            subject = .value(result)
        }
        // A list position is only named through a transform, so the loop made it a value.
        guard case .value(let shape) = subject else { return .success(.anything) }
        return .success(shape)
    }
}
