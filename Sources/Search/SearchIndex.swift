import Content
import Foundation
import KiosqueCore

/// The index as the files `search.js` reads (`SearchPart`), and `index.json` (the counts, the
/// stop words and elisions of the analyzer).
///
/// An article's id is its day (since 1970, in the site's zone) times 4096 plus a slot from the
/// hash of its file: the same in every build whatever else is published, so one added article
/// changes only the postings of its own terms, and ids sorted are articles by date. The number
/// of buckets grows by powers of two with the archive (16 articles a bucket), the one event
/// that makes the whole index again.
///
/// A term's postings are in two files: the archive's (`t/`) and the recent articles' (`r/`,
/// from `recentFrom`, 8 to 15 days before the newest article), so that a new article rewrites
/// the short recent lines of its common words, not their whole history. Every 8 days of news
/// the boundary moves and a build moves those days' postings into the archive files.
///
/// A build starts from the previous build's index (`SearchState`) and applies the articles
/// added, edited and removed since: it analyses only those, reads and rewrites only the
/// buckets they are in (their terms' postings, the prefixes of the terms whose count
/// changed, their metadata chunks). Every bucket's state is canonical, so the index is
/// the one a build from scratch makes, byte for byte.
public final class SearchIndex: @unchecked Sendable {  // immutable but for the fallback's lock
    public static let slotsPerDay = 4096
    /// The recent postings start on a multiple of this many days.
    public static let recentSpan = 8

    /// One for 16 articles at most, a power of two; each part has a share of it (`Shape`).
    public let buckets: Int
    /// The first day whose articles' postings are in `r/`.
    public let recentFrom: Int
    let shape: Shape
    /// Indexed articles (all published ones but those past 4,096 in one day).
    public let count: Int
    public let newestDay: Int
    /// Whether the index was made from the previous build's.
    public let incremental: Bool

    /// The buckets this build changed (every one when made from scratch) and the catalog
    /// that names them.
    struct Result {
        var changed: [[Int: [UInt8]]]
        var next: SearchState
        /// Articles analysed to make it.
        var analysed: Int
        /// False when nothing changed since the previous build: its catalog stands.
        var newCatalog = true
    }

    private let planned: Result
    private let previous: SearchState?
    private let folder: String?
    private let key: UInt64
    /// The index made from scratch, when a bucket of the previous one turns out unreadable
    /// as a page asks for it (a state file lost or damaged since the catalog was written).
    private let fromScratch: () -> Result
    private let lock = NSLock()
    private var rebuilt: Result?

    /// The index of `articles` (`days`: each one's civil day), from the previous build's in
    /// `folder` (made under `key`) when `incremental` and there is one.
    public init(articles: [Article], days: [Day], config: Config, folder: String?, key: UInt64, incremental: Bool) {
        let dayNumbers = days.map(\.daysSinceEpoch)
        let newestDay = dayNumbers.max() ?? 0
        let shape = Shape(articles: articles.count, newestDay: newestDay)
        (self.shape, buckets, recentFrom, self.newestDay) = (shape, shape.buckets, shape.recentFrom, newestDay)
        let files = articles.map { StableHash.of($0.file) }
        let keys = articles.indices.map { i in
            var h = StableHash(seed: files[i])
            h.mix(articles[i].hash)
            return h.value
        }
        let previous = folder.flatMap { SearchState.load(folder: $0, key: key) }
        self.previous = previous
        self.folder = folder
        self.key = key
        let input = Input(articles: articles, days: days, dayNumbers: dayNumbers, files: files, keys: keys, config: config, shape: shape)
        fromScratch = { Self.fromScratch(input, previous: previous) }
        if incremental, let previous, previous.buckets == shape.buckets, let folder,
           let result = Self.incremental(input, previous: previous, folder: folder) {
            planned = result
            self.incremental = true
        } else {
            planned = fromScratch()
            self.incremental = false
        }
        count = planned.next.keys.count
    }

    /// How many buckets a part has.
    public func buckets(of part: SearchPart) -> Int { shape.count(part) }

    /// Each bucket's signature: the hash of its state, which its file is made from.
    public func signatures(of part: SearchPart) -> [UInt64] { planned.next.signatures[part.index] }

