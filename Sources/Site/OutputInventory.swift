import Foundation
import KiosqueCore

/// The files Kiosque wrote in an output folder, recorded inside it (`.kiosque-manifest`, one
/// path a line). It is what lets a build tell its own files from anybody else's: only its own
/// are ever replaced or deleted, and a folder without one is not Kiosque's to fill. Kept in
/// the output rather than with the build cache so that deleting `.kiosque/` loses nothing.
struct OutputInventory: Equatable {
    static let fileName = ".kiosque-manifest"
    static let header = "kiosque-output 1"

    var paths: Set<String>

    /// The inventory of `output`; nil when it has none (or not one of ours). `known`: the
    /// paths the build manifest lists, taken as they are when `stamp` says the file is the
    /// one the manifest was saved with (the usual case: nothing to parse).
    static func load(output: String, known: (stamp: Stamp, paths: Dictionary<String, OutputManifest.Entry>.Keys)? = nil)
        -> OutputInventory?
    {
        let path = output + "/" + fileName
        if let known, Stamp(of: path) == known.stamp { return OutputInventory(paths: Set(known.paths)) }
        guard let bytes = ByteReader.readFile(path) else { return nil }
        // Lines split on bytes: a Character-wise split cost a fifth of a no-op rebuild.
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: true).makeIterator()
        guard let first = lines.next(), first.elementsEqual(header.utf8) else { return nil }
        var paths = Set<String>()
        while let line = lines.next() { paths.insert(String(decoding: line, as: UTF8.self)) }
        return OutputInventory(paths: paths)
    }

    /// Which inventory file a build manifest was saved with: its size and modification time.
    struct Stamp: Equatable {
        var size: Int
        var mtime: Int

        init(size: Int, mtime: Int) {
            self.size = size
            self.mtime = mtime
        }

        init?(of path: String) {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            self.init(size: Int(st.st_size), mtime: Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec))
        }
    }

    var bytes: [UInt8] {
        var text = Self.header + "\n"
        for p in paths.sorted() { text += p + "\n" }
        return Array(text.utf8)
    }

    /// Article pages (`articles/YYYY/MM/DD/<slug>/index.html`) among `paths`.
    static func articlePages<S: Sequence>(_ paths: S) -> Set<String> where S.Element == String {
        Set(paths.filter { $0.hasPrefix("articles/") && $0.hasSuffix("/index.html") })
    }
}

/// What an existing output folder holds besides Kiosque's own files.
struct OutputFolder {
    let path: String

    /// Files (and links) below the folder that `owned` does not list, relative to it, and
    /// empty folders; nil when the folder does not exist. Debris of Kiosque's own temporary
    /// names is not anybody's file and is left out.
    func foreignEntries(owned: Set<String>) throws -> [String]? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        guard isDir.boolValue else {
            throw OutputWriter.WriteError(path: path, reason: "it is a file, not a folder")
        }
        var out: [String] = []
        func walk(_ rel: String) -> Bool {
            guard let d = opendir(rel.isEmpty ? path : path + "/" + rel) else { return false }
            defer { closedir(d) }
            var empty = true
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                empty = false
                let p = rel.isEmpty ? name : rel + "/" + name
                if rel.isEmpty && name == OutputInventory.fileName { continue }
                var st = stat()
                guard lstat(path + "/" + p, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR {
                    if walk(p) { out.append(p + "/") }
                } else if !owned.contains(p) && !Self.isLegacyDebris(name) {
                    out.append(p)
                }
            }
            return empty
        }
        _ = walk("")
        return out.sorted()
    }

    /// `page.html.kiosque-new-1234`: a temporary file of a build from before the staging
    /// folder, left by a crash; never anybody's.
    static func isLegacyDebris(_ name: String) -> Bool {
        guard let r = name.range(of: ".kiosque-new-", options: .backwards) else { return false }
        let pid = name[r.upperBound...]
        return !pid.isEmpty && pid.allSatisfy(\.isASCII) && pid.allSatisfy(\.isNumber)
    }

    /// Whether the folder has anything in it.
    var isEmpty: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).isEmpty
    }
}
