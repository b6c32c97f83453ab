import KiosqueCore

/// The confirmation mails still to send, kept in the database with the members so that a
/// subscription and its mail are committed together. A mail's `data` state is committed (on
/// disk) as the SMTP client hands over its last bytes, before the server's answer: one that
/// stopped there may have arrived, and is never sent again automatically; a `queued` one
/// never went out whole, and is sent (again) at the next chance.
extension MemberStore {
    public struct DueMail: Sendable, Equatable {
        public var member: Int64
        public var email: String
        public var name: String
        /// The link's selector (see `ConfirmationToken`).
        public var token: String
        public var tokenExpires: String
        public var attempts: Int
    }

    /// Queued mails whose time has come, oldest first, of members still pending.
    public func dueConfirmations(now: Timestamp, limit: Int) throws -> [DueMail] {
        var out: [DueMail] = []
        try db.query("""
            SELECT c.member_id, m.email, m.name, m.token, m.token_expires, c.attempts
            FROM confirmation_mails c JOIN members m ON m.id = c.member_id
            WHERE c.state = 'queued' AND c.not_before <= ? AND m.status = 'pending' AND m.token IS NOT NULL
            ORDER BY c.not_before, c.member_id LIMIT ?
            """, [.text(ISODate.utc(now)), .integer(Int64(limit))]) { s in
            out.append(DueMail(member: s.integer(0), email: s.text(1) ?? "", name: s.text(2) ?? "", token: s.text(3) ?? "",
                               tokenExpires: s.text(4) ?? "", attempts: Int(s.integer(5))))
        }
        return out
    }

    public enum MailState: String, Sendable { case queued, data, sent, refused }

    public func markConfirmation(_ member: Int64, _ state: MailState, detail: String? = nil) throws {
        try db.query("UPDATE confirmation_mails SET state = ?, detail = ? WHERE member_id = ?",
                     [.text(state.rawValue), .optional(detail), .integer(member)])
    }

    /// A temporary refusal (4xx): tried again later.
    public func deferConfirmation(_ member: Int64, until: Timestamp, detail: String) throws {
        try db.query("UPDATE confirmation_mails SET attempts = attempts + 1, not_before = ?, detail = ? WHERE member_id = ?",
                     [.text(ISODate.utc(until)), .text(detail), .integer(member)])
    }

    /// The server refused the address for good (5xx): the member is `bounced`.
    public func bounce(_ member: Int64, detail: String, now: Timestamp) throws {
        let at = ISODate.utc(now)
        try db.query("UPDATE members SET status = 'bounced', left_at = ?, updated_at = ?, token = NULL WHERE id = ? AND status = 'pending'",
                     [.text(at), .text(at), .integer(member)])
        try markConfirmation(member, .refused, detail: detail)
    }

    /// Each mail's state, by member: for the tests and `members list`.
    public func confirmationStates() throws -> [Int64: MailState] {
        var out: [Int64: MailState] = [:]
        try db.query("SELECT member_id, state FROM confirmation_mails") { s in out[s.integer(0)] = MailState(rawValue: s.text(1) ?? "") }
        return out
    }
}
