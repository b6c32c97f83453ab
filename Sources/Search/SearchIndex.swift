import Content
import KiosqueCore

/// The index as the files `search.js` reads, every file a pure function of the corpus:
/// - `t/N.txt`: the postings of the terms whose hash falls in bucket N, a line a term;
/// - `p/N.txt`: the terms (with their document frequency) whose first three letters hash to N,
///   for the prefix match of the word being typed;
/// - `m/N.json`: title, path, date, sector and summary of the articles whose id hashes to N;
/// - `index.json`: the counts, the stop words and elisions of the analyzer.
///
/// An article's id is its day (since 1970, in the site's zone) times 4096 plus a slot from the
/// hash of its file: the same in every build whatever else is published, so one added article
/// changes only the postings of its own terms, and ids sorted are articles by date.
/// The number of buckets grows by powers of two with the archive (16 articles a bucket), the
/// one event that rewrites the whole index.
public final class SearchIndex: Sendable {
    public static let slotsPerDay = 4096

    public let buckets: Int
    /// By article (into the corpus): its id, or nil past 4,096 articles in one day.
    public let ids: [Int?]
    public let newestDay: Int
    /// The articles as the metadata shows them.
    public let articles: [Article]
    let days: [Day]
    let vocabulary: [String]
    let documentFrequency: [Int32]
    /// Postings grouped by bucket: term << 32 | article << 6 | weight.
    let postings: [UInt64]
    let postingStart: [Int]
    public let postingSignatures: [UInt64]
    /// Terms grouped by prefix bucket.
    let prefixTerms: [UInt32]
    let prefixStart: [Int]
    public let prefixSignatures: [UInt64]
    /// Articles grouped by metadata bucket.
    let chunkArticles: [Int]
    let chunkStart: [Int]
    public let chunkSignatures: [UInt64]

    /// `articles` and `days` (each one's civil day) in the corpus's order.
    public init(corpus: SearchCorpus, articles: [Article], days: [Day]) {
        self.articles = articles
        self.days = days
        vocabulary = corpus.vocabulary
        let n = articles.count
        let buckets = Self.bucketCount(articles: n)
        self.buckets = buckets
        let ids = Self.assignIDs(articles, days)
        self.ids = ids
        newestDay = days.map(\.daysSinceEpoch).max() ?? 0

        let termBucket = vocabulary.map { UInt32(Self.bucket($0, buckets)) }
        let termHash = vocabulary.map { StableHash.of($0) }
        var df = [Int32](repeating: 0, count: vocabulary.count)
        var count = [Int](repeating: 0, count: buckets + 1)
        var signatures = [UInt64](repeating: 0, count: buckets)
        // Two passes over every posting (count, then place), on raw buffers: millions of them.
        corpus.terms.withUnsafeBufferPointer { terms in
            termBucket.withUnsafeBufferPointer { bucketOf in
                for (i, id) in ids.enumerated() where id != nil {
                    for k in corpus.offsets[i]..<corpus.offsets[i + 1] {
                        let t = Int(terms[k])
                        count[Int(bucketOf[t]) + 1] += 1
                        df[t] += 1
                    }
                }
            }
        }
        for b in 0..<buckets { count[b + 1] += count[b] }
        postingStart = count
        var fill = count
        var postings = [UInt64](repeating: 0, count: count[buckets])
        corpus.terms.withUnsafeBufferPointer { terms in
            corpus.weights.withUnsafeBufferPointer { weights in
                termBucket.withUnsafeBufferPointer { bucketOf in
                    termHash.withUnsafeBufferPointer { hashOf in
                        postings.withUnsafeMutableBufferPointer { out in
                            for (i, id) in ids.enumerated() {
                                guard let id else { continue }
                                for k in corpus.offsets[i]..<corpus.offsets[i + 1] {
                                    let t = Int(terms[k]), b = Int(bucketOf[t]), w = UInt64(weights[k])
                                    out[fill[b]] = UInt64(t) << 32 | UInt64(i) << 6 | w
                                    fill[b] += 1
                                    // The bucket's signature is the sum of its postings' hashes.
                                    signatures[b] &+= Self.scramble(hashOf[t] ^ (UInt64(id) << 6 | w))
                                }
                            }
                        }
                    }
                }
            }
        }
        self.postings = postings
        postingSignatures = signatures
        documentFrequency = df

        // Prefixes: the words of three letters or more (filters are not words).
        var byPrefix = [[UInt32]](repeating: [], count: buckets)
        var prefixSignatures = [UInt64](repeating: 0, count: buckets)
        for (t, word) in vocabulary.enumerated() where df[t] > 0 && !word.hasPrefix("#") && word.unicodeScalars.count >= 3 {
            let b = Self.bucket(String(String.UnicodeScalarView(word.unicodeScalars.prefix(3))), buckets)
            byPrefix[b].append(UInt32(t))
            var h = StableHash(seed: termHash[t])
            h.add(Int(df[t]))
            prefixSignatures[b] &+= h.value
        }
        (prefixTerms, prefixStart) = Self.flatten(byPrefix)
        self.prefixSignatures = prefixSignatures

        var byChunk = [[UInt32]](repeating: [], count: buckets)
        var chunkSignatures = [UInt64](repeating: 0, count: buckets)
        for (i, id) in ids.enumerated() {
            guard let id else { continue }
            let b = Self.bucket(String(id), buckets)
            byChunk[b].append(UInt32(i))
            var h = StableHash(seed: articles[i].hash)
            h.add(id)
            chunkSignatures[b] &+= h.value
        }
        let (chunks, chunkStart) = Self.flatten(byChunk)
        chunkArticles = chunks.map(Int.init)
        self.chunkStart = chunkStart
        self.chunkSignatures = chunkSignatures
    }

