import CFileSwap
import Foundation
import KiosqueCore

/// Writes the output folder: a whole new site swapped in, or only what changed renamed in.
/// Nothing temporary is ever made inside the output (it goes to the staging folder beside
/// it), so whatever instant a build is stopped at, the output holds whole files only.
public struct OutputWriter: Sendable {
    public let output: String

    public init(output: String) { self.output = output }

    public typealias WriteError = AtomicFile.WriteError

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
        /// The files written or removed.
        public var changed: [String] = []
        /// Whether the manifest differs from the previous build's (it needs saving).
        var manifestChanged = true
    }

    /// A static asset: bytes known before the build renders anything.
    public typealias Asset = (path: String, bytes: [UInt8])

    /// A file copied into the output from elsewhere on disk (an image and its resized
    /// copies), known by the hash of its bytes: an unchanged one is never read again.
    public struct FileAsset: Sendable, Equatable {
        public var path: String
        /// Absolute.
        public var source: String
        public var hash: UInt64
    }

    /// Renders every file (concurrently) into a fresh folder beside the output, carries over
    /// the files of `carry` (the output's files that Kiosque did not write, and empty
    /// folders, ending in `/`) and swaps the new folder in: readers see the old site or the
    /// new one, never a mix.
    /// The build manifest at `manifest` is deleted before the swap: until the new one is
    /// saved, it would describe files that are no longer there.
    func replaceAll(jobs: [Job], assets: [Asset], files: [FileAsset] = [], carry: [String], manifest manifestPath: String,
                    produce: @Sendable (Int) -> String) throws -> Outcome {
        let staging = try StagingArea(beside: output)
        defer { staging.remove() }  // with the previous site in it, once swapped
        // The site is made inside a staging folder marked as the top of a hierarchy (ext4's
        // Orlov hint), under a name new to each build: ext4 then starts the new site's
        // folders in a block group found from a hash of that name, instead of where the
        // previous site's inodes were just freed, which ext4 without a journal makes every
        // new inode skip one by one (half of a full build's time after `rm -rf public`).
        // Elsewhere the mark does nothing.
        _ = kiosque_mark_top_directory(staging.folder)
        let site = staging.folder + "/site-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: false)
        var manifest = OutputManifest(output: output)
        for a in assets {
            try Self.writeFile(site, a.path, a.bytes)
            manifest.files[a.path] = .init(signature: 0, hash: a.bytes.withUnsafeBytes { StableHash.of($0) })
        }
        _ = try Parallel.map(files.count) { i in try Self.copy(files[i], to: site + "/" + files[i].path, root: site) }
        for f in files { manifest.files[f.path] = .init(signature: 0, hash: f.hash) }
        let hashes = try Parallel.map(jobs.count) { i in
            var text = produce(i)
            return try text.withUTF8 { bytes in
                try Self.writeFile(site, jobs[i].path, bytes)
                return StableHash.of(UnsafeRawBufferPointer(bytes))
            }
        }
        for (i, job) in jobs.enumerated() {
            manifest.files[job.path] = .init(signature: job.signature, hash: hashes[i])
        }
        for rel in carry { try carryOver(rel, into: site) }
        try Self.writeFile(site, OutputInventory.fileName, OutputInventory(paths: Set(manifest.files.keys)).bytes)
        OutputManifest.discard(at: manifestPath)
        try swapIn(site)
        manifest.inventory = OutputInventory.Stamp(of: output + "/" + OutputInventory.fileName)
        return Outcome(manifest: manifest, written: jobs.count + assets.count + files.count,
                       changed: assets.map(\.path) + files.map(\.path) + jobs.map(\.path))
    }

    /// Updates the output in place: renders the files whose signature changed, rewrites
    /// those whose bytes changed, and deletes those no longer produced. Unchanged files
    /// keep their modification time, so `rsync` and `aws s3 sync` upload only the change.
    ///
    /// Killed at any instant, it leaves every file of the output whole and no page of the
    /// old site linking to a missing one, and the next build finishes the job:
    /// - before the output changes, the pages being replaced are marked pending beside the
    ///   manifest (the next build renders them again whatever their signature), and the
    ///   inventory lists the new paths (so they are known as Kiosque's);
    /// - new bytes go to the staging folder beside the output, never inside it, and are
    ///   renamed in: first the new pages (nothing links to them yet), then the changed ones
    ///   (which may link to the new), and deletions come last.
    /// `added`: the produced paths the inventory `owned` does not list (the guard found them).
    func update(jobs: [Job], assets: [Asset], files: [FileAsset] = [], previous: OutputManifest, owned: OutputInventory,
                added: [String], pendingMark: String, produce: @Sendable (Int) -> String) throws -> Outcome {
        var outcome = Outcome(manifest: OutputManifest(output: output))
        outcome.manifest.files.reserveCapacity(jobs.count + assets.count + files.count)

        var changedAssets: [Int] = []
        for (i, a) in assets.enumerated() {
            let hash = a.bytes.withUnsafeBytes { StableHash.of($0) }
            outcome.manifest.files[a.path] = .init(signature: 0, hash: hash)
            if previous.files[a.path]?.hash == hash { outcome.unchanged += 1 } else { changedAssets.append(i) }
        }
        var changedFiles: [Int] = []
        for (i, f) in files.enumerated() {
            outcome.manifest.files[f.path] = .init(signature: 0, hash: f.hash)
            if previous.files[f.path]?.hash == f.hash { outcome.unchanged += 1 } else { changedFiles.append(i) }
        }
        var stale: [Int] = []
        for (i, job) in jobs.enumerated() {
            if let old = previous.files[job.path], old.signature == job.signature {
                outcome.manifest.files[job.path] = old
            } else {
                stale.append(i)
            }
        }
        outcome.unchanged += jobs.count - stale.count
        // New to the output, and no longer produced, against the inventory: it lists every
        // file Kiosque may have put there, also by a build that was killed. Every listed file
        // is still produced when the counts say so: no search then.
        var gone: [String] = []
        if assets.count + files.count + jobs.count - added.count != owned.paths.count {
            let produced = Set(assets.map(\.path) + files.map(\.path) + jobs.map(\.path))
            gone = owned.paths.filter { !produced.contains($0) }.sorted()
        }
        outcome.manifest.inventory = previous.inventory
        guard !stale.isEmpty || !changedAssets.isEmpty || !changedFiles.isEmpty || !gone.isEmpty || !added.isEmpty else {
            outcome.manifestChanged = false
            return outcome
        }

        let staging = try StagingArea(beside: output)
        defer { staging.remove() }
        try OutputManifest.markPending(stale.map { jobs[$0].path } + changedAssets.map { assets[$0].path }
                                       + changedFiles.map { files[$0].path } + gone, at: pendingMark)

        // Render the stale pages into the staging folder; keep only those whose bytes differ.
        var renames: [(temp: String, path: String)] = []
        for i in changedAssets {
            let temp = staging.folder + "/a\(i)"
            try Self.writeFile(temp, assets[i].bytes)
            renames.append((temp, assets[i].path))
        }
        _ = try Parallel.map(changedFiles.count) { [changedFiles] k in
            let i = changedFiles[k]
            try Self.copy(files[i], to: staging.folder + "/f\(i)", root: nil)
        }
        renames += changedFiles.map { (staging.folder + "/f\($0)", files[$0].path) }
        let results = try Parallel.map(stale.count) { [stale] k -> (UInt64, Bool) in
            let i = stale[k]
            var text = produce(i)
            return try text.withUTF8 { bytes in
                let hash = StableHash.of(UnsafeRawBufferPointer(bytes))
                if previous.files[jobs[i].path]?.hash == hash { return (hash, false) }
                try Self.writeFile(staging.folder + "/\(i)", bytes)
                return (hash, true)
            }
        }
        for (k, i) in stale.enumerated() {
            outcome.manifest.files[jobs[i].path] = .init(signature: jobs[i].signature, hash: results[k].0)
            if results[k].1 { renames.append((staging.folder + "/\(i)", jobs[i].path)) } else { outcome.unchanged += 1 }
        }

        // Everything is rendered (a full disk has had its say): now the output changes.
        if !added.isEmpty {
            try writeInventory(owned.paths.union(added), via: staging)
        }
        let isNew = Set(added)
        renames.sort { (isNew.contains($0.path) ? 0 : 1, $0.path) < (isNew.contains($1.path) ? 0 : 1, $1.path) }
        for (temp, p) in renames {
            let path = output + "/" + p
            try Self.makeFolders(output, (p as NSString).deletingLastPathComponent)
            guard rename(temp, path) == 0 else {
                throw WriteError(path: path, reason: AtomicFile.reason(errno))
            }
        }
        outcome.written = renames.count
        outcome.changed = renames.map(\.path) + gone

        // Deleted in path order (a folder's files before the folder).
        for p in gone {
            if unlink(output + "/" + p) == 0 { outcome.removed += 1 }
            var dir = (p as NSString).deletingLastPathComponent
            while !dir.isEmpty, rmdir(output + "/" + dir) == 0 { dir = (dir as NSString).deletingLastPathComponent }
        }
        if !added.isEmpty || !gone.isEmpty {
            try writeInventory(Set(outcome.manifest.files.keys), via: staging)
        }
        outcome.manifest.inventory = OutputInventory.Stamp(of: output + "/" + OutputInventory.fileName)
        return outcome
    }

    /// The inventory, replaced whole: written in the staging folder, renamed in.
    private func writeInventory(_ paths: Set<String>, via staging: StagingArea) throws {
        let temp = staging.folder + "/" + OutputInventory.fileName
        try Self.writeFile(temp, OutputInventory(paths: paths).bytes)
        guard rename(temp, output + "/" + OutputInventory.fileName) == 0 else {
            throw WriteError(path: output + "/" + OutputInventory.fileName, reason: AtomicFile.reason(errno))
        }
    }

    /// A file asset's bytes at `path` (under `root`, whose folders are made on demand, if given).
    private static func copy(_ file: FileAsset, to path: String, root: String?) throws {
        guard let bytes = ByteReader.readFile(file.source) else {
            throw WriteError(path: file.source, reason: "cannot read it (\(AtomicFile.reason(errno)))")
        }
        if let root { try writeFile(root, String(path.dropFirst(root.count + 1)), bytes) } else { try writeFile(path, bytes) }
    }

    /// A file or empty folder of the old output, into the new one: a hard link (the same
    /// file, nothing copied), else a copy.
    private func carryOver(_ rel: String, into site: String) throws {
        if rel.hasSuffix("/") {
            try Self.makeFolders(site, String(rel.dropLast()))
            return
        }
        try Self.makeFolders(site, (rel as NSString).deletingLastPathComponent)
        let from = output + "/" + rel, to = site + "/" + rel
        if link(from, to) == 0 { return }
        do {
            try FileManager.default.copyItem(atPath: from, toPath: to)
        } catch {
            throw WriteError(path: from, reason: "cannot carry it into the new site: \(error.localizedDescription)")
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
        try write(fd, path, bytes)
    }

    /// Writes the file at `path` (its folder exists).
    static func writeFile(_ path: String, _ bytes: some ContiguousBytes) throws {
        try write(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644), path, bytes)
    }

    private static func write(_ fd: Int32, _ path: String, _ bytes: some ContiguousBytes) throws {
        guard fd >= 0 else { throw WriteError(path: path, reason: AtomicFile.reason(errno)) }
        defer { close(fd) }
        guard AtomicFile.writeAll(fd, bytes) else { throw WriteError(path: path, reason: AtomicFile.reason(errno)) }
    }

    /// `mkdir -p root/relative`, tolerating a folder another worker just made.
    static func makeFolders(_ root: String, _ relative: String) throws {
        guard !relative.isEmpty else { return }
        let path = root + "/" + relative
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw WriteError(path: path, reason: AtomicFile.reason(errno)) }
        try makeFolders(root, (relative as NSString).deletingLastPathComponent)
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw WriteError(path: path, reason: AtomicFile.reason(errno))
        }
    }
}
