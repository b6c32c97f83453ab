import Foundation
import KiosqueCore
import Mail
import MIME

/// The list as files: `members import` reads a recipients file (one address a line, as
/// `kiosque send` reads it) or a CSV with an `email` column; `members export` writes either.
/// The CSV carries the consent, so that an export is the proof and imports back whole.
public enum MemberFiles {
    public static let csvColumns = ["email", "name", "status", "consent_at", "consent_source", "consent_text",
                                    "confirmed_at", "created_at", "updated_at", "left_at"]

    public struct Read: Sendable {
        public var entries: [MemberStore.Entry] = []
        public var problems: [Diagnostic] = []
    }

    /// A recipients file: `Name <address>` or `address` a line; bad lines are warnings.
    public static func recipients(_ text: String, file: String) -> Read {
        let list = RecipientList(parsing: text, file: file)
        var read = Read(problems: list.problems)
        for (e, line) in zip(list.entries, list.lines) {
            read.entries.append(.init(email: e.address.lowercased(), name: e.name ?? "", line: line))
        }
        return read
    }

    /// A CSV (RFC 4180: commas, double quotes, CRLF or LF) whose first line names the columns;
    /// `email` is required, the others of `csvColumns` are read when present. Throws when the
    /// file cannot be read as such (nothing is imported then).
    public static func csv(_ text: String, file: String) throws(DiagnosticsError) -> Read {
        let rows = CSV.rows(text).map { CSV.Row(fields: $0.fields.map(CSV.live), line: $0.line) }
        guard let header = rows.first?.fields.map({ $0.trimmingWhitespace.lowercased() }), let emailColumn = header.firstIndex(of: "email") else {
            throw DiagnosticsError([Diagnostic(file: file, line: 1, "the first line must name the columns, one of them 'email'",
                                               hint: "e.g. email,name,status — or import a recipients file (one address a line) without --csv")])
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        var read = Read()
        var seen: Set<String> = []
        for row in rows.dropFirst() {
            func value(_ name: String) -> String? {
                column(name).flatMap { $0 < row.fields.count ? row.fields[$0].trimmingWhitespace : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let raw = emailColumn < row.fields.count ? row.fields[emailColumn] : ""
            if row.fields.allSatisfy({ $0.trimmingWhitespace.isEmpty }) { continue }
            guard let email = Member.normalized(raw) else {
                read.problems.append(Diagnostic(.warning, file: file, line: row.line, "'\(raw)' is not an email address", hint: "this line is skipped"))
                continue
            }
            guard seen.insert(email).inserted else {
                read.problems.append(Diagnostic(.warning, file: file, line: row.line, "\(email) is listed twice: the first line counts"))
                continue
            }
            var status = Member.Status.active
            if let s = value("status") {
                guard let st = Member.Status(rawValue: s.lowercased()), st != .pending else {
                    read.problems.append(Diagnostic(.warning, file: file, line: row.line, "\(email): status '\(s)' is not imported",
                                                    hint: "active, unsubscribed or bounced; a pending address has not confirmed, so it is skipped"))
                    continue
                }
                status = st
            }
            let name = value("name") ?? ""
            guard Member.isValidName(name) else {
                read.problems.append(Diagnostic(.warning, file: file, line: row.line, "\(email): the name '\(name)' has characters a name does not have",
                                                hint: "letters, spaces, apostrophes, hyphens and dots; this line is skipped"))
                continue
            }
            let consent = value("consent_at").map { Member.Consent(at: $0, source: value("consent_source") ?? "", text: value("consent_text") ?? "") }
            read.entries.append(.init(email: email, name: name, status: status, consent: consent, line: row.line))
        }
        return read
    }

    /// The members as a CSV of `csvColumns`, CRLF line ends.
    public static func csv(_ members: [Member]) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for m in members {
            let fields = [m.email, m.name, m.status.rawValue, m.consent?.at ?? "", m.consent?.source ?? "", m.consent?.text ?? "",
                          m.confirmedAt ?? "", m.createdAt, m.updatedAt, m.leftAt ?? ""]
            out += fields.map { CSV.quoted(CSV.inert($0)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// The members as a recipients file: `Name <address>` or `address`, a line each, as a
    /// person reads it (the name quoted only when it must be, never MIME-encoded).
    public static func recipients(_ members: [Member]) -> String {
        members.map { m in
            guard !m.name.isEmpty else { return m.email + "\n" }
            let plain = "\(m.name) <\(m.email)>"
            return (MailAddress(plain)?.name == m.name ? plain : "\"\(m.name)\" <\(m.email)>") + "\n"
        }.joined()
    }
}

/// RFC 4180, as spreadsheets write it.
enum CSV {
    struct Row {
        var fields: [String]
        /// Where the row starts.
        var line: Int
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = [], field = ""
        var quoted = false, line = 1, start = 1
        var it = Array(text.replacingOccurrences(of: "\r\n", with: "\n")).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = it.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": fields.append(field); field = ""
            case "\n":
                fields.append(field)
                rows.append(Row(fields: fields, line: start))
                fields = []; field = ""
                line += 1
                start = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(fields: fields, line: start))
        }
        return rows
    }

    /// What a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or CR first: an
    /// address may start so, `=2+5@example.com`) gets an apostrophe first, which
    /// spreadsheets show as text (OWASP's "CSV injection"); `live` takes it off on import.
    static func inert(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, formulaStarts.contains(first) else { return s }
        return "'" + s
    }

    static func live(_ s: String) -> String {
        let u = s.unicodeScalars
        guard u.count > 1, u.first == "'", formulaStarts.contains(u[u.index(after: u.startIndex)]) else { return s }
        return String(s.dropFirst())
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func quoted(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
