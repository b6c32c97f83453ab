import CFileSwap
import Foundation
import KiosqueCore

/// Writes a whole site into a fresh folder next to the output, then swaps it in, so a
/// failed or interrupted build never leaves a half-written `public/`.
public struct OutputWriter {
    public let output: String

    public init(output: String) { self.output = output }

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Calls `produce` for every file (concurrently) and swaps the result in.
    /// Returns the number of files written.
    public func write(files: [String], assets: [(path: String, bytes: [UInt8])],
                      produce: @Sendable (Int) -> String) throws -> Int {
        let fm = FileManager.default
        let parent = (output as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let prefix = ".\((output as NSString).lastPathComponent).tmp-"
        removeAbandonedStaging(in: parent, prefix: prefix)
        let staging = (parent as NSString).appendingPathComponent("\(prefix)\(getpid())")
        do {
            // Folders first, once each, so the parallel pass only creates files.
            var dirs = Set<String>()
            for p in files + assets.map(\.path) {
                var d = (p as NSString).deletingLastPathComponent
                while !d.isEmpty, dirs.insert(d).inserted { d = (d as NSString).deletingLastPathComponent }
            }
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for d in dirs.sorted() {
                try fm.createDirectory(atPath: (staging as NSString).appendingPathComponent(d), withIntermediateDirectories: true)
            }
            for a in assets { try Self.writeFile((staging as NSString).appendingPathComponent(a.path), a.bytes) }

            let failure = FirstError()
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                guard !failure.isSet else { return }
                var text = produce(i)
                do {
                    try text.withUTF8 { try Self.writeFile((staging as NSString).appendingPathComponent(files[i]), $0) }
                } catch {
                    failure.set(error)
                }
            }
            if let e = failure.error { throw e }
            try swapIn(staging)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
        return files.count + assets.count
    }

    /// Staging folders of builds that were killed: their process is gone.
    private func removeAbandonedStaging(in parent: String, prefix: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            let pid = pid_t(name.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
            if pid == getpid() || pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) {
                try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
            }
        }
    }

    private func swapIn(_ staging: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: output) else {
            try fm.moveItem(atPath: staging, toPath: output)
            return
        }
        if kiosque_exchange_paths(staging, output) == 0 {
            try fm.removeItem(atPath: staging)  // now holds the previous site
            return
        }
        // File systems without renameat2: two renames, a moment without `public/`.
        let old = staging + ".old"
        try fm.moveItem(atPath: output, toPath: old)
        try fm.moveItem(atPath: staging, toPath: output)
        try? fm.removeItem(atPath: old)
    }

    /// `sync`: flush to disk before returning (a file renamed into place afterwards).
    static func writeFile(_ path: String, _ bytes: some ContiguousBytes, sync: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try bytes.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path: path, reason: String(cString: strerror(errno)))
                }
                off += n
            }
        }
        if sync, fsync(fd) != 0 { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// The first error raised by concurrent workers.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ e: Error) { lock.withLock { if stored == nil { stored = e } } }
}
