import Content
import Foundation
import KiosqueCore

/// What the index keeps of one article: its distinct terms (into the corpus's vocabulary)
/// and the weight of each, BM25's term-frequency part over the weighted fields, in 1...63.
public struct ArticleTerms: Sendable {
    /// The article file's hash: the analysis is cached by it.
    public var hash: UInt64
    public var terms: [UInt32]
    public var weights: [UInt8]
}

/// Every published article's terms, over one vocabulary, in the order of the site's
/// articles. An article is analysed once per version of its file: `.kiosque/build/search.bin`
/// keeps the analysis of the previous build (safe to delete; a miss costs the analysis).
public struct SearchCorpus: Sendable {
    public let vocabulary: [String]
    public let articles: [ArticleTerms]
    /// Whether the cache file no longer describes this corpus.
    public let cacheIsStale: Bool

    /// How much a word weighs by where it is: a title word counts as four body words.
    static let weights = (title: 4, summary: 2, tags: 2, sector: 1, body: 1)
    /// BM25's constants, with a fixed length pivot instead of the corpus's mean length (which
    /// would change every posting of the index with every article added).
    static let k1 = 1.2, b = 0.75, pivot = 500.0

    /// The terms of `articles` (body from the file when the content cache holds none), from
    /// the cache at `cachePath` for the files analysed before.
    public static func make(articles: [Article], config: Config, cachePath: String, key: UInt64) -> SearchCorpus {
        let cache = SearchCache.load(path: cachePath, key: key)
        var vocabulary = cache.vocabulary
        var result = articles.map { cache.articles[$0.hash] }
        let missing = result.indices.filter { result[$0] == nil }
        if !missing.isEmpty {
            // Analysed in a few large parts, each with its own stemmer and memo (news repeats
            // its words), then the parts' vocabularies merged into the one of the cache.
            let parts = Swift.min(missing.count, 16)
            let analysed = concurrentMap(parts) { p -> ([String], [ArticleTerms]) in
                var analyzer = FrenchAnalyzer()
                var local: [String: UInt32] = [:], words: [String] = []
                let mine = stride(from: p, to: missing.count, by: parts).map { missing[$0] }
                let terms = mine.map { i -> ArticleTerms in
                    let a = articles[i]
                    let weighted = analyse(a, body: ContentLoader.body(of: a, root: config.root),
                                           sectorName: config.sector(a.sector)?.name ?? a.sector, analyzer: &analyzer)
                    var ids: [UInt32] = [], weights: [UInt8] = []
                    for (term, w) in weighted {
                        let id = local[term] ?? {
                            words.append(term)
                            local[term] = UInt32(words.count - 1)
                            return UInt32(words.count - 1)
                        }()
                        ids.append(id)
                        weights.append(w)
                    }
                    return ArticleTerms(hash: a.hash, terms: ids, weights: weights)
                }
                return (words, terms)
            }
            var index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, UInt32($0)) })
            for (p, (words, terms)) in analysed.enumerated() {
                let map = words.map { w in
                    index[w] ?? {
                        vocabulary.append(w)
                        index[w] = UInt32(vocabulary.count - 1)
                        return UInt32(vocabulary.count - 1)
                    }()
                }
                let mine = stride(from: p, to: missing.count, by: parts).map { missing[$0] }
                for (k, i) in mine.enumerated() {
                    var t = terms[k]
                    t.terms = t.terms.map { map[Int($0)] }
                    result[i] = t
                }
            }
        }
        let all = result.map { $0! }
        return SearchCorpus(vocabulary: vocabulary, articles: all, cacheIsStale: !missing.isEmpty || cache.articles.count != Set(all.map(\.hash)).count)
    }

    /// Saves the analysis for the next build, with only the terms still in use.
    public func saveCache(path: String, key: UInt64) throws {
        var used = [UInt32](repeating: .max, count: vocabulary.count)
        var words: [String] = []
        var seen = Set<UInt64>()
        var kept: [ArticleTerms] = []
        for a in articles where seen.insert(a.hash).inserted {
            var t = a
            t.terms = a.terms.map { id in
                if used[Int(id)] == .max {
                    used[Int(id)] = UInt32(words.count)
                    words.append(vocabulary[Int(id)])
                }
                return used[Int(id)]
            }
            kept.append(t)
        }
        try SearchCache(vocabulary: words, articles: Dictionary(uniqueKeysWithValues: kept.map { ($0.hash, $0) })).save(path: path, key: key)
    }

    /// An article's terms and their weights, filters included (`#s:` its sector, `#t:` each tag).
    static func analyse(_ a: Article, body: String, sectorName: String, analyzer: inout FrenchAnalyzer) -> [(String, UInt8)] {
        var counts: [String: Int] = [:]
        var length = 0
        func add(_ text: String, _ weight: Int) {
            analyzer.terms(text) { term in
                counts[term, default: 0] += weight
                length += weight
            }
        }
        add(a.title, weights.title)
        add(a.summary, weights.summary)
        add(a.tags.joined(separator: "\n"), weights.tags)
        add(sectorName, weights.sector)
        add(MarkdownText.prose(body), weights.body)
        let norm = k1 * (1 - b + b * Double(length) / pivot)
        var out = counts.map { term, tf -> (String, UInt8) in
            let w = Double(tf) / (Double(tf) + norm)
            return (term, UInt8(Swift.max(1, Swift.min(63, (w * 63).rounded()))))
        }
        out.append(("#s:" + a.sector, 1))
        for slug in Set(a.tags.map { Slug.make($0, maxLength: 60) }) where !slug.isEmpty { out.append(("#t:" + slug, 1)) }
        return out
    }
}

