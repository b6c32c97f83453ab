import Mustache

/// The site's templates as swift-mustache parsed them, made ready to render fast.
///
/// swift-mustache looks every name up again on every render: it splits `site.title` at its
/// dots, then asks each value on the context stack two or three protocol-conformance
/// questions of the Swift runtime (100–250 ns each), then three or four more of the value it
/// found; that was 40 % of a clean build. Here the library still parses every template (its
/// whitespace, delimiter and inheritance rules stay its own): the program is read off the
/// library's parse once per build, with names split and partials named, and renders by
/// asking the values Kiosque's view models hold (text, numbers, booleans, dictionaries,
/// lists) one cheap question each. Anything else, and any template using what this does
/// not do (transforms, dynamic partials, indentation, lambdas), is left to swift-mustache
/// itself: `render` returns nil and the caller asks the library, which gives the same
/// bytes. `TemplateProgramTests` renders through both and compares.
struct TemplateProgram: Sendable {
    /// How a value is escaped where a variable stands.
    enum Escaping: Sendable {
        case html
        case none
        /// Another registered content type: its own function.
        case other(any MustacheContentType)
    }

    /// A name as a template writes it.
    struct Name: Sendable {
        /// `.` alone: the value of the innermost section.
        let current: Bool
        /// `.title`: looked up in the innermost value only, not outward.
        let anchored: Bool
        /// `site` of `site.title`: nil for `.` alone.
        let first: String?
        /// `title` of `site.title`.
        let rest: [String]

        init(_ name: String) {
            current = name == "."
            anchored = name.first == "."
            let parts = name.split(separator: ".").map(String.init)
            first = parts.first
            rest = Array(parts.dropFirst())
        }
    }

    indirect enum Op: Sendable {
        case text(String)
        case value(Name, escaped: Bool)
        case section(Name, [Op])
        case inverted(Name, [Op])
        /// `{{> x}}`, and `{{<x}}` with the blocks it replaces.
        case partial(String, overrides: [String: [Op]]?)
        /// `{{$x}}default{{/x}}`.
        case block(String, [Op])
        case escaping(Escaping)
    }

    /// Each template's ops; absent for a template that uses something only the library does.
    private let programs: [String: [Op]]

    init(_ library: MustacheLibrary, names: some Sequence<String>) {
        var programs: [String: [Op]] = [:]
        for name in names {
            programs[name] = library.getTemplate(named: name).flatMap(Self.ops)
        }
        self.programs = programs
    }

    /// Whether `name` renders here (it and every partial it reaches), not through the library.
    func covers(_ name: String) -> Bool {
        var seen = Set<String>()
        func walk(_ name: String) -> Bool {
            guard seen.insert(name).inserted else { return true }
            return programs[name]?.allSatisfy(opCovered) ?? false
        }
        func opCovered(_ op: Op) -> Bool {
            switch op {
            case .text, .value, .escaping: true
            case .section(_, let ops), .inverted(_, let ops), .block(_, let ops): ops.allSatisfy(opCovered)
            case .partial(let name, let overrides):
                walk(name) && (overrides ?? [:]).values.allSatisfy { $0.allSatisfy(opCovered) }
            }
        }
        return walk(name)
    }

    // MARK: Reading the library's parse

    /// The template's tokens, read through `Mirror`: swift-mustache keeps them internal.
    /// nil when they are not as this expects (another version of the library), or when the
    /// template uses what `render` leaves to the library.
    private static func ops(_ template: MustacheTemplate) -> [Op]? {
        guard let tokens = Mirror(reflecting: template).children.first(where: { $0.label == "tokens" })?.value,
              let list = tokens as? [Any] else { return nil }
        let ops = list.compactMap(op)
        return ops.count == list.count ? ops : nil
    }