    /// Buckets written by this build, and articles it analysed (for the build's log).
    public var changedBuckets: Int { planned.changed.map(\.count).reduce(0, +) }
    public var analysed: Int { planned.analysed }

    /// Whether `commit` has anything to write.
    public var needsSaving: Bool { planned.newCatalog || lock.withLock { rebuilt != nil } }

    /// Writes what changed into the folder it was made from (see `SearchState`), for the next build.
    public func commit() throws {
        guard let folder else { return }
        let result = lock.withLock { rebuilt } ?? planned
        try SearchState.commit(result.next, changed: result.changed, previous: previous, folder: folder, key: key)
    }

    /// The file of a bucket, from its state.
    public func file(_ part: SearchPart, _ bucket: Int) -> String {
        let state = planned.changed[part.index][bucket]
            ?? folder.flatMap { previous?.state(part, bucket, folder: $0) }
            ?? lock.withLock {
                if rebuilt == nil { rebuilt = fromScratch() }
                return rebuilt!.changed[part.index][bucket]!
            }
        let bytes: [UInt8]
        do {
            switch part {
            case .postings, .recent: bytes = state
            case .prefixes: bytes = try PrefixShard(state: state).file()
            case .metadata: bytes = try MetadataShard(state: state).file()
            }
        } catch {
            preconditionFailure("a search bucket's state that matched its hash does not decode: \(error)")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `index.json`: what a query needs before it fetches anything else.
    public func manifestFile() -> String {
        let words = { (s: Set<String>) in "[" + s.sorted().map(QuotedString.quoted).joined(separator: ",") + "]" }
        let counts = SearchPart.allCases.map { "\"\($0.rawValue)\":\(shape.count($0))" }.joined(separator: ",")
        return "{\"version\":2,\"articles\":\(count),\"buckets\":{\(counts)},\"recent\":\(recentFrom),\"newest\":\(newestDay),"
            + "\"stop\":\(words(FrenchAnalyzer.stopWords)),\"elisions\":\(words(FrenchAnalyzer.elisions))}\n"
    }

    // MARK: ids and buckets

    /// The bucket counts and the recent days, a function of the archive's size and newest day.
    /// The metadata has the most buckets (a hit fetches its bucket: 32 articles at most); the
    /// archive's postings half as many; the recent postings and the prefixes, which every new
    /// article changes in nearly every bucket, a thirty-second and a hundred-and-twenty-eighth:
    /// each file rewritten costs a new file in the output. 16 at least. Each count divides
    /// the next, so a recent bucket's terms are those of a set of archive buckets.
    struct Shape {
        var buckets: Int
        var recentFrom: Int

        init(articles n: Int, newestDay: Int) {
            buckets = SearchIndex.bucketCount(articles: n)
            recentFrom = (newestDay / recentSpan - 1) * recentSpan
        }

        init(buckets: Int, recentFrom: Int) {
            self.buckets = buckets
            self.recentFrom = recentFrom
        }

        func count(_ part: SearchPart) -> Int {
            switch part {
            case .metadata: Swift.max(16, buckets / 2)
            case .postings: Swift.max(16, buckets / 4)
            case .recent: Swift.max(16, buckets / 64)
            case .prefixes: Swift.max(16, buckets / 256)
            }
        }

        /// Where the postings of article `id` are, and the bucket of a term of hash `h` there.
        func tier(_ id: Int) -> SearchPart { id >= recentFrom * slotsPerDay ? .recent : .postings }
        func bucket(_ h: UInt32, _ part: SearchPart) -> Int { Int(h) & (count(part) - 1) }
    }

    /// 16 buckets, doubled until they hold at most 16 articles each (65,536 at most).
    public static func bucketCount(articles n: Int) -> Int {
        var b = 16
        while b * 16 < n && b < 65_536 { b *= 2 }
        return b
    }

    /// FNV-1a over the UTF-8 bytes, as `search.js` computes it.
    public static func bucket(_ s: String, _ count: Int) -> Int { Int(hash(s.utf8)) & (count - 1) }

    /// An article's terms as its metadata lists them: their hashes, sorted, each once.
    static func termHashes(_ terms: ArraySlice<UInt32>, _ hashes: [UInt32]) -> [UInt32] {
        var out = terms.map { hashes[Int($0)] }
        out.sort()
        var kept = out.isEmpty ? 0 : 1
        for i in out.indices.dropFirst() where out[i] != out[kept - 1] {
            out[kept] = out[i]
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    static func hash(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in bytes { h = (h ^ UInt32(byte)) &* 0x0100_0193 }
        return h
    }

    /// The metadata bucket of an article.
    static func chunk(_ id: Int, _ count: Int) -> Int { bucket(String(id), count) }

    /// Ids for the articles `members` (every one of their days'), into `ids`: each day's
    /// articles take the first free slot from the hash of their file, in the order of those
    /// hashes, a function of the day's files alone.
    static func assignIDs(_ members: [Int], _ input: Input, into ids: inout [Int?]) {
        let ordered = members.map { (day: input.dayNumbers[$0], file: input.files[$0], index: $0) }.sorted {
            ($0.day, $0.file) != ($1.day, $1.file) ? ($0.day, $0.file) < ($1.day, $1.file)
                : input.articles[$0.index].file < input.articles[$1.index].file
        }
        var taken = [Bool](repeating: false, count: slotsPerDay), used = 0, day = Int.min
        for m in ordered {
            if m.day != day {
                (day, used) = (m.day, 0)
                taken = [Bool](repeating: false, count: slotsPerDay)
            }
            guard used < slotsPerDay else { continue }
            var slot = Int(m.file % UInt64(slotsPerDay))
            while taken[slot] { slot = (slot + 1) % slotsPerDay }
            taken[slot] = true
            used += 1
            ids[m.index] = day * slotsPerDay + slot
        }
    }

    // MARK: making it

    /// What the index is made of.
    struct Input {
        var articles: [Article]
        var days: [Day]
        var dayNumbers: [Int]
        /// The hash of each article's file name (its id's slot), and its key: what its
        /// record depends on, its file's name and bytes.
        var files: [UInt64]
        var keys: [UInt64]
        var config: Config
        var shape: Shape

        /// The catalog's list of articles: keys ascending, with their ids.
        func records(_ ids: [Int?], byKey: [Int]) -> (keys: [UInt64], ids: [Int]) {
            let indexed = byKey.filter { ids[$0] != nil }
            return (indexed.map { keys[$0] }, indexed.map { ids[$0]! })
        }

        /// The articles' indices, by key: a radix sort, 16 bits a pass (tens of thousands of
        /// keys on every build).
        var byKey: [Int] {
            var order = Array(keys.indices), next = order
            var counts = [Int](repeating: 0, count: 1 << 16)
            for shift in stride(from: 0, to: 64, by: 16) {
                for k in 0..<counts.count { counts[k] = 0 }
                for key in keys { counts[Int(truncatingIfNeeded: key >> shift) & 0xFFFF] += 1 }
                var sum = 0
                for k in 0..<counts.count { (counts[k], sum) = (sum, sum + counts[k]) }
                for i in order {
                    let digit = Int(truncatingIfNeeded: keys[i] >> shift) & 0xFFFF
                    next[counts[digit]] = i
                    counts[digit] += 1
                }
                swap(&order, &next)
            }
            return order
        }

        /// What a result shows: title and summary set in French typography, as on the pages.
        func fields(_ i: Int) -> [String] {
            let a = articles[i]
            return [FrenchTypography.text(a.title), a.path, days[i].description, a.sector, FrenchTypography.text(a.summary)]
        }

        /// The catalog `changed` goes with: each changed bucket's signature, and the file of
        /// the two it goes to.
        func catalog(_ changed: [[Int: [UInt8]]], over base: SearchState, previous: SearchState?) -> SearchState {
            var next = base
            for part in SearchPart.allCases {
                for (b, state) in changed[part.index] {
                    next.signatures[part.index][b] = SearchState.signature(state)
                    let old = previous.flatMap { b < $0.slots[part.index].count ? $0.slots[part.index][b] : nil }
                    next.slots[part.index][b] = state.isEmpty ? 0 : old == 1 ? 2 : 1
                }
            }
            return next
        }
    }

    /// Every bucket, from an analysis of every article.
    static func fromScratch(_ input: Input, previous: SearchState?) -> Result {
        let shape = input.shape, archive = shape.count(.postings)
        var all = [Int?](repeating: nil, count: input.articles.count)
        assignIDs(Array(input.articles.indices), input, into: &all)
        let order = input.articles.indices.filter { all[$0] != nil }.sorted { all[$0]! < all[$1]! }
        let ids = order.map { all[$0]! }
        let corpus = SearchCorpus.make(articles: order.map { input.articles[$0] }, config: input.config)
        let words = corpus.vocabulary.map { Array($0.utf8) }
        let byRank = words.indices.sorted { precedes(words[$0], words[$1]) }
        let hashes = words.map(hash)

        // Postings laid out as the files list them, without a sort: a file's terms in byte
        // order, each term's articles in id order (a term's postings are one run a tier, and
        // the articles are read in id order). Each posting `article << 6 | weight`.
        let files = archive + shape.count(.recent)
        let tiers = ids.map { shape.tier($0) == .postings ? 0 : 1 }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: words.count), count: 2)
        for k in order.indices {
            for p in corpus.offsets[k]..<corpus.offsets[k + 1] { counts[tiers[k]][Int(corpus.terms[p])] += 1 }
        }
        let df = words.indices.map { counts[0][$0] + counts[1][$0] }
        var termsOf = [[Int]](repeating: [], count: files)
        for t in byRank {
            if counts[0][t] > 0 { termsOf[shape.bucket(hashes[t], .postings)].append(t) }
            if counts[1][t] > 0 { termsOf[archive + shape.bucket(hashes[t], .recent)].append(t) }
        }
        var next = [[Int]](repeating: [Int](repeating: 0, count: words.count), count: 2)
        var start = [0]
        for f in 0..<files {
            let tier = f < archive ? 0 : 1
            var at = start[f]
            for t in termsOf[f] {
                next[tier][t] = at
                at += counts[tier][t]
            }
            start.append(at)
        }
        var postings = [UInt32](repeating: 0, count: corpus.terms.count)
        for k in order.indices {
            let tier = tiers[k]
            for p in corpus.offsets[k]..<corpus.offsets[k + 1] {
                let t = Int(corpus.terms[p])
                postings[next[tier][t]] = UInt32(k) << 6 | UInt32(corpus.weights[p])
                next[tier][t] += 1
            }
        }
        let laidOut = postings, bounds = start, tierCounts = counts, fileTerms = termsOf
        let postingStates = Parallel.map(files) { f -> [UInt8] in
            let tier = f < archive ? 0 : 1
            var shard = PostingsShard()
            var first = bounds[f]
            for t in fileTerms[f] {
                let line = laidOut[first..<(first + tierCounts[tier][t])]
                shard.append(term: words[t], ids: line.lazy.map { ids[Int($0 >> 6)] }, weights: line.lazy.map { UInt8($0 & 63) })
                first += tierCounts[tier][t]
            }
            return shard.state
        }

        var prefixes = [PrefixShard](repeating: PrefixShard(), count: shape.count(.prefixes))
        for t in byRank where df[t] > 0 && PrefixShard.lists(corpus.vocabulary[t]) {
            prefixes[bucket(PrefixShard.prefix(corpus.vocabulary[t]), shape.count(.prefixes))].append(words[t], df: df[t])
        }
        var chunks = [[MetadataShard.Entry]](repeating: [], count: shape.count(.metadata))
        let entries = Parallel.map(order.count) { k in
            MetadataShard.Entry(id: ids[k], fields: input.fields(order[k]), terms: termHashes(corpus.terms[corpus.offsets[k]..<corpus.offsets[k + 1]], hashes))
        }
        for (k, entry) in entries.enumerated() { chunks[chunk(ids[k], shape.count(.metadata))].append(entry) }
        let states = [Array(postingStates[..<archive]), Array(postingStates[archive...]),
                      prefixes.map(\.state), chunks.map { MetadataShard(entries: $0).state }]
        let changed = states.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($0, $1) }) }
        let records = input.records(all, byKey: input.byKey)
        let empty = SearchState(shape: shape, keys: records.keys, ids: records.ids)
        return Result(changed: changed, next: input.catalog(changed, over: empty, previous: previous), analysed: order.count)
    }

    /// The previous index with the articles added, edited and removed since applied; nil if
    /// a bucket it needs cannot be read (the index is then made from scratch).
    static func incremental(_ input: Input, previous: SearchState, folder: String) -> Result? {
        let shape = input.shape
        // Against the catalog, both by key: the articles kept (with their ids), gone and new.
        let byKey = input.byKey
        var ids = [Int?](repeating: nil, count: input.articles.count)
        var removed: [Int] = [], added: [Int] = []  // old ids; indices into the articles
        var k = 0
        for i in byKey {
            while k < previous.keys.count && previous.keys[k] < input.keys[i] {
                removed.append(previous.ids[k])
                k += 1
            }
            if k < previous.keys.count && previous.keys[k] == input.keys[i] {
                ids[i] = previous.ids[k]
                k += 1
            } else {
                added.append(i)
            }
        }
        removed += previous.ids[k...]
        // The days that gained or lost an article get their ids again: a kept article may move.
        let days = Set(added.map { input.dayNumbers[$0] } + removed.map { $0 / slotsPerDay })
        if !days.isEmpty {
            let members = input.articles.indices.filter { days.contains(input.dayNumbers[$0]) }
            var fresh = ids
            for i in members { fresh[i] = nil }
            assignIDs(members, input, into: &fresh)
            for i in members where ids[i] != nil && fresh[i] != ids[i] {
                removed.append(ids[i]!)
                added.append(i)
            }
            ids = fresh
        }
        added = added.filter { ids[$0] != nil }.sorted()
        var base = previous
        (base.keys, base.ids) = input.records(ids, byKey: byKey)
        base.recentFrom = shape.recentFrom
        let moved = previous.recentFrom != shape.recentFrom
        guard !removed.isEmpty || !added.isEmpty || moved else {
            return Result(changed: SearchPart.allCases.map { _ in [:] }, next: base, analysed: 0, newCatalog: false)
        }

        var store = ShardStore(previous: previous, folder: folder)
        var counts: [[UInt8]: Int] = [:]  // the change in each term's article count
        do {
            if moved { try store.moveRecent(to: shape) }
            // Out: each removed article's postings, from the buckets of the terms its metadata names.
            for id in removed {
                var terms: [UInt32]?
                try store.edit(.metadata, chunk(id, shape.count(.metadata))) { (m: inout MetadataShard) in
                    terms = m.entry(id)?.terms
                    m.remove(id)
                }
                guard let terms else { return nil }
                let tier = shape.tier(id)
                for b in Set(terms.map { shape.bucket($0, tier) }) {
                    try store.edit(tier, b) { (p: inout PostingsShard) in p.remove(id: id) { counts[$0, default: 0] -= 1 } }
                }
            }
            // In: each new article's, analysed now.
            let corpus = SearchCorpus.make(articles: added.map { input.articles[$0] }, config: input.config)
            let words = corpus.vocabulary.map { Array($0.utf8) }
            let hashes = words.map(hash)
            for (k, i) in added.enumerated() {
                let id = ids[i]!, tier = shape.tier(id)
                let range = corpus.offsets[k]..<corpus.offsets[k + 1]
                for p in range {
                    let t = Int(corpus.terms[p])
                    try store.edit(tier, shape.bucket(hashes[t], tier)) { (s: inout PostingsShard) in
                        s.add(term: words[t], id: id, weight: corpus.weights[p])
                    }
                    counts[words[t], default: 0] += 1
                }
                let entry = MetadataShard.Entry(id: id, fields: input.fields(i), terms: termHashes(corpus.terms[range], hashes))
                try store.edit(.metadata, chunk(id, shape.count(.metadata))) { (m: inout MetadataShard) in m.insert(entry) }
            }
            // The terms whose count changed, in their prefix buckets.
            var byBucket: [Int: [(term: [UInt8], change: Int)]] = [:]
            for (term, change) in counts where change != 0 {
                let word = String(decoding: term, as: UTF8.self)
                guard PrefixShard.lists(word) else { continue }
                byBucket[bucket(PrefixShard.prefix(word), shape.count(.prefixes)), default: []].append((term, change))
            }
            for (b, changes) in byBucket {
                var consistent = true
                try store.edit(.prefixes, b) { (p: inout PrefixShard) in
                    consistent = p.apply(changes.sorted { precedes($0.term, $1.term) })
                }
                guard consistent else { return nil }
            }
        } catch {
            return nil
        }
        var changed = SearchPart.allCases.map { _ in [Int: [UInt8]]() }
        for (part, b, state) in store.states where SearchState.signature(state) != previous.signatures[part.index][b] {
            changed[part.index][b] = state
        }
        return Result(changed: changed, next: input.catalog(changed, over: base, previous: previous), analysed: added.count)
    }
}

