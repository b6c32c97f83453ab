import Foundation
import KiosqueCore

/// `content/media/` -> the `MediaCatalog`: each image's resized copies, made once and kept in
/// `.kiosque/media/<hash of the source>/` (a source whose bytes did not change is never
/// decoded again; which bytes a file has is known from its size and modification time,
/// through `.kiosque/media/index`). The images to make are made side by side, one per core.
/// An entry is made in a folder of a temporary name, its `info` last, then renamed into
/// place: it is whole or absent, and what a killed build left is removed by the next.
public enum MediaLibrary {
    /// Under the content folder; published under the same name at the site root.
    public static let folder = "media"
    public static let widths = [240, 480, 1200]
    /// Past this, an image is refused before a pixel is decoded (a 50-megapixel photo is
    /// already 150 MB once decoded; a hostile header can claim far more).
    public static let maxPixels = 50_000_000
    /// Part of each cache entry's name: changing how copies are made changes it.
    static let recipe = "r1"

    public static func cacheFolder(_ config: Config) -> String { config.resolve(".kiosque/media") }

    public static func load(config: Config) -> MediaCatalog {
        let content = config.resolve(config.paths.content)
        let root = content + "/" + folder
        var catalog = MediaCatalog()
        let files = MediaFiles.list(root)
        guard !files.isEmpty else { return catalog }
        let cache = cacheFolder(config)
        let shownRoot = config.shown(root)
        // What killed builds left: a half-written index, entries never renamed into place.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? [] where AtomicFile.leftover(name) != nil {
            try? FileManager.default.removeItem(atPath: cache + "/" + name)
        }
        var index = MediaIndex.load(cache + "/index")
        let before = index

        struct Source { var rel: String; var hash: UInt64; var entry: String }
        var sources: [Source] = []
        for rel in files {
            let full = root + "/" + rel
            guard ImageSniffer.extensions.contains((rel as NSString).pathExtension.lowercased()) else {
                catalog.warnings.append(Diagnostic(.warning, file: "\(shownRoot)/\(rel)", "not published: not a .jpg, .png, .gif or .webp image",
                                                   hint: "keep only images in \(shownRoot)/"))
                continue
            }
            // Its URL goes into `srcset`, where a space or a comma would split it.
            guard rel.utf8.allSatisfy(Self.isURLSafe) else {
                catalog.warnings.append(Diagnostic(.warning, file: "\(shownRoot)/\(rel)", "not published: its name has characters a URL would have to escape",
                                                   hint: "rename it with a-z, A-Z, 0-9, '-', '_' and '.' only"))
                continue
            }
            guard let hash = index.hash(of: full, rel: rel) else {
                catalog.warnings.append(Diagnostic(.warning, file: "\(shownRoot)/\(rel)", "cannot read the file", hint: "check its permissions"))
                continue
            }
            sources.append(Source(rel: rel, hash: hash, entry: cache + "/" + String(repeating: "0", count: 16 - String(hash, radix: 16).count) + String(hash, radix: 16) + "-" + recipe))
        }
        if index != before { try? index.save(cache + "/index") }

        // Entries to make: those without a whole `info`. Each source once, whatever its names.
        var toMake: [String: Int] = [:]
        for (i, s) in sources.enumerated() where toMake[s.entry] == nil && !FileManager.default.fileExists(atPath: s.entry + "/info") {
            toMake[s.entry] = i
        }
        let jobs = toMake.values.map { (root + "/" + sources[$0].rel, sources[$0].entry) }
        _ = Parallel.map(jobs.count) { k in make(jobs[k].0, into: jobs[k].1) }

