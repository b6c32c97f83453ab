import KiosqueCore

/// The three kinds of file the index is cut into, each in `SearchIndex.buckets` buckets.
public enum SearchPart: String, Sendable, CaseIterable {
    /// `t/N.txt`: the postings of the terms whose hash falls in bucket N.
    case postings = "t"
    /// `r/N.txt`: the same, for the recent articles (`SearchIndex.recentFrom`).
    case recent = "r"
    /// `p/N.json`: the terms whose first three letters hash to N, for the word being typed.
    case prefixes = "p"
    /// `m/N.json`: what a hit shows, for the articles whose id hashes to N.
    case metadata = "m"

    var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The extension of its files: postings are lines of text, the others JSON.
    public var fileExtension: String { self == .postings || self == .recent ? "txt" : "json" }
}

/// One bucket of the index as the build keeps it between builds (`state`, in `SearchState`)
/// and as the client reads it (`file`). Each is canonical (sorted, nothing empty kept), so
/// that the same contents give the same bytes however the bucket was made: from scratch, or
/// edited by incremental builds. An empty bucket's state is no bytes.
protocol SearchShard {
    init()
    /// What `state` gave.
    init(state: [UInt8]) throws
    var state: [UInt8] { get }
    /// The file under `/search/`.
    func file() -> [UInt8]
}

/// A state that is not one a shard gave.
struct Malformed: Error {}

/// A shard kept as binary records, one an entry, up to the end of the state.
protocol RecordShard: SearchShard {
    associatedtype Entry
    var entries: [Entry] { get set }
    static func read(_ r: inout ByteReader) throws -> Entry
    static func write(_ e: Entry, _ w: inout ByteWriter)
}

extension RecordShard {
    init(state: [UInt8]) throws {
        self.init()
        var r = ByteReader(state)
        do {
            while !r.atEnd { entries.append(try Self.read(&r)) }
        } catch {
            throw Malformed()
        }
    }

    var state: [UInt8] {
        var w = ByteWriter()
        for e in entries { Self.write(e, &w) }
        return w.bytes
    }
}

/// Whether `a` sorts before `b` byte by byte: the order of the terms in every file.
@inline(__always) func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

/// A prefix bucket, kept as its file but for the empty one (no bytes; its file is `[]`):
/// `["term",df,...]`, the terms (three letters or more, filters excepted, none that JSON
/// would escape) in byte order, with how many articles have each. Edited as text, in one
/// pass: one added article changes the counts of hundreds of terms, in nearly every bucket.
struct PrefixShard: SearchShard {
    private(set) var text: [UInt8] = []

    init() {}

    init(state: [UInt8]) throws {
        guard state.isEmpty || (state.first == 0x5B && state.suffix(2).elementsEqual([0x5D, 0x0A])) else { throw Malformed() }
        text = state
    }

    var state: [UInt8] { text }

    func file() -> [UInt8] { text.isEmpty ? Array("[]\n".utf8) : text }

    /// Appends a term: in byte order (how a bucket is made from scratch).
    mutating func append(_ term: [UInt8], df: Int) {
        if text.isEmpty { text = Array("[]\n".utf8) }
        text.removeLast(2)
        if text.count > 1 { text.append(0x2C) }
        text.append(0x22)
        text.append(contentsOf: term)
        text.append(contentsOf: "\",\(df)]\n".utf8)
    }