/// The buckets an incremental build edits, each read from the previous index once.
private struct ShardStore {
    struct Unreadable: Error {}

    let previous: SearchState
    let folder: String
    private var postings: [SearchPart: [Int: PostingsShard]] = [:]
    private var prefixes: [Int: PrefixShard] = [:]
    private var metadata: [Int: MetadataShard] = [:]

    init(previous: SearchState, folder: String) {
        self.previous = previous
        self.folder = folder
    }

    private func read<S: SearchShard>(_ part: SearchPart, _ b: Int) throws -> S {
        guard let state = previous.state(part, b, folder: folder), let shard = try? S(state: state) else { throw Unreadable() }
        return shard
    }

    mutating func edit(_ part: SearchPart, _ b: Int, _ change: (inout PostingsShard) -> Void) throws {
        if postings[part]?[b] == nil { postings[part, default: [:]][b] = try read(part, b) }
        change(&postings[part]![b]!)
    }

    mutating func edit(_ part: SearchPart, _ b: Int, _ change: (inout PrefixShard) -> Void) throws {
        if prefixes[b] == nil { prefixes[b] = try read(part, b) }
        change(&prefixes[b]!)
    }

    mutating func edit(_ part: SearchPart, _ b: Int, _ change: (inout MetadataShard) -> Void) throws {
        if metadata[b] == nil { metadata[b] = try read(part, b) }
        change(&metadata[b]!)
    }

