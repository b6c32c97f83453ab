import Foundation
import KiosqueCore

/// Parsed front matter of every article from the previous build, keyed by file size and
/// modification time, so a rebuild parses only the files that changed. Safe to delete;
/// ignored when the binary or `kiosque.yaml` changed (the `key`).
public struct ContentCache: Sendable {
    struct Entry: Sendable {
        var size: Int
        var mtime: Int
        var article: Article
        var warnings: [Diagnostic]
    }

    var entries: [String: Entry] = [:]
    public init() {}

    /// How many articles it holds.
    public var count: Int { entries.count }

    static let magic = "kiosque-content-1"

    /// Reads the cache at `path`; an empty cache when it is missing, stale or damaged.
    public static func load(path: String, key: UInt64) -> ContentCache {
        guard let bytes = ByteReader.readFile(path) else { return ContentCache() }
        var r = ByteReader(bytes)
        var cache = ContentCache()
        do {
            guard try r.string() == magic, try r.u64() == key else { return ContentCache() }
            let n = try r.int()
            cache.entries.reserveCapacity(max(0, n))
            for _ in 0..<n {
                let rel = try r.string()
                let size = try r.int(), mtime = try r.int()
                let a = try readArticle(&r)
                var warnings: [Diagnostic] = []
                for _ in 0..<(try r.int()) {
                    let line = try r.int()
                    warnings.append(Diagnostic(.warning, file: a.file, line: line > 0 ? line : nil, try r.string(),
                                               hint: try r.optionalString()))
                }
                cache.entries[rel] = Entry(size: size, mtime: mtime, article: a, warnings: warnings)
            }
        } catch {
            return ContentCache()
        }
        return cache
    }

    public func save(path: String, key: UInt64) throws {
        var w = ByteWriter()
        w.string(Self.magic)
        w.u64(key)
        w.int(entries.count)
        for rel in entries.keys.sorted() {
            let e = entries[rel]!
            w.string(rel)
            w.int(e.size)
            w.int(e.mtime)
            Self.write(e.article, &w)
            w.int(e.warnings.count)
            for d in e.warnings {
                w.int(d.line ?? 0)
                w.string(d.message)
                w.optionalString(d.hint)
            }
        }
        try AtomicFile.write(w.bytes, to: path)
    }

    private static func write(_ a: Article, _ w: inout ByteWriter) {
        w.string(a.file)
        w.int(a.folderDay.year); w.int(a.folderDay.month); w.int(a.folderDay.day)
        w.string(a.slug); w.string(a.title); w.int(Int(a.date)); w.string(a.sector)
        w.optionalString(a.source); w.optionalString(a.sourceURL); w.optionalString(a.guid)
        w.string(a.summary)
        w.int(a.tags.count)
        for t in a.tags { w.string(t) }
        w.bool(a.draft); w.bool(a.featured); w.optionalString(a.image)
        w.optionalInt(a.publishDate); w.optionalInt(a.expiryDate)
        w.u64(a.hash)
    }

    private static func readArticle(_ r: inout ByteReader) throws -> Article {
        let file = try r.string()
        let day = Day(year: try r.int(), month: try r.int(), day: try r.int())
        let slug = try r.string(), title = try r.string(), date = Timestamp(try r.int()), sector = try r.string()
        let source = try r.optionalString(), sourceURL = try r.optionalString(), guid = try r.optionalString()
        let summary = try r.string()
        var tags: [String] = []
        for _ in 0..<(try r.int()) { tags.append(try r.string()) }
        let draft = try r.bool(), featured = try r.bool(), image = try r.optionalString()
        let publishDate = try r.optionalInt(), expiryDate = try r.optionalInt()
        return Article(file: file, folderDay: day, slug: slug, title: title, date: date, sector: sector, source: source,
                       sourceURL: sourceURL, guid: guid, summary: summary, tags: tags, draft: draft, featured: featured,
                       image: image, publishDate: publishDate, expiryDate: expiryDate, body: nil, hash: try r.u64())
    }
}
