import Foundation

/// The WAL file of the `StoreWriter`'s connection, flushed by the writer's second thread
/// rather than by SQLite at each commit: the connection commits with `synchronous = NORMAL`
/// (SQLite writes the WAL and does not flush it) and `flush` makes everything written so far
/// durable. A process killed at any instant loses nothing written (the kernel has it); a power
/// cut loses at most changes nobody was answered for. SQLite keeps the same file for as long
/// as a connection has it open, and flushes it itself before each checkpoint.
struct WALFile: Sendable {
    let fd: Int32

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Nil when the WAL file cannot be opened or its folder flushed: the connection then keeps
    /// flushing its own commits (`synchronous = FULL`).
    init?(_ db: SQLiteDatabase) {
        // The file exists once a transaction has run on the connection in WAL mode.
        guard (try? db.query("BEGIN IMMEDIATE")) != nil, (try? db.query("COMMIT")) != nil else { return nil }
        let fd = open(db.path + "-wal", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        // SQLite flushes the folder at a new WAL's first flush, which is no longer its own:
        // the file's name is made durable here.
        let folder = open(URL(fileURLWithPath: db.path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folder >= 0 { close(folder) } }
        guard folder >= 0, fsync(folder) == 0, fdatasync(fd) == 0 else {
            close(fd)
            return nil
        }
        do {
            try db.execute("PRAGMA synchronous = NORMAL")
        } catch {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    /// Everything written to the file so far on disk: nil, or why not.
    func flush() -> Failure? {
        fdatasync(fd) == 0 ? nil : Failure(description: "cannot flush the members' WAL file: \(String(cString: strerror(errno)))")
    }
}