    /// Every term's postings split again at `shape.recentFrom`: the days that left the recent
    /// files go to the archive's (or back, when the newest article went). A recent bucket's
    /// terms are those of the archive buckets with the same low bits: each group is redone
    /// on its own.
    mutating func moveRecent(to shape: SearchIndex.Shape) throws {
        let boundary = shape.recentFrom * SearchIndex.slotsPerDay
        let recent = shape.count(.recent)
        for r in 0..<recent {
            let archive = stride(from: r, to: shape.count(.postings), by: recent)
            var lines: [[UInt8]: (ids: [Int], weights: [UInt8])] = [:]
            for (part, b) in archive.map({ (SearchPart.postings, $0) }) + [(.recent, r)] {
                try edit(part, b) { (s: inout PostingsShard) in
                    for line in s.lines {
                        lines[line.term, default: ([], [])].ids += line.ids
                        lines[line.term]!.weights += line.weights
                    }
                    s = PostingsShard()
                }
            }
            for term in lines.keys.sorted(by: precedes) {
                let (ids, weights) = lines[term]!
                let split = ids.firstIndex { $0 >= boundary } ?? ids.count
                let h = SearchIndex.hash(term)
                if split > 0 {
                    try edit(.postings, shape.bucket(h, .postings)) { (s: inout PostingsShard) in
                        s.append(term: term, ids: ids[..<split], weights: weights[..<split])
                    }
                }
                if split < ids.count {
                    try edit(.recent, r) { (s: inout PostingsShard) in s.append(term: term, ids: ids[split...], weights: weights[split...]) }
                }
            }
        }
    }

    /// Every bucket read, as it now is (those left as they were give their old bytes).
    var states: [(SearchPart, Int, [UInt8])] {
        postings.flatMap { part, shards in shards.map { (part, $0.key, $0.value.state) } }
            + prefixes.map { (.prefixes, $0.key, $0.value.state) } + metadata.map { (.metadata, $0.key, $0.value.state) }
    }
}
