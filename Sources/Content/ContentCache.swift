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

    static let magic = "kiosque-content-3"

    /// Entries are stored in this many sections, each with its byte length, so that a
    /// rebuild decodes them on every core (decoding 50,000 entries was a fifth of a rebuild
    /// with nothing to do).
    static let sections = 16

    /// Reads the cache at `path`; an empty cache when it is missing, stale or damaged.
    public static func load(path: String, key: UInt64) -> ContentCache {
        guard let bytes = ByteReader.readFile(path) else { return ContentCache() }
        var r = ByteReader(bytes)
        var ranges: [Range<Int>] = []
        let total: Int
        do {
            guard try r.string() == magic, try r.u64() == key else { return ContentCache() }
            total = try r.int()
            for _ in 0..<(try r.int()) {
                let length = try r.int()
                let start = r.position
                try r.skip(length)
                ranges.append(start..<(start + length))
            }
        } catch {
            return ContentCache()
        }
        let decoded = UnsafeMutableBufferPointer<[(String, Entry)]?>.allocate(capacity: ranges.count)
        decoded.initialize(repeating: nil)
        defer { decoded.deallocate() }
        let unsafeDecoded = UncheckedSendable(decoded)
        let sections = ranges
        DispatchQueue.concurrentPerform(iterations: sections.count) { k in
            var section = ByteReader(bytes, range: sections[k])
            unsafeDecoded.value[k] = try? readSection(&section)
        }
        var cache = ContentCache()
        cache.entries.reserveCapacity(max(0, total))
        for section in decoded {
            guard let section else { return ContentCache() }
            for (rel, entry) in section { cache.entries[rel] = entry }
        }
        return cache
    }

    private static func readSection(_ r: inout ByteReader) throws -> [(String, Entry)] {
        var out: [(String, Entry)] = []
        while !r.atEnd {
            let rel = try r.string()
            let size = try r.int(), mtime = try r.int()
            let a = try readArticle(&r)
            var warnings: [Diagnostic] = []
            for _ in 0..<(try r.int()) {
                let line = try r.int()
                warnings.append(Diagnostic(.warning, file: a.file, line: line > 0 ? line : nil, try r.string(),
                                           hint: try r.optionalString()))
            }
            out.append((rel, Entry(size: size, mtime: mtime, article: a, warnings: warnings)))
        }
        return out
    }

    public func save(path: String, key: UInt64) throws {
        var w = ByteWriter()
        w.string(Self.magic)
        w.u64(key)
        w.int(entries.count)
        let keys = entries.keys.sorted()
        let per = max(1, (keys.count + Self.sections - 1) / Self.sections)
        let parts = stride(from: 0, to: keys.count, by: per).map { keys[$0..<min($0 + per, keys.count)] }
        w.int(parts.count)
        for part in parts {
            var section = ByteWriter()
            for rel in part {
                let e = entries[rel]!
                section.string(rel)
                section.int(e.size)
                section.int(e.mtime)
                Self.write(e.article, &section)
                section.int(e.warnings.count)
                for d in e.warnings {
                    section.int(d.line ?? 0)
                    section.string(d.message)
                    section.optionalString(d.hint)
                }
            }
            w.int(section.bytes.count)
            w.append(section.bytes)
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
        w.optionalString(a.imageAlt); w.optionalString(a.imageCaption)
        w.int(a.media.count)
        for m in a.media { w.string(m) }
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
        let imageAlt = try r.optionalString(), imageCaption = try r.optionalString()
        var media: [String] = []
        for _ in 0..<(try r.int()) { media.append(try r.string()) }
        let publishDate = try r.optionalInt(), expiryDate = try r.optionalInt()
        return Article(file: file, folderDay: day, slug: slug, title: title, date: date, sector: sector, source: source,
                       sourceURL: sourceURL, guid: guid, summary: summary, tags: tags, draft: draft, featured: featured,
                       image: image, imageAlt: imageAlt, imageCaption: imageCaption, media: media, publishDate: publishDate, expiryDate: expiryDate, body: nil, hash: try r.u64())
    }
}
