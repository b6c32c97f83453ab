import Foundation

/// One process at a time per site and per job (`.kiosque/build.lock`, `.kiosque/fetch.lock`):
/// an exclusive `flock`, released by the kernel when the process ends, however it ends, so
/// a killed run never leaves a stale lock behind.
public final class FileLock {
    private let fd: Int32

    public struct Busy: Error, CustomStringConvertible {
        /// The process that holds it, as it wrote itself into the file.
        public var holder: String?
        public var description: String { "held by another process" + (holder.map { " (process \($0))" } ?? "") }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes the lock. `wait`: block until it is free, calling `waiting` once first with the
    /// holder; otherwise throw `Busy` at once (a cron job must not queue up behind a stuck one).
    public init(path: String, wait: Bool, waiting: (String?) -> Void = { _ in }) throws {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingWhitespace
            let who = holder?.isEmpty == false ? holder : nil
            guard wait else {
                close(fd)
                throw Busy(holder: who)
            }
            waiting(who)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw Failure(description: "cannot lock \(path): \(String(cString: strerror(errno)))")
                }
            }
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
