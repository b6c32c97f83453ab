/// A problem found in a user's file, located precisely enough to fix it without searching.
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    /// Path as the user sees it (relative to the site folder when possible).
    public var file: String
    public var line: Int?
    public var message: String
    /// What to do about it.
    public var hint: String?

    public init(_ severity: Severity = .error, file: String, line: Int? = nil, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
        self.hint = hint
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": \(severity.rawValue): \(message)"
        if let hint { s += " (\(hint))" }
        return s
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.file, a.line ?? 0, a.message) < (b.file, b.line ?? 0, b.message)
    }
}

/// Several diagnostics at once: a build reports every bad file, not just the first.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