    /// SplitMix64's finalizer: a sum of these does not cancel out as a sum of linear hashes
    /// would (two weights of one article changed in opposite bits).
    @inline(__always) static func scramble(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Indexed articles.
    public var count: Int { ids.lazy.filter { $0 != nil }.count }

    /// 16 buckets, doubled until they hold at most 16 articles each (65,536 at most).
    public static func bucketCount(articles n: Int) -> Int {
        var b = 16
        while b * 16 < n && b < 65_536 { b *= 2 }
        return b
    }

    /// FNV-1a over the UTF-8 bytes, as `search.js` computes it.
    public static func bucket(_ s: String, _ count: Int) -> Int {
        var h: UInt32 = 0x811C_9DC5
        for byte in s.utf8 { h = (h ^ UInt32(byte)) &* 0x0100_0193 }
        return Int(h) & (count - 1)
    }

    /// Each day's articles, in file order, take the first free slot from the hash of their file.
    static func assignIDs(_ articles: [Article], _ days: [Day]) -> [Int?] {
        var byDay: [Int: [Int]] = [:]
        for i in articles.indices { byDay[days[i].daysSinceEpoch, default: []].append(i) }
        var ids = [Int?](repeating: nil, count: articles.count)
        for (day, members) in byDay {
            var taken = Set<Int>()
            for i in members.sorted(by: { articles[$0].file < articles[$1].file }) where taken.count < slotsPerDay {
                var slot = Int(StableHash.of(articles[i].file) % UInt64(slotsPerDay))
                while taken.contains(slot) { slot = (slot + 1) % slotsPerDay }
                taken.insert(slot)
                ids[i] = day * slotsPerDay + slot
            }
        }
        return ids
    }

    private static func flatten(_ groups: [[UInt32]]) -> ([UInt32], [Int]) {
        var start = [0]
        start.reserveCapacity(groups.count + 1)
        for g in groups { start.append(start.last! + g.count) }
        return (groups.flatMap { $0 }, start)
    }

    // MARK: the files

    /// `t/N.txt`: `term<TAB>count gaps weights<LF>` a term, in term order; numbers in base 32
    /// (a digit is `0` + 5 bits, plus 32 when more digits follow, low digits first), a weight
    /// one character (`0` + 1...63). Text, so that it is a page like the others.
    public func postingsFile(_ b: Int) -> String {
        let slice = postings[postingStart[b]..<postingStart[b + 1]]
        var byTerm: [UInt32: [(id: Int, weight: UInt8)]] = [:]
        for p in slice {
            byTerm[UInt32(p >> 32), default: []].append((ids[Int(p >> 6 & 0x3FF_FFFF)]!, UInt8(p & 63)))
        }
        var out: [UInt8] = []
        for t in byTerm.keys.sorted(by: { vocabulary[Int($0)] < vocabulary[Int($1)] }) {
            let list = byTerm[t]!.sorted { $0.id < $1.id }
            out.append(contentsOf: vocabulary[Int(t)].utf8)
            out.append(0x09)
            Self.base32(list.count, &out)
            var last = 0
            for p in list {
                Self.base32(p.id - last, &out)
                last = p.id
            }
            for p in list { out.append(0x30 + p.weight) }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func base32(_ value: Int, _ out: inout [UInt8]) {
        var v = value
        repeat {
            let digit = UInt8(v & 31)
            v >>= 5
            out.append(0x30 + digit + (v > 0 ? 32 : 0))
        } while v > 0
    }

    /// `p/N.json`: `["term", df, ...]`, in term order.
    public func prefixFile(_ b: Int) -> String {
        let terms = prefixTerms[prefixStart[b]..<prefixStart[b + 1]].sorted { vocabulary[Int($0)] < vocabulary[Int($1)] }
        return "[" + terms.map { "\(QuotedString.quoted(vocabulary[Int($0)])),\(documentFrequency[Int($0)])" }.joined(separator: ",") + "]\n"
    }

    /// `m/N.json`: `{"id": [title, path, "YYYY-MM-DD", sector, summary], ...}`, by id.
    public func metadataFile(_ b: Int) -> String {
        let members = chunkArticles[chunkStart[b]..<chunkStart[b + 1]].sorted { ids[$0]! < ids[$1]! }
        return "{" + members.map { i in
            let a = articles[i]
            let fields = [a.title, a.path, days[i].description, a.sector, a.summary].map(QuotedString.quoted).joined(separator: ",")
            return "\"\(ids[i]!)\":[\(fields)]"
        }.joined(separator: ",") + "}\n"
    }

    /// `index.json`: what a query needs before it fetches anything else.
    public func manifestFile() -> String {
        let words = { (s: Set<String>) in "[" + s.sorted().map(QuotedString.quoted).joined(separator: ",") + "]" }
        return "{\"version\":1,\"articles\":\(count),\"buckets\":\(buckets),\"newest\":\(newestDay),"
            + "\"stop\":\(words(FrenchAnalyzer.stopWords)),\"elisions\":\(words(FrenchAnalyzer.elisions))}\n"
    }
}
