import Foundation

/// The site's sources as the kernel reports their changes (inotify): `content/`,
/// `templates/` and the digests folder with every folder below them, and `kiosque.yaml`.
/// `next()` blocks in `read` (no polling: an idle preview costs no CPU), then lets a burst
/// of events settle, since an editor's save is several (a temporary file, a rename).
final class ChangeWatcher: @unchecked Sendable {  // used by one thread at a time
    private let fd: Int32
    private let root: String
    /// Watch descriptor -> folder, relative to the site ("" for the site folder).
    private var folders: [Int32: String] = [:]
    /// Folders below the site watched with everything in them.
    private let trees: [String]
    private let settle: Int32
    /// Files made during the current burst: one that goes again within it (`sed -i`'s
    /// temporary file, renamed over the real one) is not a change worth naming.
    private var created = Set<String>()

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `trees`: folders relative to `root`; a missing one is watched for from `root`.
    init(root: String, trees: [String], settleMilliseconds: Int32 = 40) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { throw Failure(description: "cannot watch the site for changes: \(String(cString: strerror(errno)))") }
        self.root = root
        self.trees = trees
        settle = settleMilliseconds
        watch("", recursive: false)
        for t in trees { watch(t, recursive: true) }
    }

    deinit { close(fd) }

    static let mask = UInt32(IN_CREATE | IN_DELETE | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF
                             | IN_MOVE_SELF | IN_ATTRIB | IN_MODIFY)

    private func watch(_ rel: String, recursive: Bool) {
        let path = rel.isEmpty ? root : root + "/" + rel
        let wd = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
        guard wd >= 0 else { return }
        folders[wd] = rel
        guard recursive, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where !Self.ignored(name) {
            var st = stat()
            if stat(path + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { watch(rel + "/" + name, recursive: true) }
        }
    }

    /// Editors' and Kiosque's own temporary files (`.x.swp`, `#x#`, `x~`, `.x.md.kiosque-new`).
    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasPrefix("#") || name.hasSuffix("~")
    }

    /// Blocks until a source changes; returns the changed paths, relative to the site.
    func next() -> [String] {
        var changed = Set<String>()
        var wait: Int32 = -1
        created = []
        while true {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, wait)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 {
                if changed.isEmpty { continue }
                return changed.sorted()
            }
            for (path, mask) in readEvents() {
                if mask & UInt32(IN_CREATE) != 0 { created.insert(path) }
                if mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0, created.contains(path) {
                    changed.remove(path)
                } else {
                    changed.insert(path)
                }
            }
            // The first event of a burst: from now on, wait only until it settles.
            if !changed.isEmpty { wait = settle }
        }
    }

    private func readEvents() -> [(String, UInt32)] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return [] }
        var out: [(String, UInt32)] = []
        var offset = 0
        let header = MemoryLayout<inotify_event>.size
        while offset + header <= n {
            let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                let e = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                return (e.wd, e.mask, Int(e.len))
            }
            let nameBytes = buffer[(offset + header)..<min(n, offset + header + length)]
            let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            guard let folder = folders[wd] else { continue }
            if mask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil; continue }
            if name.isEmpty || Self.ignored(name) { continue }
            let rel = folder.isEmpty ? name : folder + "/" + name
            if folder.isEmpty {
                // In the site folder itself only the configuration counts, and a watched
                // tree appearing (created, or renamed into place).
                if trees.contains(name) {
                    if mask & UInt32(IN_ISDIR) != 0 { watch(name, recursive: true) }
                    out.append((rel, mask))
                } else if name == "kiosque.yaml" {
                    out.append((rel, mask))
                }
                continue
            }
            if mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watch(rel, recursive: true) }
            out.append((rel, mask))
        }
        return out
    }
}