/// The words of a CommonMark body, without what a reader does not read: link targets and
/// bare URLs.
enum MarkdownText {
    static func prose(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func skip(until end: UInt8) { while i < bytes.count, bytes[i] != end, bytes[i] != 0x0A { i += 1 } }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "]"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "(") {
                skip(until: UInt8(ascii: ")"))
            } else if c == UInt8(ascii: "h"), bytes[i...].starts(with: Array("http".utf8)),
                      bytes[i...].starts(with: Array("http://".utf8)) || bytes[i...].starts(with: Array("https://".utf8)) {
                skip(until: UInt8(ascii: " "))
            }
            if i < bytes.count { out.append(bytes[i] == UInt8(ascii: ")") || bytes[i] == UInt8(ascii: ">") ? 0x20 : bytes[i]) }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The cache file: the vocabulary, then each article's hash, terms and weights, raw.
struct SearchCache {
    var vocabulary: [String] = []
    var articles: [UInt64: ArticleTerms] = [:]

    static let magic = "kiosque-search-1"

    static func load(path: String, key: UInt64) -> SearchCache {
        guard let bytes = ByteReader.readFile(path) else { return SearchCache() }
        var r = ByteReader(bytes)
        do {
            guard try r.string() == magic, try r.u64() == key else { return SearchCache() }
            var cache = SearchCache()
            let words = try r.int()
            guard words >= 0 else { return SearchCache() }
            cache.vocabulary.reserveCapacity(words)
            for _ in 0..<words { cache.vocabulary.append(try r.string()) }
            let count = try r.int()
            guard count >= 0 else { return SearchCache() }
            cache.articles.reserveCapacity(count)
            for _ in 0..<count {
                let hash = try r.u64(), n = try r.int(), at = r.position
                try r.skip(n * 5)
                let terms = bytes.withUnsafeBytes { raw in
                    (0..<n).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4 * $0, as: UInt32.self)) }
                }
                guard terms.allSatisfy({ Int($0) < words }) else { return SearchCache() }
                cache.articles[hash] = ArticleTerms(hash: hash, terms: terms, weights: Array(bytes[(at + 4 * n)..<(at + 5 * n)]))
            }
            return r.atEnd ? cache : SearchCache()
        } catch {
            return SearchCache()
        }
    }

    func save(path: String, key: UInt64) throws {
        var w = ByteWriter()
        w.string(Self.magic)
        w.u64(key)
        w.int(vocabulary.count)
        for word in vocabulary { w.string(word) }
        w.int(articles.count)
        for hash in articles.keys.sorted() {
            let a = articles[hash]!
            w.u64(hash)
            w.int(a.terms.count)
            var raw = [UInt8](repeating: 0, count: 4 * a.terms.count)
            raw.withUnsafeMutableBytes { p in
                for (k, t) in a.terms.enumerated() { p.storeBytes(of: t.littleEndian, toByteOffset: 4 * k, as: UInt32.self) }
            }
            w.append(raw)
            w.append(a.weights)
        }
        try AtomicFile.write(w.bytes, to: path)
    }
}

/// `body` of 0..<count, run on every core, in order.
func concurrentMap<T>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let slots = Slots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { k in
        let value = body(k)
        slots.lock.withLock { slots.values[k] = value }
    }
    return slots.values.map { $0! }
}

private final class Slots<T>: @unchecked Sendable {  // written under the lock only
    var values: [T?]
    let lock = NSLock()
    init(_ count: Int) { values = .init(repeating: nil, count: count) }
}
