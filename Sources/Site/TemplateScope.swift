/// One name a template can use, as its view model provides it.
public struct TemplateVariable: Sendable {
    public enum Kind: Sendable {
        /// A string or a number placed as text (`{{x}}`).
        case text, number
        /// Markup Kiosque made safe: placed raw (`{{{x}}}`).
        case html
        /// True or false: `{{#x}}` shows its content when true, without entering a value.
        case flag
        /// A list of strings: inside `{{#x}}…{{/x}}`, `{{.}}` is each one.
        case texts
        /// Named fields: `{{x.field}}`, or `{{field}}` inside `{{#x}}…{{/x}}`.
        case object(TemplateScope)
        /// Values with named fields, each seen in turn inside `{{#x}}…{{/x}}`.
        case list(TemplateScope)
    }

    public let name: String
    public let kind: Kind
    /// Absent when it has no value: a template tests it with a section.
    public let optional: Bool
    /// What it holds, for README.md's tables.
    public let about: String

    public static func text(_ name: String, _ about: String, optional: Bool = false) -> Self {
        Self(name: name, kind: .text, optional: optional, about: about)
    }
    public static func number(_ name: String, _ about: String, optional: Bool = false) -> Self {
        Self(name: name, kind: .number, optional: optional, about: about)
    }
    public static func html(_ name: String, _ about: String, optional: Bool = false) -> Self {
        Self(name: name, kind: .html, optional: optional, about: about)
    }
    public static func flag(_ name: String, _ about: String, optional: Bool = false) -> Self {
        Self(name: name, kind: .flag, optional: optional, about: about)
    }
    public static func texts(_ name: String, _ about: String, optional: Bool = false) -> Self {
        Self(name: name, kind: .texts, optional: optional, about: about)
    }
    public static func object(_ name: String, _ about: String, optional: Bool = false, _ scope: TemplateScope) -> Self {
        Self(name: name, kind: .object(scope), optional: optional, about: about)
    }
    public static func list(_ name: String, _ about: String, optional: Bool = false, of scope: TemplateScope) -> Self {
        Self(name: name, kind: .list(scope), optional: optional, about: about)
    }
}

/// The names one value offers a template: a page's context, an item, an object's fields.
/// Declared once per view model; the template check and README.md's tables both read it.
public struct TemplateScope: Sendable {
    /// Set on a scope that several lists share (`item`): README.md documents it once, by this name.
    public let label: String?
    /// The scope this one adds to (an article is an item and more): none or one.
    private let bases: [TemplateScope]
    /// The names this scope adds to its bases.
    public let own: [TemplateVariable]

    /// Every name, the bases' first.
    public let variables: [TemplateVariable]
    private let byName: [String: TemplateVariable]

    public init(label: String? = nil, extending base: TemplateScope? = nil, _ own: [TemplateVariable]) {
        self.label = label
        bases = base.map { [$0] } ?? []
        self.own = own
        variables = (base?.variables ?? []) + own
        byName = Dictionary(variables.map { ($0.name, $0) }) { a, _ in a }
    }

    public subscript(name: String) -> TemplateVariable? { byName[name] }

    /// How README.md names a value of this scope: "item" for a labelled one or one built on it.
    var docLabel: (name: String, plus: Bool)? {
        if let label { return (label, false) }
        return bases.lazy.compactMap(\.docLabel).first.map { ($0.name, true) }
    }
}

/// README.md's tables of template variables, written from the declarations so that the two
/// cannot drift (a test checks README.md holds them).
public enum TemplateDocs {
    /// A Markdown table, one row per name; the fields of an object are `x.field`, those of a
    /// list's values `x[].field`. A labelled scope's fields are left to its own table.
    public static func table(_ variables: [TemplateVariable]) -> String {
        var lines = ["| variable | kind | value |", "| --- | --- | --- |"]
        func add(_ v: TemplateVariable, prefix: String) {
            let name = prefix + v.name
            lines.append("| `\(name)` | \(v.optional ? "optional " : "")\(kind(v.kind)) | \(v.about) |")
            switch v.kind {
            case .object(let s) where s.label == nil: for f in s.own { add(f, prefix: name + ".") }
            case .list(let s) where s.label == nil: for f in s.own { add(f, prefix: name + "[].") }
            default: break
            }
        }
        for v in variables { add(v, prefix: "") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func kind(_ k: TemplateVariable.Kind) -> String {
        switch k {
        case .text: "text"
        case .number: "number"
        case .html: "HTML"
        case .flag: "true/false"
        case .texts: "list of texts"
        case .object(let s): s.docLabel.map { $0.plus ? "\($0.name), plus" : $0.name } ?? "object"
        case .list(let s): s.docLabel.map { "list of \($0.name)s\($0.plus ? ", plus" : "")" } ?? "list"
        }
    }
}
