import Foundation
import KiosqueCore

/// What `kiosque check` found, each finding with its kind, and how much it looked at.
public struct CheckReport: Sendable {
    /// What a finding is about; its raw value is the JSON `kind`.
    public enum Kind: String, Sendable, CaseIterable {
        /// `kiosque.yaml`, the content folder, the output folder's place (a build exits 3).
        case config
        /// An article (or a Markdown-looking file the build does not read).
        case content
        case template
        /// The build's safety checks on the output folder (foreign files, removals).
        case output
        /// A link under the site's address to no produced file, or to a missing `#fragment`.
        case link
        /// A link off the site (`--external`).
        case externalLink = "external-link"
        /// The same guid or source URL on two articles, or the same title on one day.
        case duplicate
        case emptyBody = "empty-body"
        case imageAlt = "image-alt"
    }

    public struct Finding: Sendable {
        public var kind: Kind
        public var diagnostic: Diagnostic
        public init(_ kind: Kind, _ diagnostic: Diagnostic) {
            self.kind = kind
            self.diagnostic = diagnostic
        }
    }

    /// A link off the site and where it is written (a file and line, or a page).
    public struct ExternalLink: Sendable {
        public var url: String
        public var sources: [(file: String, line: Int?)]
    }

    public var findings: [Finding] = []
    /// Article files read, and HTML pages rendered and checked.
    public var articleFiles = 0
    public var pages = 0
    /// Every link off the site, for `--external`.
    public var external: [ExternalLink] = []
    /// Distinct external links checked (over the network or from the cache), with `--external`.
    public var externalChecked = 0

    public init() {}

    mutating func add(_ kind: Kind, _ diagnostics: [Diagnostic]) {
        findings += diagnostics.map { Finding(kind, $0) }
    }

    public mutating func add(_ kind: Kind, _ diagnostic: Diagnostic) { findings.append(Finding(kind, diagnostic)) }

    public var errors: [Finding] { sorted.filter { $0.diagnostic.severity == .error } }
    public var warnings: [Finding] { sorted.filter { $0.diagnostic.severity == .warning } }
    private var sorted: [Finding] { findings.sorted { $0.diagnostic < $1.diagnostic } }

    /// A build would exit 3: the configuration is what to fix first.
    public var hasConfigError: Bool { findings.contains { $0.kind == .config && $0.diagnostic.severity == .error } }

    public var files: Int { articleFiles + pages }

    /// `check: 2 errors, 5 warnings in 1,234 files (0.8 s)`.
    public func summaryLine(seconds: Double) -> String {
        "check: \(Counted.of(errors.count, "error")), \(Counted.of(warnings.count, "warning")) in \(Counted.of(files, "file")) (\(String(format: "%.1f", seconds)) s)"
    }

    /// Every finding as `path:line: error|warning: message (hint)`, errors first, then the summary.
    public func text(seconds: Double) -> String {
        (errors + warnings).map { $0.diagnostic.description + "\n" }.joined() + summaryLine(seconds: seconds) + "\n"
    }

    /// `{"errors": [{"path", "line", "kind", "message"}], "warnings": [...], "summary": {...}}`
    /// (README, "kiosque check"): one object, keys in this order, `line` null when there is none.
    public func json(seconds: Double) -> String {
        func entries(_ list: [Finding]) -> String {
            guard !list.isEmpty else { return "[]" }
            return "[\n" + list.map { f in
                let d = f.diagnostic
                let message = d.hint.map { "\(d.message) (\($0))" } ?? d.message
                return "    {\"path\": \(QuotedString.quoted(d.file)), \"line\": \(d.line.map(String.init) ?? "null"), "
                    + "\"kind\": \(QuotedString.quoted(f.kind.rawValue)), \"message\": \(QuotedString.quoted(message))}"
            }.joined(separator: ",\n") + "\n  ]"
        }
        let errors = self.errors, warnings = self.warnings
        return """
        {
          "errors": \(entries(errors)),
          "warnings": \(entries(warnings)),
          "summary": {"errors": \(errors.count), "warnings": \(warnings.count), "files": \(files), \
        "articles": \(articleFiles), "pages": \(pages), "external_links": \(externalChecked), \
        "seconds": \(String(format: "%.2f", seconds))}
        }

        """
    }
}
