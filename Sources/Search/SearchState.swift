import Foundation
import KiosqueCore

/// The index between builds, in the build cache's `search/` folder (safe to delete: the next
/// build then makes the index from scratch): `catalog.bin`, and each bucket's state
/// (`SearchShard.state`) in one of two files, `t-17.1` or `t-17.2`.
///
/// The catalog is the commit. A build writes each bucket it changed into the one of its two
/// files that the catalog does not name, then the catalog, whole (temporary file, renamed):
/// killed before the rename, the old catalog names the old files, untouched; after it, the
/// new ones, complete. The catalog keeps the hash of each bucket's state, and a file that
/// does not match it is not used (a file a power cut left short, or one edited by hand).
struct SearchState: Sendable {
    static let magic = "kiosque-search-4"
    static let catalogName = "catalog.bin"

    var buckets: Int
    var recentFrom: Int
    /// By part, by bucket: the hash of its state, and the file holding it (0: none, the
    /// state is the empty one).
    var signatures: [[UInt64]]
    var slots: [[UInt8]]
    /// The indexed articles, by key (`SearchIndex.Input.keys`), ascending, with their ids.
    var keys: [UInt64]
    var ids: [Int]

    /// Every bucket empty.
    init(shape: SearchIndex.Shape, keys: [UInt64], ids: [Int]) {
        buckets = shape.buckets
        recentFrom = shape.recentFrom
        signatures = SearchPart.allCases.map { [UInt64](repeating: Self.signature([]), count: shape.count($0)) }
        slots = SearchPart.allCases.map { [UInt8](repeating: 0, count: shape.count($0)) }
        self.keys = keys
        self.ids = ids
    }

    static func signature(_ state: [UInt8]) -> UInt64 { state.withUnsafeBytes { StableHash.of($0) } }

    static func file(_ folder: String, _ part: SearchPart, _ bucket: Int, _ slot: UInt8) -> String {
        "\(folder)/\(part.rawValue)-\(bucket).\(slot)"
    }

    /// The catalog of `folder`, if it is whole and made under `key` (this binary, this configuration).
    static func load(folder: String, key: UInt64) -> SearchState? {
        guard let bytes = ByteReader.readFile(folder + "/" + catalogName) else { return nil }
        var r = ByteReader(bytes)
        do {
            guard try r.string() == magic, try r.u64() == key else { return nil }
            let buckets = try r.varint(), recentFrom = try r.int()
            guard buckets >= 16, buckets <= 65_536, buckets & (buckets - 1) == 0 else { return nil }
            var state = SearchState(shape: .init(buckets: buckets, recentFrom: recentFrom), keys: [], ids: [])
            for part in SearchPart.allCases {
                for b in state.signatures[part.index].indices {
                    state.signatures[part.index][b] = try r.u64()
                    let slot = try r.varint()
                    guard slot <= 2 else { return nil }
                    state.slots[part.index][b] = UInt8(slot)
                }
            }
            let n = try r.varint()
            state.keys.reserveCapacity(n)
            state.ids.reserveCapacity(n)
            for _ in 0..<n {
                state.keys.append(try r.u64())
                state.ids.append(try r.varint())
            }
            guard r.atEnd, zip(state.keys, state.keys.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
            return state
        } catch {
            return nil
        }
    }

    /// A bucket's state, if its file still matches the catalog.
    func state(_ part: SearchPart, _ bucket: Int, folder: String) -> [UInt8]? {
        let slot = slots[part.index][bucket]
        let bytes = slot == 0 ? [] : ByteReader.readFile(Self.file(folder, part, bucket, slot))
        guard let bytes, Self.signature(bytes) == signatures[part.index][bucket] else { return nil }
        return bytes
    }

    /// Writes `changed` (by part, by bucket: the new state) into the files the catalog does
    /// not name, then this catalog; `previous` is the catalog on disk (nil: none readable).
    /// The files of buckets `previous` has and this one has not go last.
    static func commit(_ next: SearchState, changed: [[Int: [UInt8]]], previous: SearchState?, folder: String, key: UInt64) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        AtomicFile.removeDebris(in: folder)
        let writes = SearchPart.allCases.flatMap { part in
            changed[part.index].compactMap { b, bytes in
                next.slots[part.index][b] == 0 ? nil : (path: file(folder, part, b, next.slots[part.index][b]), bytes: bytes)
            }
        }
        // On every core: a clean build writes a thousand of them or more.
        _ = try Parallel.map(writes.count) { i throws(AtomicFile.WriteError) in
            // No catalog names this file until the new one does: rewritten in place, the
            // same inode (ext4 flushes a file emptied by O_TRUNC as it is closed, and a new
            // file costs more than a rewritten one on a file system that just freed many).
            let (path, bytes) = writes[i]
            let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw AtomicFile.WriteError(path: path, reason: AtomicFile.reason(errno)) }
            defer { close(fd) }
            guard AtomicFile.writeAll(fd, bytes), ftruncate(fd, off_t(bytes.count)) == 0 else {
                throw AtomicFile.WriteError(path: path, reason: AtomicFile.reason(errno))
            }
        }
        var w = ByteWriter()
        w.string(magic)
        w.u64(key)
        w.varint(next.buckets)
        w.int(next.recentFrom)
        for part in SearchPart.allCases {
            for (signature, slot) in zip(next.signatures[part.index], next.slots[part.index]) {
                w.u64(signature)
                w.varint(Int(slot))
            }
        }
        w.varint(next.keys.count)
        for (k, id) in zip(next.keys, next.ids) {
            w.u64(k)
            w.varint(id)
        }
        try AtomicFile.write(w.bytes, to: folder + "/" + catalogName)
        for part in SearchPart.allCases {
            let now = next.slots[part.index].count, before = previous?.slots[part.index].count ?? 0
            for b in now..<Swift.max(now, before) {
                for slot: UInt8 in [1, 2] { unlink(file(folder, part, b, slot)) }
            }
        }
    }
}
