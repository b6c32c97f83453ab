import KiosqueCore

/// The analysis of the previous build, in the build cache: `search-words.bin`, the
/// vocabulary (it only grows, so an id keeps its word), and `search-NN.bin`, the articles in
/// 64 sections by file hash, each rewritten only when its articles change: one added article
/// rewrites one section, not the analysis of the whole archive. The vocabulary is written
/// before the sections that use its new words: a build killed in between leaves old
/// sections over a larger vocabulary, which still describes them. A vocabulary made afresh
/// (a clean build, or compacted once most of its words are no longer used) is a new
/// generation: sections of another are not read.
struct SearchCache: Sendable {
    struct Entry: Sendable {
        var range: Range<Int>
    }

    static let sections = 64
    static let magic = "kiosque-search-2"

    var vocabulary: [String] = []
    var generation: UInt64 = 0
    var entries: [UInt64: Entry] = [:]
    var terms: [UInt32] = []
    var weights: [UInt8] = []
    /// Each section's article hashes, sorted, as read (nil: absent or unreadable).
    var sectionHashes = [[UInt64]?](repeating: nil, count: sections)

    init() {}

    static func wordsPath(_ folder: String) -> String { folder + "/search-words.bin" }
    static func sectionPath(_ folder: String, _ s: Int) -> String { folder + "/search-\(s).bin" }

    static func load(folder: String, key: UInt64) -> SearchCache {
        var cache = SearchCache()
        guard let bytes = ByteReader.readFile(wordsPath(folder)) else { return cache }
        var r = ByteReader(bytes)
        do {
            guard try r.string() == magic, try r.u64() == key else { return cache }
            cache.generation = try r.u64()
            let n = try r.int()
            guard n >= 0 else { return cache }
            cache.vocabulary.reserveCapacity(n)
            for _ in 0..<n { cache.vocabulary.append(try r.string()) }
        } catch {
            return SearchCache()
        }
        for s in 0..<sections { cache.read(section: s, folder: folder, key: key) }
        return cache
    }

    /// Adds a section's articles, unless the file is absent, stale or damaged.
    private mutating func read(section s: Int, folder: String, key: UInt64) {
        guard let bytes = ByteReader.readFile(Self.sectionPath(folder, s)) else { return }
        var r = ByteReader(bytes)
        var read: [(UInt64, Int, Int)] = []  // hash, start in `bytes`, count
        do {
            guard try r.string() == Self.magic, try r.u64() == key, try r.u64() == generation else { return }
            for _ in 0..<(try r.int()) {
                let hash = try r.u64(), n = try r.int(), at = r.position
                guard n >= 0 else { return }
                try r.skip(n * 5)
                read.append((hash, at, n))
            }
            guard r.atEnd else { return }
        } catch {
            return
        }
        let words = UInt32(vocabulary.count)
        var ids: [UInt32] = []
        bytes.withUnsafeBytes { raw in
            for (_, at, n) in read {
                for k in 0..<n { ids.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at + 4 * k, as: UInt32.self))) }
            }
        }
        guard ids.allSatisfy({ $0 < words }) else { return }
        var next = 0
        for (hash, at, n) in read {
            entries[hash] = Entry(range: terms.count..<(terms.count + n))
            terms.append(contentsOf: ids[next..<(next + n)])
            weights.append(contentsOf: bytes[(at + 4 * n)..<(at + 5 * n)])
            next += n
        }
        sectionHashes[s] = read.map(\.0)
    }

    /// Writes what differs from `previous`: the vocabulary if it grew (or, when most of it is
    /// no longer used, a compacted one and every section), then the changed sections.
    /// What a save compares with: the vocabulary's size and generation, each section's hashes.
    struct Saved: Sendable {
        var words = 0
        var generation: UInt64 = 0
        var sections = [[UInt64]?](repeating: nil, count: SearchCache.sections)
    }

    var saved: Saved { Saved(words: vocabulary.count, generation: generation, sections: sectionHashes) }

    static func save(_ corpus: SearchCorpus, folder: String, key: UInt64, previous: Saved) throws {
        var vocabulary = corpus.vocabulary
        var remap: [UInt32]?
        var used = [Bool](repeating: false, count: vocabulary.count)
        for t in corpus.terms { used[Int(t)] = true }
        let inUse = used.lazy.filter { $0 }.count
        if vocabulary.count > 10_000 && inUse * 2 < vocabulary.count {
            var map = [UInt32](repeating: .max, count: vocabulary.count)
            vocabulary = []
            for (t, u) in used.enumerated() where u {
                map[t] = UInt32(vocabulary.count)
                vocabulary.append(corpus.vocabulary[t])
            }
            remap = map
        }
        // A vocabulary that is not the previous one grown is a new generation: the sections of
        // any other (left by a killed build, or by the previous one) are then not read.
        let generation = remap == nil && previous.words > 0 ? previous.generation : UInt64.random(in: 1...UInt64.max)
        if remap != nil || vocabulary.count != previous.words || previous.words == 0 {
            var w = ByteWriter()
            w.string(magic)
            w.u64(key)
            w.u64(generation)
            w.int(vocabulary.count)
            for word in vocabulary { w.string(word) }
            try AtomicFile.write(w.bytes, to: wordsPath(folder))
        }
        var members = [[Int]](repeating: [], count: sections)
        var seen = Set<UInt64>()
        for (i, h) in corpus.hashes.enumerated() where seen.insert(h).inserted { members[Int(h % UInt64(sections))].append(i) }
        for s in 0..<sections {
            let list = members[s].sorted { corpus.hashes[$0] < corpus.hashes[$1] }
            if remap == nil, previous.sections[s] == list.map({ corpus.hashes[$0] }) { continue }
            if remap == nil, list.isEmpty, previous.sections[s] == nil { continue }
            var w = ByteWriter()
            w.string(magic)
            w.u64(key)
            w.u64(generation)
            w.int(list.count)
            for i in list {
                let range = corpus.offsets[i]..<corpus.offsets[i + 1]
                w.u64(corpus.hashes[i])
                w.int(range.count)
                var raw = [UInt8](repeating: 0, count: 4 * range.count)
                raw.withUnsafeMutableBytes { p in
                    for (k, t) in corpus.terms[range].enumerated() {
                        p.storeBytes(of: (remap.map { $0[Int(t)] } ?? t).littleEndian, toByteOffset: 4 * k, as: UInt32.self)
                    }
                }
                w.append(raw)
                w.append(Array(corpus.weights[range]))
            }
            try AtomicFile.write(w.bytes, to: sectionPath(folder, s))
        }
    }
}