    private static func op(_ token: Any) -> Op? {
        let mirror = Mirror(reflecting: token)
        guard mirror.displayStyle == .enum, let payload = mirror.children.first, let kind = payload.label else { return nil }
        let fields = Dictionary(Mirror(reflecting: payload.value).children.compactMap { c in c.label.map { ($0, c.value) } },
                                uniquingKeysWith: { a, _ in a })
        func name() -> Name? {
            guard let n = fields["name"] as? String, (fields["transforms"] as? [String])?.isEmpty ?? false else { return nil }
            return Name(n)
        }
        func template(_ key: String) -> [Op]? { (fields[key] as? MustacheTemplate).flatMap(ops) }
        /// An optional field: absent (a field the library no longer has), nil, or a value.
        func optional(_ key: String) -> Any?? {
            guard let field = fields[key] else { return nil }
            let m = Mirror(reflecting: field)
            return m.displayStyle == .optional ? .some(m.children.first?.value) : .some(field)
        }
        func unindented() -> Bool {
            guard let i = optional("indentation") else { return false }
            return i == nil || (i as? String)?.isEmpty == true
        }
        switch kind {
        case "text":
            return (payload.value as? String).map { .text($0) }
        case "variable":
            return name().map { .value($0, escaped: true) }
        case "unescapedVariable":
            return name().map { .value($0, escaped: false) }
        case "section":
            guard let n = name(), let t = template("template") else { return nil }
            return .section(n, t)
        case "invertedSection":
            guard let n = name(), let t = template("template") else { return nil }
            return .inverted(n, t)
        case "blockExpansion":
            guard let n = fields["name"] as? String, let t = template("default"), unindented() else { return nil }
            return .block(n, t)
        case "partial":
            guard let n = fields[".0"] as? String, unindented(), let blocks = optional("inherits") else { return nil }
            guard let blocks else { return .partial(n, overrides: nil) }
            guard let overrides = (blocks as? [String: MustacheTemplate])?.mapValues(ops),
                  !overrides.values.contains(where: { $0 == nil }) else { return nil }
            return .partial(n, overrides: overrides.mapValues { $0! })
        case "contentType":
            return (payload.value as? any MustacheContentType).map { .escaping(escaping($0)) }
        default:
            // dynamicNamePartial, a block definition outside its parent, or unknown.
            return nil
        }
    }

    /// Kiosque's escaping, none (`TEXT`: the library's type is internal, so told by what it
    /// leaves as it is), or another registered type's own function.
    private static func escaping(_ type: any MustacheContentType) -> Escaping {
        if type is FastHTMLEscaping { return .html }
        let probe = "<>&\"'"
        return type.escapeText(probe) == probe ? .none : .other(type)
    }

    // MARK: Rendering

    /// The library is needed: something here is not what the program renders.
    private struct Unsupported: Error {}

    private struct Renderer {
        let programs: [String: [Op]]
        /// A String, not bytes: its pieces are Strings already, and bytes would be checked
        /// for UTF-8 again at the end.
        var out = ""
        var stack: [Any]
        /// What each value of `stack` is, told once, when it is pushed: a lookup walks the
        /// stack for every name.
        var frames: [Frame]
        /// The blocks the layouts being rendered replace, innermost call last (the outer
        /// template's choice wins, as in the library).
        var overrides: [[String: [Op]]] = []

        init(programs: [String: [Op]], root: Any) {
            self.programs = programs
            stack = [root]
            frames = [Frame(root)]
        }

        mutating func run(_ ops: [Op], _ escaping: Escaping) throws(Unsupported) {
            var escaping = escaping
            for op in ops {
                switch op {
                case .text(let text):
                    out.append(text)
                case .value(let name, let escaped):
                    guard let value = try lookup(name) else { continue }
                    try write(value, escaped ? escaping : .none)
                case .section(let name, let body):
                    try section(try lookup(name), body, escaping)
                case .inverted(let name, let body):
                    try inverted(try lookup(name), body, escaping)
                case .partial(let name, let blocks):
                    // A partial this does not render makes the whole page the library's.
                    guard let ops = programs[name] else { throw Unsupported() }
                    if let blocks { overrides.append(blocks) }
                    try run(ops, .html)
                    if blocks != nil { overrides.removeLast() }
                case .block(let name, let defaults):
                    try run(overrides.first(where: { $0[name] != nil })?[name] ?? defaults, escaping)
                case .escaping(let e):
                    escaping = e
                }
            }
        }

        // What swift-mustache does with a value, for the values view models hold; anything
        // else takes the library's own tests, in its order.

        private mutating func section(_ value: Any?, _ body: [Op], _ escaping: Escaping) throws(Unsupported) {
            guard let value else { return }
            switch value {
            case let list as [[String: Any]]:
                for d in list { try within(d, as: .dictionary(d), body, escaping) }
            case let list as [String]:
                for s in list { try within(s, as: .nothing, body, escaping) }
            case let bool as Bool:
                if bool { try run(body, escaping) }
            case is String, is Int, is [String: Any]:
                try within(value, body, escaping)
            default:
                if value is MustacheLambda { throw Unsupported() }
                if let list = value as? any MustacheSequence {
                    for element in Self.elements(list) { try within(element, body, escaping) }
                } else if let null = value as? MustacheCustomRenderable, null.isNull {
                    return
                } else {
                    try within(value, body, escaping)
                }
            }
        }

