import KiosqueCore
import MIME

/// The recipients file: one address a line (`Name <address>` works too), `#` comments and
/// blank lines ignored. Bad lines are warnings with their line number, and skipped: one typo
/// must not hold back everyone else's newsletter.
public struct RecipientList: Sendable {
    /// The addresses with their names, in file order, each once.
    public var entries: [MailAddress]
    /// The line of each entry.
    public var lines: [Int]
    /// Envelope addresses, in file order, each once.
    public var addresses: [String] { entries.map(\.address) }
    public var problems: [Diagnostic]
    /// Lines skipped because they hold no address.
    public var invalid = 0

    public init(parsing text: String, file: String) {
        entries = []
        lines = []
        problems = []
        var seen: [String: Int] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), hash == line.startIndex || line[line.index(before: hash)] == " " {
                line = line[..<hash]
            }
            let entry = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty else { continue }
            guard let a = MailAddress(entry) else {
                problems.append(Diagnostic(.warning, file: file, line: n + 1, "'\(entry)' is not an email address",
                                           hint: "write one address a line, such as nom@example.com; this line is skipped"))
                invalid += 1
                continue
            }
            if let first = seen[a.address.lowercased()] {
                problems.append(Diagnostic(.warning, file: file, line: n + 1,
                                           "\(a.address) is already listed on line \(first): it is mailed once"))
                continue
            }
            seen[a.address.lowercased()] = n + 1
            entries.append(a)
            lines.append(n + 1)
        }
    }
}