        var taken = Set(files.map { folder + "/" + $0 })
        for s in sources {
            let shown = "\(shownRoot)/\(s.rel)"
            switch MediaEntry.read(s.entry) {
            case .none:
                catalog.warnings.append(Diagnostic(.warning, file: shown, "not published: its resized copies could not be written in \(config.shown(cache))",
                                                   hint: "check that the disk has room, then build again"))
            case .broken(let why):
                catalog.warnings.append(Diagnostic(.warning, file: shown, "not published: \(why); pages that use it show no image",
                                                   hint: "replace it with a whole JPEG, PNG, GIF or WebP file"))
            case .image(let entry):
                let path = folder + "/" + s.rel
                let stem = (path as NSString).deletingPathExtension
                var variants: [MediaImage.Variant] = []
                var files: [OutputWriter.FileAsset] = [.init(path: path, source: root + "/" + s.rel, hash: s.hash)]
                for v in entry {
                    let webp = "\(stem).\(v.width).webp", jpeg = "\(stem).\(v.width).jpg"
                    variants.append(.init(width: v.width, height: v.height, webp: webp, jpeg: jpeg))
                    files.append(.init(path: webp, source: s.entry + "/\(v.width).webp", hash: v.webpHash))
                    files.append(.init(path: jpeg, source: s.entry + "/\(v.width).jpg", hash: v.jpegHash))
                }
                // An editor's `x.480.webp` beside `x.png` would be two files at one path.
                let copies = files.dropFirst().map(\.path)
                if let clash = copies.first(where: { taken.contains($0) }) {
                    catalog.warnings.append(Diagnostic(.warning, file: shown, "not published: its copy \(clash) would replace a file of \(shownRoot)/",
                                                       hint: "rename one of the two"))
                    continue
                }
                taken.formUnion(copies)
                catalog.images["/" + path] = MediaImage(path: path, hash: s.hash, variants: variants)
                catalog.files += files
            }
        }
        return catalog
    }

    private static func isURLSafe(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x2F
    }

    /// Reads, checks and resizes one source into its cache entry: the copies, then `info`.
    private static func make(_ source: String, into entry: String) {
        guard let bytes = ByteReader.readFile(source) else { return }
        let temp = (entry as NSString).deletingLastPathComponent + "/" + AtomicFile.tempName(for: entry, pid: getpid())
        try? FileManager.default.removeItem(atPath: temp)
        defer { try? FileManager.default.removeItem(atPath: temp) }  // when another run put the entry in place first
        let lines: [String]
        if let sniffed = ImageSniffer(bytes) {
            do {
                let variants = try Vips.variants(bytes, widths: widths, maxPixels: maxPixels)
                var out: [String] = []
                for v in variants {
                    try AtomicFile.write(v.webp, to: temp + "/\(v.width).webp")
                    try AtomicFile.write(v.jpeg, to: temp + "/\(v.width).jpg")
                    out.append("\(v.width) \(v.height) \(v.webp.withUnsafeBytes { StableHash.of($0) }) \(v.jpeg.withUnsafeBytes { StableHash.of($0) })")
                }
                lines = out
            } catch let failure as Vips.Failure {
                lines = ["broken a \(sniffed.format.name) file libvips refused (\(failure.description))"]
            } catch {
                return  // the cache could not be written: nothing recorded, tried again next build
            }
        } else {
            lines = ["broken not a JPEG, PNG, GIF or WebP image (by its first bytes)"]
        }
        guard (try? AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: temp + "/info")) != nil else { return }
        rename(temp, entry)
    }
}

/// A cache entry's `info`: one line per copy (`width height webpHash jpegHash`), or one
/// `broken <why>` line, remembered so that a bad file costs one try, not one per build.
enum MediaEntry {
    struct Copy { var width: Int; var height: Int; var webpHash: UInt64; var jpegHash: UInt64 }
    case image([Copy])
    case broken(String)

    static func read(_ entry: String) -> MediaEntry? {
        guard let bytes = ByteReader.readFile(entry + "/info") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("broken ") { return .broken(String(text.dropFirst(7)).trimmingWhitespace) }
        var copies: [Copy] = []
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 4, let w = Int(f[0]), let h = Int(f[1]), let a = UInt64(f[2]), let b = UInt64(f[3]) else { return nil }
            copies.append(Copy(width: w, height: h, webpHash: a, jpegHash: b))
        }
        return copies.isEmpty ? nil : .image(copies)
    }
}

/// Which bytes each file of `content/media/` holds, by its size and modification time: a
/// build reads a source again only when it changed.
struct MediaIndex: Equatable {
    struct Stamp: Equatable { var size: Int; var mtime: Int; var hash: UInt64 }
    private var entries: [String: Stamp] = [:]

    static func load(_ path: String) -> MediaIndex {
        var index = MediaIndex()
        guard let bytes = ByteReader.readFile(path) else { return index }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: " ", maxSplits: 3)
            guard f.count == 4, let s = Int(f[0]), let m = Int(f[1]), let h = UInt64(f[2]) else { continue }
            index.entries[String(f[3])] = Stamp(size: s, mtime: m, hash: h)
        }
        return index
    }

    mutating func hash(of full: String, rel: String) -> UInt64? {
        var st = stat()
        guard stat(full, &st) == 0 else { return nil }
        let size = Int(st.st_size), mtime = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
        if let e = entries[rel], e.size == size, e.mtime == mtime { return e.hash }
        guard let bytes = ByteReader.readFile(full) else { return nil }
        let hash = bytes.withUnsafeBytes { StableHash.of($0) }
        entries[rel] = Stamp(size: size, mtime: mtime, hash: hash)
        return hash
    }

    func save(_ path: String) throws {
        let text = entries.keys.sorted().map { "\(entries[$0]!.size) \(entries[$0]!.mtime) \(entries[$0]!.hash) \($0)" }
        try AtomicFile.write(Array((text.joined(separator: "\n") + "\n").utf8), to: path)
    }
}

/// The files below `content/media/`, relative to it, sorted; names starting with `.` or `_`
/// (an editor's drafts, a killed fetch's temporary files) are skipped.
enum MediaFiles {
    static func list(_ root: String) -> [String] {
        var out: [String] = []
        func walk(_ rel: String) {
            guard let d = opendir(rel.isEmpty ? root : root + "/" + rel) else { return }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                guard let first = name.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "_") else { continue }
                let path = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard stat(root + "/" + path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR { walk(path) } else if (st.st_mode & S_IFMT) == S_IFREG { out.append(path) }
            }
        }
        walk("")
        return out.sorted()
    }
}
