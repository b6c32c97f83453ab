import Foundation
import KiosqueCore

/// Files replaced whole, under the fetch lock: the bytes go to a temp of a fixed name beside
/// the target (`.<name>.kiosque-new`, which the content loader skips), are flushed to disk,
/// then renamed over the target. The name is fixed so that a temp a kill leaves behind is
/// known to the next run, which removes it; the lock keeps two runs from sharing one.
enum DurableFile {
    static func temp(for path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return (dir as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).kiosque-new")
    }

    /// `bytes` into `path` (created or truncated), flushed with `fsync`. A failed write
    /// removes what it wrote.
    static func writeFlushed(_ bytes: Data, to path: String) throws(LoadFailure) {
        let dir = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw failure("cannot create", path) }
        let ok = AtomicFile.writeAll(fd, bytes) && fsync(fd) == 0
        let why = failure("cannot write", path)
        close(fd)
        if !ok {
            unlink(path)
            throw why
        }
    }

    static func rename(_ from: String, to path: String) throws(LoadFailure) {
        guard Glibc.rename(from, path) == 0 else { throw failure("cannot rename \(from) to", path) }
    }

    /// The whole replacement: temp, flush, rename, then the folder flushed so that the
    /// rename itself is on disk before anything that relies on it (dropping the journal).
    static func replace(_ path: String, with bytes: Data) throws(LoadFailure) {
        let temp = temp(for: path)
        try writeFlushed(bytes, to: temp)
        do {
            try rename(temp, to: path)
        } catch {
            unlink(temp)
            throw error
        }
        syncFolder(of: path)
    }

    /// Removes the temp a killed `replace` of `path` may have left.
    static func removeLeftover(of path: String) {
        unlink(temp(for: path))
    }

    static func syncFolder(of path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let fd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    private static func failure(_ what: String, _ path: String) -> LoadFailure {
        LoadFailure("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
