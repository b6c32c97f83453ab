import Foundation

/// One file replaced whole or not at all: written beside its final name under a dot name
/// (which the content loader skips if a crash leaves it behind), flushed to disk, renamed.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    public static func write(_ bytes: some ContiguousBytes, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let temp = (dir as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(getpid())")
        func fail(_ at: String) -> WriteError { WriteError(path: at, reason: String(cString: strerror(errno))) }
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail(temp) }
        do {
            try bytes.withUnsafeBytes { buf in
                var off = 0
                while off < buf.count {
                    let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                    if n < 0 && errno != EINTR { throw fail(temp) }
                    if n > 0 { off += n }
                }
            }
            guard fsync(fd) == 0 else { throw fail(temp) }
            close(fd)
            guard rename(temp, path) == 0 else { throw fail(path) }
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
    }

    /// Removes the temporary files (`.<name>.tmp-<pid>`) that killed writers left in `dir`.
    /// Only for a folder whose writers all hold a lock the caller holds now.
    public static func removeDebris(in dir: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".") {
            guard let r = name.range(of: ".tmp-", options: .backwards),
                  !name[r.upperBound...].isEmpty, name[r.upperBound...].allSatisfy(\.isNumber) else { continue }
            unlink((dir as NSString).appendingPathComponent(name))
        }
    }
}
