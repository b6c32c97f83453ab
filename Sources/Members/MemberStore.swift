import Foundation
import KiosqueCore

/// `members.sqlite`: every change to the list, each a statement or a transaction of its own
/// (the service batches them, see `StoreWriter`). Unsubscribed members stay, as proof and so
/// that no import brings them back; only `erase` deletes one.
public final class MemberStore {
    public let db: SQLiteDatabase

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (and creates, unless `create` is false) the file, and brings its schema up to date.
    public init(path: String, create: Bool = true) throws(Failure) {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw Failure(description: "\(path): no members database (it is made by 'kiosque members add', 'import' or 'serve')")
        }
        do {
            db = try SQLiteDatabase(path: path, create: create)
            try Migrations.apply(to: db)
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// The confirmation links' lifetime.
    public static let tokenLifetime: Timestamp = 7 * 86_400

    static let columns = "id, email, name, status, consent_at, consent_source, consent_text, confirmed_at, created_at, updated_at, left_at"

    static func member(_ s: SQLiteStatement) -> Member {
        let consent = s.text(4).map { Member.Consent(at: $0, source: s.text(5) ?? "", text: s.text(6) ?? "") }
        return Member(id: s.integer(0), email: s.text(1) ?? "", name: s.text(2) ?? "",
                      status: Member.Status(rawValue: s.text(3) ?? "") ?? .pending, consent: consent,
                      confirmedAt: s.text(7), createdAt: s.text(8) ?? "", updatedAt: s.text(9) ?? "", leftAt: s.text(10))
    }

    public func member(email: String) throws -> Member? {
        var found: Member?
        try db.query("SELECT \(Self.columns) FROM members WHERE email = ?", [.text(email)]) { found = Self.member($0) }
        return found
    }

    public func member(id: Int64) throws -> Member? {
        var found: Member?
        try db.query("SELECT \(Self.columns) FROM members WHERE id = ?", [.integer(id)]) { found = Self.member($0) }
        return found
    }

    /// By id; with `status`, only those.
    public func members(status: Member.Status? = nil) throws -> [Member] {
        var out: [Member] = []
        if let status {
            try db.query("SELECT \(Self.columns) FROM members WHERE status = ? ORDER BY id", [.text(status.rawValue)]) { out.append(Self.member($0)) }
        } else {
            try db.query("SELECT \(Self.columns) FROM members ORDER BY id") { out.append(Self.member($0)) }
        }
        return out
    }

    public func counts() throws -> [Member.Status: Int] {
        var out: [Member.Status: Int] = [:]
        try db.query("SELECT status, count(*) FROM members GROUP BY status") { s in
            if let st = Member.Status(rawValue: s.text(0) ?? "") { out[st] = Int(s.integer(1)) }
        }
        return out
    }

    // MARK: the form

    public enum Subscribed: Sendable, Equatable {
        /// Pending, with a confirmation mail queued.
        case queued(Int64)
        /// Already active: nothing changes and nothing is sent (the answer is the same).
        case alreadyActive
    }

    /// A subscription from the form: a new pending member, or one who left (or whose last
    /// link expired) pending again under this consent; a confirmation mail queued either way.
    public func subscribe(email: String, name: String, consent: Member.Consent, token: String, now: Timestamp) throws -> Subscribed {
        let at = ISODate.utc(now), expires = ISODate.utc(now + Self.tokenLifetime)
        var existing: (id: Int64, status: String)?
        try db.query("SELECT id, status FROM members WHERE email = ?", [.text(email)]) { existing = ($0.integer(0), $0.text(1) ?? "") }
        if existing?.status == Member.Status.active.rawValue { return .alreadyActive }
        let id: Int64
        if let existing {
            try db.query("""
                UPDATE members SET status = 'pending', name = CASE WHEN ? = '' THEN name ELSE ? END,
                    consent_at = ?, consent_source = ?, consent_text = ?, token = ?, token_expires = ?, updated_at = ?
                WHERE id = ?
                """, [.text(name), .text(name), .text(consent.at), .text(consent.source), .text(consent.text),
                      .text(token), .text(expires), .text(at), .integer(existing.id)])
            id = existing.id
        } else {
            try db.query("""
                INSERT INTO members (email, name, status, consent_at, consent_source, consent_text, token, token_expires, created_at, updated_at)
                VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)
                """, [.text(email), .text(name), .text(consent.at), .text(consent.source), .text(consent.text),
                      .text(token), .text(expires), .text(at), .text(at)])
            id = db.lastInsertID
        }
        try db.query("""
            INSERT INTO confirmation_mails (member_id, state, attempts, not_before) VALUES (?, 'queued', 0, ?)
            ON CONFLICT (member_id) DO UPDATE SET state = 'queued', attempts = 0, not_before = excluded.not_before, detail = NULL
            """, [.integer(id), .text(at)])
        return .queued(id)
    }

    public enum Confirmed: Sendable, Equatable {
        case confirmed(Int64)
        /// The link was used already: nothing to do.
        case already
        /// Older than `tokenLifetime`: subscribe again.
        case expired
        /// No such link (or its member left since).
        case unknown
    }

    /// The member whose link this is (`token`: its selector, see `ConfirmationToken`).
    public func confirm(token: String, now: Timestamp) throws -> Confirmed {
        var found: (id: Int64, status: String, expires: String)?
        try db.query("SELECT id, status, token_expires FROM members WHERE token = ?", [.text(token)]) {
            found = ($0.integer(0), $0.text(1) ?? "", $0.text(2) ?? "")
        }
        guard let found else { return .unknown }
        switch found.status {
        case Member.Status.active.rawValue: return .already
        case Member.Status.pending.rawValue:
            guard ISODate.utc(now) < found.expires else { return .expired }
            let at = ISODate.utc(now)
            try db.query("UPDATE members SET status = 'active', confirmed_at = ?, updated_at = ? WHERE id = ?",
                         [.text(at), .text(at), .integer(found.id)])
            return .confirmed(found.id)
        default: return .unknown
        }
    }

    // MARK: leaving

    /// One-click or `members remove`: true when it changed something (false: already gone,
    /// or no such member). The confirmation link dies with it.
    @discardableResult
    public func unsubscribe(id: Int64, now: Timestamp) throws -> Bool {
        let at = ISODate.utc(now)
        try db.query("""
            UPDATE members SET status = 'unsubscribed', left_at = ?, updated_at = ?, token = NULL, token_expires = NULL
            WHERE id = ? AND status != 'unsubscribed'
            """, [.text(at), .text(at), .integer(id)])
        let changed = db.changes > 0
        try db.query("DELETE FROM confirmation_mails WHERE member_id = ? AND state = 'queued'", [.integer(id)])
        return changed
    }

    /// An address of the recipients file that used its one-click link: recorded as a member
    /// who left, so that `send` skips it from now on and no import subscribes it.
    @discardableResult
    public func unsubscribe(email: String, now: Timestamp) throws -> Bool {
        if let m = try member(email: email) { return try unsubscribe(id: m.id, now: now) }
        let at = ISODate.utc(now)
        try db.query("INSERT INTO members (email, status, created_at, updated_at, left_at) VALUES (?, 'unsubscribed', ?, ?, ?)",
                     [.text(email), .text(at), .text(at), .text(at)])
        return true
    }

    // MARK: the editors

    public enum Added: Sendable, Equatable {
        case added(Int64)
        /// Was pending: now active.
        case activated
        case alreadyActive
        /// They left (or bounced): only they can come back, through the form.
        case refused(Member)
    }

    /// An editor adds someone who asked (by phone, at an event): active at once.
    public func add(email: String, name: String, consent: Member.Consent, now: Timestamp) throws -> Added {
        let at = ISODate.utc(now)
        if let m = try member(email: email) {
            switch m.status {
            case .active: return .alreadyActive
            case .unsubscribed, .bounced: return .refused(m)
            case .pending:
                try db.query("""
                    UPDATE members SET status = 'active', name = CASE WHEN ? = '' THEN name ELSE ? END, consent_at = ?,
                        consent_source = ?, consent_text = ?, confirmed_at = ?, updated_at = ? WHERE id = ?
                    """, [.text(name), .text(name), .text(consent.at), .text(consent.source), .text(consent.text),
                          .text(at), .text(at), .integer(m.id)])
                try db.query("DELETE FROM confirmation_mails WHERE member_id = ? AND state = 'queued'", [.integer(m.id)])
                return .activated
            }
        }
        try insert(email: email, name: name, status: .active, consent: consent, at: at)
        return .added(db.lastInsertID)
    }

    func insert(email: String, name: String, status: Member.Status, consent: Member.Consent?, at: String) throws {
        try db.query("""
            INSERT INTO members (email, name, status, consent_at, consent_source, consent_text, confirmed_at, created_at, updated_at, left_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(email), .text(name), .text(status.rawValue), .optional(consent?.at), .optional(consent?.source),
                  .optional(consent?.text), .optional(status == .active ? at : nil), .text(at), .text(at),
                  .optional(status == .active || status == .pending ? nil : at)])
    }

    /// Deletes the member and everything kept about them (the RGPD's right to erasure).
    public func erase(email: String) throws -> Bool {
        try db.query("DELETE FROM members WHERE email = ?", [.text(email)])
        return db.changes > 0
    }

    /// A line of an import: who, and how the source list has them.
    public struct Entry: Sendable {
        public var email: String
        public var name: String
        public var status: Member.Status
        public var consent: Member.Consent?
        public var line: Int

        public init(email: String, name: String = "", status: Member.Status = .active, consent: Member.Consent? = nil, line: Int) {
            self.email = email
            self.name = name
            self.status = status
            self.consent = consent
            self.line = line
        }
    }

    public struct Imported: Sendable, Equatable {
        public var added = 0
        /// Already members, left as they were.
        public var unchanged = 0
        /// Members the source says left: unsubscribed (or bounced) now.
        public var left = 0
        /// Members who had left and whom the source lists as subscribed: they stay out.
        public var keptOut = 0
    }

    /// One transaction: all the entries or none. New addresses come in with the status the
    /// source gives (active unless it says they left); an existing member may only be moved
    /// out (an import never resubscribes anyone).
    public func importing(_ entries: [Entry], defaultConsent: Member.Consent, now: Timestamp) throws -> Imported {
        let at = ISODate.utc(now)
        return try db.transaction {
            var r = Imported()
            for e in entries {
                guard let m = try member(email: e.email) else {
                    try insert(email: e.email, name: e.name, status: e.status,
                               consent: e.status == .active ? (e.consent ?? defaultConsent) : e.consent, at: at)
                    r.added += 1
                    continue
                }
                switch (m.status, e.status) {
                case (.active, .unsubscribed), (.active, .bounced), (.pending, .unsubscribed), (.pending, .bounced):
                    try db.query("UPDATE members SET status = ?, left_at = ?, updated_at = ?, token = NULL WHERE id = ?",
                                 [.text(e.status.rawValue), .text(at), .text(at), .integer(m.id)])
                    r.left += 1
                case (.unsubscribed, .active), (.bounced, .active):
                    r.keptOut += 1
                default:
                    r.unchanged += 1
                }
            }
            return r
        }
    }

    // MARK: sending

    /// The active members, by id: who `kiosque send` mails.
    public func activeRecipients() throws -> [(id: Int64, email: String)] {
        var out: [(Int64, String)] = []
        try db.query("SELECT id, email FROM members WHERE status = 'active' ORDER BY id") { out.append(($0.integer(0), $0.text(1) ?? "")) }
        return out
    }

    public func status(id: Int64) throws -> Member.Status? {
        var s: Member.Status?
        try db.query("SELECT status FROM members WHERE id = ?", [.integer(id)]) { s = Member.Status(rawValue: $0.text(0) ?? "") }
        return s
    }

    public func status(email: String) throws -> Member.Status? {
        var s: Member.Status?
        try db.query("SELECT status FROM members WHERE email = ?", [.text(email)]) { s = Member.Status(rawValue: $0.text(0) ?? "") }
        return s
    }
}
