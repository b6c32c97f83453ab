import Foundation
import KiosqueCore

/// Reads every article under `content/articles/`, in parallel, and the standalone pages
/// under `content/pages/`, and reports every bad file.
public enum ContentLoader {
    public struct Result: Sendable {
        /// Sorted by file path, so that everything downstream is deterministic.
        public var articles: [Article]
        /// Sorted by slug.
        public var pages: [StandalonePage]
        public var diagnostics: [Diagnostic]
        /// Every good article, for the next build.
        public var cache: ContentCache
        /// Files parsed this time (the others came from the cache).
        public var parsed: Int
        /// Article files found (good or bad).
        public var files: Int
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Loads every article, reusing `cache` for files whose size and modification time
    /// did not change.
    public static func load(config: Config, cache: ContentCache = ContentCache()) -> Result {
        let contentDir = config.resolve(config.paths.content)
        let articlesDir = (contentDir as NSString).appendingPathComponent(ContentLayout.articlesFolder)
        let shownPrefix = config.shown(articlesDir)
        let (files, pageFiles, unread) = markdownFiles(under: contentDir)

        typealias Slot = (article: Article?, diagnostics: [Diagnostic], entry: ContentCache.Entry?, parsed: Bool)
        let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: files.count)
        slots.initialize(repeating: (nil, [], nil, false))
        defer { slots.deallocate() }
        let unsafeSlots = UncheckedSendable(slots)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let rel = files[i]
            let shown = "\(shownPrefix)/\(rel)"
            let full = (articlesDir as NSString).appendingPathComponent(rel)
            var st = stat()
            guard stat(full, &st) == 0 else {
                unsafeSlots.value[i] = (nil, [Diagnostic(file: shown, "cannot read the file", hint: "check its permissions")], nil, false)
                return
            }
            let size = Int(st.st_size), mtime = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
            if let e = cache.entries[rel], e.size == size, e.mtime == mtime {
                unsafeSlots.value[i] = (e.article, e.warnings, e, false)
                return
            }
            guard let data = FileManager.default.contents(atPath: full) else {
                unsafeSlots.value[i] = (nil, [Diagnostic(file: shown, "cannot read the file", hint: "check its permissions")], nil, true)
                return
            }
            guard let text = String(validatingUTF8Data: data) else {
                unsafeSlots.value[i] = (nil, [Diagnostic(file: shown, "the file is not valid UTF-8", hint: "save it as UTF-8")], nil, true)
                return
            }
            // The path is part of the identity: a moved file changes its URL.
            var h = StableHash()
            h.add(rel)
            data.withUnsafeBytes { h.add($0) }
            let (article, diagnostics) = FrontMatter.parse(text, file: shown, relative: rel, config: config, hash: h.value)
            // The cache writes no bodies, so its entry can share the article.
            let entry = article.map { ContentCache.Entry(size: size, mtime: mtime, article: $0, warnings: diagnostics) }
            unsafeSlots.value[i] = (article, diagnostics, entry, true)
        }
        var articles: [Article] = []
        var diagnostics = unread.map { unreadWarning($0, shownContent: config.shown(contentDir)) }
        var next = ContentCache()
        var parsed = 0
        articles.reserveCapacity(files.count)
        next.entries.reserveCapacity(files.count)
        for (i, slot) in slots.enumerated() {
            if let a = slot.article { articles.append(a) }
            if let e = slot.entry { next.entries[files[i]] = e }
            if slot.parsed { parsed += 1 }
            diagnostics += slot.diagnostics
        }
        // A handful of files, read every time: no cache to keep true.
        var pages: [StandalonePage] = []
        for name in pageFiles {
            let rel = ContentLayout.pagesFolder + "/" + name
            let shown = config.shown(contentDir) + "/" + rel
            var st = stat()
            guard stat(contentDir + "/" + rel, &st) == 0, let data = FileManager.default.contents(atPath: contentDir + "/" + rel),
                  let text = String(validatingUTF8Data: data) else {
                diagnostics.append(Diagnostic(file: shown, "cannot read the file as UTF-8 text", hint: "check its permissions and save it as UTF-8"))
                continue
            }
            var h = StableHash()
            h.add(rel)
            data.withUnsafeBytes { h.add($0) }
            let (page, found) = StandalonePage.parse(text, file: shown, slug: String(name.dropLast(3)), hash: h.value,
                                                     modified: Timestamp(st.st_mtim.tv_sec))
            if let page { pages.append(page) }
            diagnostics += found
        }
        return Result(articles: articles, pages: pages, diagnostics: diagnostics, cache: next, parsed: parsed, files: files.count)
    }

    /// The Markdown body of an article, read from its file when it came from the cache.
    public static func body(of article: Article, root: String) -> String {
        if let body = article.body { return body }
        let path = (root as NSString).appendingPathComponent(article.file)
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(validatingUTF8Data: data) else { return "" }
        return FrontMatter.split(Substring(FrontMatter.unixLineEndings(text))).map { String($0.body) } ?? ""
    }

    /// The content folder must exist: a missing one (a mistyped `paths.content`) would
    /// otherwise build an empty site over the published one.
    public static func requireFolder(_ config: Config) throws(DiagnosticsError) {
        var isDir: ObjCBool = false
        let dir = config.resolve(config.paths.content)
        guard !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) || !isDir.boolValue else { return }
        throw DiagnosticsError([Diagnostic(file: Config.fileName, line: config.lines["paths.content"],
            "the content folder \(dir) does not exist ('paths.content' is '\(config.paths.content)')",
            hint: "set paths.content to the folder that holds articles/, or create it")])
    }

    /// Files with a Markdown extension, whatever its case.
    static let markdownExtensions: Set = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn"]

    /// The articles below `contentDir` (`.md` files under `articles/`, relative to it,
    /// sorted), the pages (`.md` files directly in `pages/`, their names, sorted) and the
    /// Markdown-looking files it will not read (relative to `contentDir`).
    /// Names starting with `.` or `_` are skipped. A plain readdir walk: Foundation's
    /// enumerator cost a third of a no-op rebuild.
    static func markdownFiles(under contentDir: String) -> (articles: [String], pages: [String], unread: [String]) {
        var articles: [String] = [], pages: [String] = [], unread: [String] = []
        let prefix = ContentLayout.articlesFolder + "/", pagesPrefix = ContentLayout.pagesFolder + "/"
        func found(_ path: String, _ name: String) {
            if path.hasPrefix(prefix) && name.hasSuffix(".md") {
                articles.append(String(path.dropFirst(prefix.count)))
            } else if path == pagesPrefix + name && name.hasSuffix(".md") {
                pages.append(name)
            } else if let dot = name.lastIndex(of: "."), markdownExtensions.contains(name[name.index(after: dot)...].lowercased()) {
                unread.append(path)
            }
        }
        func walk(_ rel: String) {
            guard let d = opendir(rel.isEmpty ? contentDir : contentDir + "/" + rel) else { return }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let first = name.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "_") else { continue }
                let path = rel.isEmpty ? name : rel + "/" + name
                switch Int32(entry.pointee.d_type) {
                case Int32(DT_DIR): walk(path)
                case Int32(DT_REG), Int32(DT_LNK): found(path, name)
                default:
                    var st = stat()
                    if stat(contentDir + "/" + path, &st) == 0 {
                        if (st.st_mode & S_IFMT) == S_IFDIR { walk(path) } else { found(path, name) }
                    }
                }
            }
        }
        walk("")
        return (articles.sorted(), pages.sorted(), unread.sorted())
    }

    /// Says where a file the build does not read belongs.
    static func unreadWarning(_ path: String, shownContent: String) -> Diagnostic {
        let shown = shownContent + "/" + path
        let name = (path as NSString).lastPathComponent
        if path.hasPrefix(ContentLayout.articlesFolder + "/") {
            let stem = (name as NSString).deletingPathExtension
            return Diagnostic(.warning, file: shown, "not read: only files ending in .md (lower case) are articles",
                              hint: "rename it to \(stem).md")
        }
        if path.hasPrefix(ContentLayout.pagesFolder + "/") {
            return Diagnostic(.warning, file: shown, "not read: pages are files ending in .md directly in \(shownContent)/\(ContentLayout.pagesFolder)/",
                              hint: "move it to \(shownContent)/\(ContentLayout.pagesFolder)/\((name as NSString).deletingPathExtension).md")
        }
        return Diagnostic(.warning, file: shown, "not read: articles go in \(shownContent)/\(ContentLayout.articlesFolder)/YYYY/MM/DD/<slug>.md, pages in \(shownContent)/\(ContentLayout.pagesFolder)/<slug>.md",
                          hint: "move it there, or start its name with _ to keep it out of the site")
    }

}

/// Wraps a value that is only ever touched at disjoint indices from concurrent iterations.
struct UncheckedSendable<T>: @unchecked Sendable {
    var value: T
    init(_ v: T) { value = v }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        // Checked on the buffer: Foundation's `String(bytes:encoding:)` walked the bytes one by
        // one (a tenth of reading the content). A leading byte-order mark is dropped, as it did.
        guard let s = data.withUnsafeBytes({ raw -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return String(validating: UnsafeBufferPointer(rebasing: bytes[bom...]), as: UTF8.self)
        }) else { return nil }
        self = s
    }
}