    /// Each term in `change` more (or fewer) articles, `changes` in term order, a term once;
    /// false if that leaves one in fewer than none. One pass over the file.
    mutating func apply(_ changes: [(term: [UInt8], change: Int)]) -> Bool {
        var out: [UInt8] = [0x5B]
        out.reserveCapacity(text.count + 16 * changes.count)
        func emit(_ term: some Collection<UInt8>, _ df: Int) {
            if out.count > 1 { out.append(0x2C) }
            out.append(0x22)
            out.append(contentsOf: term)
            out.append(contentsOf: "\",\(df)".utf8)
        }
        var k = 0
        /// The changes to terms before `term` (all of them if nil): new terms.
        func added(before term: ArraySlice<UInt8>?) -> Bool {
            while k < changes.count, term.map({ changes[k].term.lexicographicallyPrecedes($0) }) ?? true {
                guard changes[k].change >= 0 else { return false }
                if changes[k].change > 0 { emit(changes[k].term, changes[k].change) }
                k += 1
            }
            return true
        }
        // Each entry: `"` term `",` digits, then `,` or `]`.
        var i = 1
        while i < text.count - 2 {
            let close = text[(i + 1)...].firstIndex(of: 0x22)!
            let digits = close + 2, end = text[digits...].firstIndex { $0 == 0x2C || $0 == 0x5D }!
            let term = text[(i + 1)..<close]
            guard added(before: term) else { return false }
            if k < changes.count && changes[k].term.elementsEqual(term) {
                let df = Int(String(decoding: text[digits..<end], as: UTF8.self))! + changes[k].change
                guard df >= 0 else { return false }
                if df > 0 { emit(term, df) }
                k += 1
            } else {
                if out.count > 1 { out.append(0x2C) }
                out.append(contentsOf: text[i..<end])
            }
            i = end + 1
        }
        guard added(before: nil) else { return false }
        out.append(contentsOf: [0x5D, 0x0A])
        text = out.count == 3 ? [] : out
        return true
    }

    /// Whether a term is listed for the prefix match: words of three letters or more, that
    /// JSON takes as they are.
    static func lists(_ term: String) -> Bool {
        !term.hasPrefix("#") && term.unicodeScalars.count >= 3 && QuotedString.quoted(term).utf8.count == term.utf8.count + 2
    }

    /// The part of `term` its prefix bucket is chosen by.
    static func prefix(_ term: String) -> String { String(String.UnicodeScalarView(term.unicodeScalars.prefix(3))) }
}

/// A metadata bucket: its articles by id, with what a hit shows and, for the next build,
/// the hashes of the article's terms (`SearchIndex.hash`: which postings buckets to take it
/// out of when it changes, whatever their number).
struct MetadataShard: RecordShard {
    struct Entry {
        var id: Int
        /// Title, path, `YYYY-MM-DD`, sector, summary.
        var fields: [String]
        /// Ascending.
        var terms: [UInt32]
    }

    static let fieldCount = 5
    var entries: [Entry] = []

    init() {}

    init(entries: [Entry]) { self.entries = entries }

    static func read(_ r: inout ByteReader) throws -> Entry {
        let id = try r.varint()
        let fields = try (0..<fieldCount).map { _ in String(decoding: try r.counted(), as: UTF8.self) }
        var terms = [UInt32](), last = 0
        for _ in 0..<(try r.varint()) {
            last += try r.varint()
            guard last <= UInt32.max else { throw Malformed() }
            terms.append(UInt32(last))
        }
        return Entry(id: id, fields: fields, terms: terms)
    }

    static func write(_ e: Entry, _ w: inout ByteWriter) {
        w.varint(e.id)
        for f in e.fields { w.counted(f.utf8) }
        w.varint(e.terms.count)
        var last = 0
        for h in e.terms {
            w.varint(Int(h) - last)
            last = Int(h)
        }
    }

    /// `{"id": [title, path, "YYYY-MM-DD", sector, summary], ...}`, by id.
    func file() -> [UInt8] {
        Array(("{" + entries.map { "\"\($0.id)\":[\($0.fields.map(QuotedString.quoted).joined(separator: ","))]" }
            .joined(separator: ",") + "}\n").utf8)
    }

    func entry(_ id: Int) -> Entry? { entries.first { $0.id == id } }

    mutating func remove(_ id: Int) { entries.removeAll { $0.id == id } }

    mutating func insert(_ e: Entry) {
        entries.insert(e, at: entries.firstIndex { $0.id > e.id } ?? entries.endIndex)
    }
}
