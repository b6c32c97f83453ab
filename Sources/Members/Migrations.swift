/// The schema of `members.sqlite`, as numbered steps. `PRAGMA user_version` says how many are
/// applied; each runs in its own transaction with the version it brings, so a process killed
/// in the middle leaves the previous version, and two processes opening a new file at once
/// apply each step once.
enum Migrations {
    static let steps: [String] = [
        // 1: the members.
        """
        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
            consent_at TEXT,
            consent_source TEXT,
            consent_text TEXT,
            confirmed_at TEXT,
            token TEXT UNIQUE,
            token_expires TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            left_at TEXT
        );
        CREATE INDEX members_by_status ON members (status, id);
        """,
        // 2: the queue of confirmation mails (what `members serve` still has to send).
        """
        CREATE TABLE confirmation_mails (
            member_id INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('queued', 'data', 'sent', 'refused')),
            attempts INTEGER NOT NULL DEFAULT 0,
            not_before TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX confirmation_mails_queued ON confirmation_mails (not_before) WHERE state = 'queued';
        """,
    ]

    static func apply(to db: SQLiteDatabase) throws {
        // Up to date, the usual case: no write lock taken.
        if try version(db) == steps.count { return }
        for (n, sql) in steps.enumerated() {
            try db.transaction {
                let version = try Self.version(db)
                guard version <= steps.count else {
                    throw SQLiteDatabase.Error(description: "\(db.path): made by a newer kiosque (schema version \(version), this one knows \(steps.count)): upgrade kiosque", code: 0)
                }
                guard version == n else { return }
                try db.execute(sql)
                try db.execute("PRAGMA user_version = \(n + 1)")
            }
        }
    }

    static func version(_ db: SQLiteDatabase) throws -> Int {
        var v = 0
        try db.query("PRAGMA user_version") { v = Int($0.integer(0)) }
        return v
    }
}
