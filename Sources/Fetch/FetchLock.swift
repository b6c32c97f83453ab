import Foundation

/// One `kiosque fetch` at a time per site: an exclusive `flock` on `.kiosque/fetch.lock`,
/// released by the kernel when the process ends, however it ends.
public final class FetchLock {
    private let fd: Int32

    /// Takes the lock or throws at once (a cron run must not queue up behind a stuck one).
    public init(path: String) throws(LoadFailure) {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoadFailure("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var holder = ""
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
                holder = " (process \(text.trimmingCharacters(in: .whitespacesAndNewlines)))"
            }
            close(fd)
            throw LoadFailure("another kiosque fetch is running on this site\(holder); try again when it is done")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