        private mutating func inverted(_ value: Any?, _ body: [Op], _ escaping: Escaping) throws(Unsupported) {
            guard let value else { return try run(body, escaping) }
            switch value {
            case let list as [[String: Any]]:
                if list.isEmpty { try within(list, body, escaping) }
            case let list as [String]:
                if list.isEmpty { try within(list, body, escaping) }
            case let bool as Bool:
                if !bool { try run(body, escaping) }
            case is String, is Int, is [String: Any]:
                return
            default:
                if let list = value as? any MustacheSequence {
                    if Self.elements(list).isEmpty { try within(value, body, escaping) }
                } else if let null = value as? MustacheCustomRenderable, null.isNull {
                    try run(body, escaping)
                }
            }
        }

        private static func elements(_ list: some MustacheSequence) -> [Any] { list.map { $0 } }

        private mutating func within(_ value: Any, _ body: [Op], _ escaping: Escaping) throws(Unsupported) {
            try within(value, as: Frame(value), body, escaping)
        }

        private mutating func within(_ value: Any, as frame: Frame, _ body: [Op], _ escaping: Escaping) throws(Unsupported) {
            stack.append(value)
            frames.append(frame)
            defer {
                stack.removeLast()
                frames.removeLast()
            }
            try run(body, escaping)
        }

        private mutating func write(_ value: Any, _ escaping: Escaping) throws(Unsupported) {
            let text: String
            switch value {
            case let s as String: text = s
            case let i as Int: text = String(i)
            case let b as Bool: text = b ? "true" : "false"
            default:
                if value is MustacheTemplate || value is MustacheLambda { throw Unsupported() }
                if let renderable = value as? MustacheCustomRenderable {
                    text = renderable.renderText
                } else {
                    text = String(describing: (value as? OptionalValue)?.wrapped ?? value)
                }
            }
            switch escaping {
            case .none: out.append(text)
            case .html: out.append(FastHTMLEscaping.shared.escapeText(text))
            case .other(let type): out.append(type.escapeText(text))
            }
        }

        /// The library's lookup: the first part in the innermost value that has it, then
        /// outward; the other parts in what it found.
        private func lookup(_ name: Name) throws(Unsupported) -> Any? {
            guard !name.current, let first = name.first else { return stack.last }
            var found: Any?
            if name.anchored {
                found = try frames[frames.count - 1].child(first, of: stack[stack.count - 1])
            } else {
                for k in stride(from: stack.count - 1, through: 0, by: -1) {
                    if let value = try frames[k].child(first, of: stack[k]) { found = value; break }
                }
            }
            for part in name.rest {
                guard let object = found else { return nil }
                found = try Self.child(part, of: object)
            }
            guard let found else { return nil }
            switch found {
            case is String, is Bool, is Int, is [String: Any], is [[String: Any]], is [String]: return found
            default: return if let custom = found as? MustacheCustomRepresentation { custom.representation } else { found }
            }
        }

        static func child(_ name: String, of object: Any) throws(Unsupported) -> Any? {
            switch object {
            case let d as [String: Any]: return d[name]
            case is String, is Int, is Bool, is [[String: Any]], is [String]: return nil
            default:
                if object is MustacheLambda { throw Unsupported() }
                // The library's: a custom representation, a parent, or the object's fields.
                let object: Any? = if let custom = object as? MustacheCustomRepresentation { custom.representation } else { object }
                if let parent = object as? MustacheParent { return parent.child(named: name) }
                guard let object else { return nil }
                guard let field = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else { return nil }
                let m = Mirror(reflecting: field)
                guard m.displayStyle == .optional else { return field }
                return m.children.first?.value
            }
        }
    }

    /// A value of the context stack, as a lookup sees it.
    private enum Frame {
        case dictionary([String: Any])
        /// Text, a number, a boolean, a list: a name inside it finds nothing.
        case nothing
        /// Something else: the library's own tests.
        case other

        init(_ value: Any) {
            switch value {
            case let d as [String: Any]: self = .dictionary(d)
            case is String, is Int, is Bool, is [[String: Any]], is [String]: self = .nothing
            default: self = .other
            }
        }

        func child(_ name: String, of value: Any) throws(Unsupported) -> Any? {
            switch self {
            case .dictionary(let d): d[name]
            case .nothing: nil
            case .other: try Renderer.child(name, of: value)
            }
        }
    }

    /// Renders `name` with `context`; nil when the library must (see the type's note).
    func render(_ context: Any, _ name: String) -> String? {
        guard let ops = programs[name] else { return nil }
        var renderer = Renderer(programs: programs, root: context)
        do {
            try renderer.run(ops, .html)
        } catch {
            return nil
        }
        return renderer.out
    }
}

/// An `Optional` inside an `Any`, as the library unwraps it before printing it.
private protocol OptionalValue {
    var wrapped: Any? { get }
}

extension Optional: OptionalValue {
    var wrapped: Any? { self }
}
