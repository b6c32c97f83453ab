import CFileSwap
import Foundation
import KiosqueCore

/// Writes a whole site into a fresh folder next to the output, then swaps it in, so a
/// failed or interrupted build never leaves a half-written `public/`.
public struct OutputWriter: Sendable {
    public let output: String

    public init(output: String) { self.output = output }

    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// One output file: where it goes, and the signature of what its bytes depend on.
    public struct Job: Sendable {
        public var path: String
        public var signature: UInt64
    }

    public struct Outcome {
        var manifest: OutputManifest
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        /// Whether the manifest differs from the previous build's (it needs saving).
        var manifestChanged = true
    }

    /// Renders every file (concurrently) into a fresh folder and swaps it in.
    func replaceAll(jobs: [Job], assets: [(path: String, bytes: [UInt8])],
                    produce: @Sendable (Int) -> String) throws -> Outcome {
        let fm = FileManager.default
        let parent = (output as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let prefix = ".\((output as NSString).lastPathComponent).tmp-"
        removeAbandonedStaging(in: parent, prefix: prefix)
        // The site is made inside a staging folder marked as the top of a hierarchy (ext4's
        // Orlov hint), under a name new to each build: ext4 then starts the new site's
        // folders in a block group found from a hash of that name, instead of where the
        // previous site's inodes were just freed, which ext4 without a journal makes every
        // new inode skip one by one (half of a full build's time after `rm -rf public`).
        // Elsewhere the mark does nothing.
        let container = (parent as NSString).appendingPathComponent("\(prefix)\(getpid())")
        let staging = container + "/site-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var manifest = OutputManifest(output: output)
        do {
            try fm.createDirectory(atPath: container, withIntermediateDirectories: true)
            _ = kiosque_mark_top_directory(container)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for a in assets {
                try Self.writeFile(staging, a.path, a.bytes)
                manifest.files[a.path] = .init(signature: 0, hash: a.bytes.withUnsafeBytes { StableHash.of($0) })
            }
            let hashes = try Self.parallel(jobs.indices.map { $0 }) { i in
                var text = produce(i)
                return try text.withUTF8 { bytes in
                    try Self.writeFile(staging, jobs[i].path, bytes)
                    return StableHash.of(UnsafeRawBufferPointer(bytes))
                }
            }
            for (i, job) in jobs.enumerated() {
                manifest.files[job.path] = .init(signature: job.signature, hash: hashes[i])
            }
            try swapIn(staging)
            try? fm.removeItem(atPath: container)  // the previous site, when there was one
        } catch {
            try? fm.removeItem(atPath: container)
            throw error
        }
        return Outcome(manifest: manifest, written: jobs.count + assets.count)
    }

    /// Updates the output in place: renders the files whose signature changed, rewrites
    /// those whose bytes changed, and deletes those no longer produced. Unchanged files
    /// keep their modification time, so `rsync` and `aws s3 sync` upload only the change.
    /// New bytes go to temporary files first and are renamed in at the end (new article
    /// pages before the lists that link to them; deletions last), so an interrupted
    /// update leaves every file whole.
    func update(jobs: [Job], assets: [(path: String, bytes: [UInt8])], previous: OutputManifest,
                produce: @Sendable (Int) -> String) throws -> Outcome {
        var outcome = Outcome(manifest: OutputManifest(output: output))
        outcome.manifest.files.reserveCapacity(jobs.count + assets.count)
        let tmpSuffix = ".kiosque-new-\(getpid())"
        var pending: [String] = []

        for a in assets {
            let hash = a.bytes.withUnsafeBytes { StableHash.of($0) }
            outcome.manifest.files[a.path] = .init(signature: 0, hash: hash)
            if previous.files[a.path]?.hash == hash { outcome.unchanged += 1; continue }
            try Self.writeFile(output, a.path + tmpSuffix, a.bytes)
            pending.append(a.path)
        }

        var stale: [Int] = []
        var added = assets.count { previous.files[$0.path] == nil }
        for (i, job) in jobs.enumerated() {
            let old = previous.files[job.path]
            if let old, old.signature == job.signature {
                outcome.manifest.files[job.path] = old
            } else {
                stale.append(i)
                if old == nil { added += 1 }
            }
        }
        // Render the stale pages; write only those whose bytes differ.
        let results = try Self.parallel(stale) { i -> (UInt64, Bool) in
            var text = produce(i)
            return try text.withUTF8 { bytes in
                let hash = StableHash.of(UnsafeRawBufferPointer(bytes))
                if previous.files[jobs[i].path]?.hash == hash { return (hash, false) }
                try Self.writeFile(output, jobs[i].path + tmpSuffix, bytes)
                return (hash, true)
            }
        }
        for (k, i) in stale.enumerated() {
            outcome.manifest.files[jobs[i].path] = .init(signature: jobs[i].signature, hash: results[k].0)
            if results[k].1 { pending.append(jobs[i].path) } else { outcome.unchanged += 1 }
        }
        outcome.unchanged += jobs.count - stale.count

        let articlesFirst = pending.sorted { ($0.hasPrefix("articles/") ? 0 : 1, $0) < ($1.hasPrefix("articles/") ? 0 : 1, $1) }
        for p in articlesFirst {
            let path = output + "/" + p
            guard rename(path + tmpSuffix, path) == 0 else {
                throw WriteError(path: path, reason: String(cString: strerror(errno)))
            }
        }
        outcome.written = pending.count

        // Deleted in path order (a folder's files before the folder); only those, not all.
        // Every previous file is still produced when the count says so: no search then.
        let kept = outcome.manifest.files.count - added
        let gone = kept == previous.files.count ? [] : previous.files.keys.filter { outcome.manifest.files[$0] == nil }
        for p in gone.sorted() {
            if unlink(output + "/" + p) == 0 { outcome.removed += 1 }
            var dir = (p as NSString).deletingLastPathComponent
            while !dir.isEmpty, rmdir(output + "/" + dir) == 0 { dir = (dir as NSString).deletingLastPathComponent }
        }
        // Unchanged entries were copied from `previous`; anything else changes the manifest.
        outcome.manifestChanged = !stale.isEmpty || outcome.written > 0 || kept != previous.files.count
        return outcome
    }

    /// Runs `body` over `items` on every core; the first error stops the rest.
    static func parallel<T>(_ items: [Int], _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let box = SlotBox(slots)
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: items.count) { k in
            guard !failure.isSet else { return }
            do { box.slots[k] = try body(items[k]) } catch { failure.set(error) }
        }
        if let e = failure.error { throw e }
        return slots.map { $0! }
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

    /// Puts `staging` in the output's place; the previous site, if any, is left in `staging`.
    private func swapIn(_ staging: String) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: output) else {
            try fm.moveItem(atPath: staging, toPath: output)
            return
        }
        if kiosque_exchange_paths(staging, output) == 0 { return }
        // File systems without renameat2: two renames, a moment without `public/`.
        let old = staging + ".old"
        try fm.moveItem(atPath: output, toPath: old)
        try fm.moveItem(atPath: staging, toPath: output)
    }

    /// Writes `root/relative`, creating its folders on demand: the workers create the
    /// tree between them, in parallel, instead of a serial pass first.
    static func writeFile(_ root: String, _ relative: String, _ bytes: some ContiguousBytes) throws {
        let path = root + "/" + relative
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            try makeFolders(root, (relative as NSString).deletingLastPathComponent)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
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
    }

    /// `mkdir -p root/relative`, tolerating a folder another worker just made.
    static func makeFolders(_ root: String, _ relative: String) throws {
        guard !relative.isEmpty else { return }
        let path = root + "/" + relative
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        try makeFolders(root, (relative as NSString).deletingLastPathComponent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Slots written at disjoint indices by concurrent iterations.
private struct SlotBox<T>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<T?>
    init(_ s: UnsafeMutableBufferPointer<T?>) { slots = s }
}

/// The first error raised by concurrent workers.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var isSet: Bool { lock.withLock { stored != nil } }
    var error: Error? { lock.withLock { stored } }
    func set(_ e: Error) { lock.withLock { if stored == nil { stored = e } } }
}
