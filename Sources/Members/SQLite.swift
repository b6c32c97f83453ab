import CSQLite
import Foundation

/// One SQLite connection: WAL, a busy timeout, foreign keys, statements with bound values
/// only (no text is ever spliced into SQL). Not thread-safe: each thread opens its own.
public final class SQLiteDatabase {
    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
        /// SQLite's result code (`SQLITE_BUSY`, `SQLITE_FULL`…).
        public var code: Int32
    }

    let handle: OpaquePointer
    public let path: String
    private var statements: [String: SQLiteStatement] = [:]

    /// How long a statement waits for another process's write before giving up.
    public static let busyTimeout: Int32 = 5_000

    /// `create`: make the file when it is missing (a command that only reads it says so instead).
    public init(path: String, create: Bool = true) throws(Error) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close(db)
            throw Error(description: "\(path): cannot open the database: \(message)", code: rc)
        }
        handle = db
        sqlite3_busy_timeout(db, Self.busyTimeout)
        sqlite3_extended_result_codes(db, 1)
        // WAL: readers (a `send` in progress) never wait for the writer nor block it. FULL: a
        // commit is on disk before the answer that depends on it goes out (a power cut after a
        // "thank you" must not lose the subscription).
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = FULL")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that has no parameters and returns no rows of interest (pragmas, DDL).
    public func execute(_ sql: String) throws(Error) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(message)
            throw Error(description: "\(path): \(text)", code: rc)
        }
    }

    /// A prepared statement, cached by its text.
    public func statement(_ sql: String) throws(Error) -> SQLiteStatement {
        if let s = statements[sql] {
            s.reset()
            return s
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw Error(description: "\(path): \(lastMessage) in \(sql)", code: rc) }
        let s = SQLiteStatement(stmt, db: self)
        statements[sql] = s
        return s
    }

    /// Runs `sql` with `values` and returns each row through `row`.
    @discardableResult
    public func query(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> Void = { _ in }) throws -> Int {
        let s = try statement(sql)
        defer { s.reset() }
        try s.bind(values)
        var rows = 0
        while try s.step() {
            rows += 1
            try row(s)
        }
        return rows
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// `body` in one write transaction, taken at once (`BEGIN IMMEDIATE`: no deadlock between
    /// two writers that both read first); rolled back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

public enum SQLiteValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case null

    public static func optional(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }
}

/// A prepared statement of a `SQLiteDatabase`.
public final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let db: SQLiteDatabase

    init(_ handle: OpaquePointer, db: SQLiteDatabase) {
        self.handle = handle
        self.db = db
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLiteValue]) throws(SQLiteDatabase.Error) {
        for (i, v) in values.enumerated() {
            let n = Int32(i + 1)
            let rc: Int32
            switch v {
            case .text(let s): rc = kiosque_sqlite3_bind_text(handle, n, s, -1)
            case .integer(let x): rc = sqlite3_bind_int64(handle, n, x)
            case .null: rc = sqlite3_bind_null(handle, n)
            }
            guard rc == SQLITE_OK else { throw SQLiteDatabase.Error(description: "\(db.path): \(db.lastMessage)", code: rc) }
        }
    }

    /// True while there is a row to read.
    func step() throws(SQLiteDatabase.Error) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw SQLiteDatabase.Error(description: "\(db.path): \(db.lastMessage)", code: rc)
    }

    public func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL, let p = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: p)
    }

    public func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
}
