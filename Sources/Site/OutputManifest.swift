import Foundation
import KiosqueCore

/// What the previous build wrote where: each output file's page signature and the hash of
/// its bytes. Lets the next build render only changed pages and rewrite only changed files.
struct OutputManifest {
    struct Entry: Equatable {
        /// 0 for assets, which are compared by their bytes.
        var signature: UInt64
        var hash: UInt64
    }

    var output: String
    var files: [String: Entry] = [:]
    /// The output's inventory file as it was when this manifest was saved.
    var inventory: OutputInventory.Stamp?

    static let magic = "kiosque-output-2"
    /// Written by builds before the inventory: still read, for what it says Kiosque wrote.
    static let magicBeforeInventory = "kiosque-output-1"

    /// The manifest of `output`, when there is one and the folder is still there. Pages an
    /// interrupted build was replacing (its pending mark) come back with no signature or
    /// hash, so they are rendered and written again.
    static func load(path: String, output: String) -> OutputManifest? {
        guard var m = loadSaved(path: path, output: output) else { return nil }
        if let pending = FileManager.default.contents(atPath: pendingPath(path)) {
            for p in String(decoding: pending, as: UTF8.self).split(separator: "\n") where m.files[String(p)] != nil {
                m.files[String(p)] = Entry(signature: 0, hash: 0)
            }
        }
        return m
    }

    static func pendingPath(_ manifestPath: String) -> String { manifestPath + ".pending" }

    static func discard(at manifestPath: String) {
        unlink(manifestPath)
        unlink(pendingPath(manifestPath))
    }

    /// Written before an update changes the output: the files it is about to replace.
    static func markPending(_ paths: [String], at manifestPath: String) throws {
        try AtomicFile.write(Array(paths.joined(separator: "\n").utf8), to: pendingPath(manifestPath))
    }

    private static func loadSaved(path: String, output: String) -> OutputManifest? {
        guard FileManager.default.fileExists(atPath: output),
              let bytes = ByteReader.readFile(path) else { return nil }
        var r = ByteReader(bytes)
        do {
            let version = try r.string()
            guard version == magic || version == magicBeforeInventory, try r.string() == output else { return nil }
            var m = OutputManifest(output: output)
            if version == magic, try r.int() == 1 { m.inventory = .init(size: try r.int(), mtime: try r.int()) }
            let n = try r.int()
            m.files.reserveCapacity(max(0, n))
            for _ in 0..<n {
                let path = try r.string()
                m.files[path] = Entry(signature: try r.u64(), hash: try r.u64())
            }
            return m
        } catch {
            return nil
        }
    }

    func save(path: String) throws {
        var w = ByteWriter()
        w.string(Self.magic)
        w.string(output)
        w.int(inventory == nil ? 0 : 1)
        if let inventory {
            w.int(inventory.size)
            w.int(inventory.mtime)
        }
        w.int(files.count)
        for (p, e) in files {
            w.string(p)
            w.u64(e.signature)
            w.u64(e.hash)
        }
        try AtomicFile.write(w.bytes, to: path)
        unlink(Self.pendingPath(path))
    }
}
