import Foundation

/// One file replaced whole or not at all: written beside its final name under a dot name
/// (which the content loader skips if a crash leaves it behind), flushed to disk, renamed.
/// `stage` and `Staged.commit` split the two steps, so that several files can all be
/// written before any of them is renamed.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// A file written and flushed under its temporary name, not yet in place.
    public struct Staged: Sendable {
        public let path: String
        public let temp: String

        public func commit() throws {
            guard rename(temp, path) == 0 else {
                let error = WriteError(path: path, reason: AtomicFile.reason(errno))
                discard()
                throw error
            }
        }

        public func discard() { unlink(temp) }

        /// Puts the file at `name` (in the same folder) only if nothing is there, even
        /// against another writer racing for it: a hard link is never made over an existing
        /// name. False when the name is taken; the temporary file stays, for another name.
        public func commitNew(as name: String) throws -> Bool {
            if link(temp, name) == 0 { return true }
            if errno == EEXIST { return false }
            throw WriteError(path: name, reason: AtomicFile.reason(errno))
        }
    }

    /// Every byte to `fd`, through short writes and interruptions; false on an error (`errno`).
    public static func writeAll(_ fd: Int32, _ bytes: some ContiguousBytes) -> Bool {
        bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 && errno != EINTR { return false }
                if n > 0 { off += n }
            }
            return true
        }
    }

    public static func write(_ bytes: some ContiguousBytes, to path: String) throws {
        try stage(bytes, for: path).commit()
    }

    /// Writes and flushes the temporary file; nothing is left behind if that fails.
    public static func stage(_ bytes: some ContiguousBytes, for path: String) throws -> Staged {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: dir, reason: "cannot create the folder (\((error as NSError).localizedDescription))")
        }
        let staged = Staged(path: path, temp: (dir as NSString).appendingPathComponent(tempName(for: path, pid: getpid())))
        // Errors name the file being replaced: the temporary name means nothing to a reader.
        func fail() -> WriteError { WriteError(path: path, reason: reason(errno)) }
        let fd = open(staged.temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail() }
        defer { close(fd) }
        do {
            guard writeAll(fd, bytes), fsync(fd) == 0 else { throw fail() }
        } catch {
            staged.discard()
            throw error
        }
        return staged
    }

    /// `.2026-02-06.eml.tmp-<pid>` for `2026-02-06.eml`: the writer's pid tells a crash's
    /// leftover (its writer is gone) from a file being written.
    public static func tempName(for path: String, pid: pid_t) -> String {
        ".\((path as NSString).lastPathComponent).tmp-\(pid)"
    }

    /// The name of the file a crash's leftover temporary file was to replace (in the same
    /// folder); nil for any other name, and while the writer of that temporary file runs.
    public static func leftover(_ name: String) -> String? {
        guard name.hasPrefix("."), let mark = name.range(of: ".tmp-", options: .backwards),
              let pid = pid_t(name[mark.upperBound...]), pid > 0 else { return nil }
        guard kill(pid, 0) != 0 && errno == ESRCH else { return nil }
        return String(name[name.index(after: name.startIndex)..<mark.lowerBound])
    }

    /// `strerror`, and what a full disk means.
    public static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return code == ENOSPC ? "\(text): the disk is full" : text
    }

    /// Removes the temporary files that killed writers left in `dir` (see `leftover`), those
    /// meant to replace a file `replacing` accepts.
    public static func removeDebris(in dir: String, replacing: (String) -> Bool = { _ in true }) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            guard let target = leftover(name), replacing(target) else { continue }
            unlink((dir as NSString).appendingPathComponent(name))
        }
    }
}
