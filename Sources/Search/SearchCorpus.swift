import Content
import Foundation
import KiosqueCore

/// The terms of some articles, over one vocabulary, in their order: article `i`'s distinct
/// terms are `terms[offsets[i]..<offsets[i + 1]]`, each with its weight (BM25's
/// term-frequency part over the weighted fields, 1...63). Flat arrays: a clean build analyses
/// the whole archive, millions of postings.
public struct SearchCorpus: Sendable {
    public let vocabulary: [String]
    public let offsets: [Int]
    public let terms: [UInt32]
    public let weights: [UInt8]

    /// How much a word weighs by where it is: a title word counts as four body words.
    static let weights = (title: 4, summary: 2, tags: 2, sector: 1, body: 1)
    /// BM25's constants, with a fixed length pivot instead of the corpus's mean length (which
    /// would change every posting of the index with every article added).
    static let k1 = 1.2, b = 0.75, pivot = 500.0

    /// The terms of `articles` (body from the file when the content cache holds none).
    public static func make(articles: [Article], config: Config) -> SearchCorpus {
        // Analysed in a few large parts, each with its own stemmer and memo (news repeats its
        // words), then the parts' vocabularies merged.
        let parts = Swift.min(articles.count, 16)
        let analysed = Parallel.map(parts) { p -> (words: [String], terms: [[(UInt32, UInt8)]]) in
            var analyzer = FrenchAnalyzer()
            var counts = TermCounts()
            let terms = stride(from: p, to: articles.count, by: parts).map { k in
                let a = articles[k]
                return analyse(a, body: ContentLoader.body(of: a, root: config.root),
                               sectorName: config.sector(a.sector)?.name ?? a.sector, analyzer: &analyzer, counts: &counts)
            }
            return (analyzer.vocabulary, terms)
        }
        var vocabulary: [String] = []
        var known: [String: UInt32] = [:]
        var byArticle = [(terms: [UInt32], weights: [UInt8])](repeating: ([], []), count: articles.count)
        for (p, part) in analysed.enumerated() {
            let map = part.words.map { w in
                known[w] ?? {
                    vocabulary.append(w)
                    known[w] = UInt32(vocabulary.count - 1)
                    return UInt32(vocabulary.count - 1)
                }()
            }
            for (k, list) in zip(stride(from: p, to: articles.count, by: parts), part.terms) {
                byArticle[k] = (list.map { map[Int($0.0)] }, list.map(\.1))
            }
        }
        var offsets = [0], terms: [UInt32] = [], weights: [UInt8] = []
        offsets.reserveCapacity(articles.count + 1)
        for a in byArticle {
            terms.append(contentsOf: a.terms)
            weights.append(contentsOf: a.weights)
            offsets.append(terms.count)
        }
        return SearchCorpus(vocabulary: vocabulary, offsets: offsets, terms: terms, weights: weights)
    }

    /// An article's terms (ids into the analyzer's vocabulary) and their weights, filters
    /// included (`#s:` its sector, `#t:` each tag).
    static func analyse(_ a: Article, body: String, sectorName: String, analyzer: inout FrenchAnalyzer,
                        counts: inout TermCounts) -> [(UInt32, UInt8)] {
        var length = 0
        func add(_ text: String, _ weight: Int) {
            analyzer.termIDs(text) { id in
                counts.add(id, weight)
                length += weight
            }
        }
        add(a.title, weights.title)
        add(a.summary, weights.summary)
        add(a.tags.joined(separator: "\n"), weights.tags)
        add(sectorName, weights.sector)
        add(MarkdownText.prose(body), weights.body)
        let norm = k1 * (1 - b + b * Double(length) / pivot)
        var out = counts.take().map { id, tf -> (UInt32, UInt8) in
            let w = Double(tf) / (Double(tf) + norm)
            return (UInt32(id), UInt8(Swift.max(1, Swift.min(63, (w * 63).rounded()))))
        }
        out.append((UInt32(analyzer.id(of: "#s:" + a.sector)), 1))
        for slug in Set(a.tags.map { Slug.make($0, maxLength: 60) }).sorted() where !slug.isEmpty {
            out.append((UInt32(analyzer.id(of: "#t:" + slug)), 1))
        }
        return out
    }
}

/// An article's term frequencies, by term id: one array for every article an analyzer
/// reads (ids are dense), where a dictionary a time was a tenth of the analysis.
struct TermCounts {
    private var counts: [Int] = []
    private var seen: [Int32] = []

    mutating func add(_ id: Int32, _ weight: Int) {
        let i = Int(id)
        if i >= counts.count { counts += [Int](repeating: 0, count: Swift.max(i + 1 - counts.count, counts.count)) }
        if counts[i] == 0 { seen.append(id) }
        counts[i] += weight
    }

    /// The counts so far, by ascending id; then none.
    mutating func take() -> [(id: Int32, count: Int)] {
        seen.sort()
        defer {
            for id in seen { counts[Int(id)] = 0 }
            seen.removeAll(keepingCapacity: true)
        }
        return seen.map { ($0, counts[Int($0)]) }
    }
}

/// The words of a CommonMark body, without what a reader does not read: link targets and
/// bare URLs.
enum MarkdownText {
    static func prose(_ markdown: String) -> String {
        var markdown = markdown
        return markdown.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            func at(_ k: Int, _ s: StaticString) -> Bool {
                let n = s.utf8CodeUnitCount
                guard k + n <= bytes.count else { return false }
                return (0..<n).allSatisfy { bytes[k + $0] == s.utf8Start[$0] }
            }
            func skip(until end: UInt8) { while i < bytes.count, bytes[i] != end, bytes[i] != 0x0A { i += 1 } }
            while i < bytes.count {
                // The first byte tested alone: `at` on every byte was a sixth of the analysis.
                if bytes[i] == UInt8(ascii: "]"), at(i, "](") {
                    skip(until: UInt8(ascii: ")"))
                } else if bytes[i] == UInt8(ascii: "h"), at(i, "http://") || at(i, "https://") {
                    skip(until: UInt8(ascii: " "))
                }
                if i < bytes.count { out.append(bytes[i] == UInt8(ascii: ")") || bytes[i] == UInt8(ascii: ">") ? 0x20 : bytes[i]) }
                i += 1
            }
            // Cut and replaced at ASCII bytes only: still the valid UTF-8 it was.
            return out.withUnsafeBufferPointer { String(trustedUTF8: $0) }
        }
    }
}
