import Glibc

/// A postings bucket, kept as its very file (state and file are the same bytes): a line a
/// term, in byte order, `term<TAB>count gaps weights<LF>`, the gaps between the ids of its
/// articles (ascending; the first from 0), one weight a posting. Numbers in base 32: a digit
/// is `0` + 5 bits, plus 32 when more digits follow, low digits first; a weight is one
/// character, `0` + 1...63. So the weights are the line's last `count` bytes, and no byte of
/// a line is a tab or a line feed but its two separators.
///
/// Edited in place, line by line: one added article touches hundreds of buckets of
/// thousands of postings each, and in each only the lines of its own terms change.
struct PostingsShard: SearchShard {
    private(set) var text: [UInt8] = []

    init() {}

    init(state: [UInt8]) throws {
        guard state.isEmpty || state.last == 0x0A else { throw Malformed() }
        text = state
    }

    var state: [UInt8] { text }

    func file() -> [UInt8] { text }

    /// Appends a term's line: terms in byte order, ids ascending (how a bucket is made from scratch).
    mutating func append(term: some Collection<UInt8>, ids: some Collection<Int>, weights: some Collection<UInt8>) {
        text.append(contentsOf: term)
        text.append(0x09)
        Self.base32(ids.count, &text)
        var last = 0
        for id in ids {
            Self.base32(id - last, &text)
            last = id
        }
        for w in weights { text.append(0x30 + w) }
        text.append(0x0A)
    }

    static func base32(_ value: Int, _ out: inout [UInt8]) {
        var v = value
        repeat {
            let digit = UInt8(v & 31)
            v >>= 5
            out.append(0x30 + digit + (v > 0 ? 32 : 0))
        } while v > 0
    }

    /// One line, by the offsets of its parts.
    private struct Line {
        var start: Int
        var count: Int
        /// Where the count starts, and the gaps, the weights and the line feed.
        var countStart: Int, gaps: Int, weights: Int, end: Int
    }

    private func line(at start: Int) -> Line {
        text.withUnsafeBufferPointer { p in
            let base = p.baseAddress!
            let tab = UnsafePointer<UInt8>(memchr(base + start, 0x09, p.count - start)!.assumingMemoryBound(to: UInt8.self)) - base
            let end = UnsafePointer<UInt8>(memchr(base + tab, 0x0A, p.count - tab)!.assumingMemoryBound(to: UInt8.self)) - base
            var i = tab + 1
            let count = Self.readBase32(p, &i)
            return Line(start: start, count: count, countStart: tab + 1, gaps: i, weights: end - count, end: end)
        }
    }

    @inline(__always) private static func readBase32(_ p: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
        var v = 0, shift = 0
        while true {
            let c = Int(p[i]) - 0x30
            i += 1
            v |= (c & 31) &<< shift
            if c & 32 == 0 { return v }
            shift += 5
        }
    }

    /// The line of `term`, or where it would go.
    private func find(_ term: [UInt8]) -> (start: Int, found: Bool) {
        text.withUnsafeBufferPointer { p in
            term.withUnsafeBufferPointer { t in
                var start = 0
                while start < p.count {
                    let tab = UnsafePointer<UInt8>(memchr(p.baseAddress! + start, 0x09, p.count - start)!.assumingMemoryBound(to: UInt8.self)) - p.baseAddress!
                    let n = tab - start
                    let c = memcmp(p.baseAddress! + start, t.baseAddress!, Swift.min(n, t.count))
                    if c > 0 || (c == 0 && n >= t.count) { return (start, c == 0 && n == t.count) }
                    let end = UnsafePointer<UInt8>(memchr(p.baseAddress! + tab, 0x0A, p.count - tab)!.assumingMemoryBound(to: UInt8.self)) - p.baseAddress!
                    start = end + 1
                }
                return (p.count, false)
            }
        }
    }

    /// The ids of a line, up to the first one at or past `id`: that posting's index, the offset
    /// of its gap, and the id before it (0 for none).
    private func seek(_ l: Line, _ id: Int) -> (index: Int, at: Int, before: Int) {
        text.withUnsafeBufferPointer { p in
            // Most often `id` is past them all (a new article): their sum, digit by digit, says so.
            var last = 0, shift = 0
            for i in l.gaps..<l.weights {
                let c = Int(p[i]) &- 0x30
                last &+= (c & 31) &<< shift
                shift = (shift &+ 5) & (0 &- (c &>> 5 & 1))
            }
            if last < id { return (l.count, l.weights, last) }
            var i = l.gaps, acc = 0, k = 0
            while k < l.count {
                var j = i
                let gap = Self.readBase32(p, &j)
                if acc + gap >= id { break }
                acc += gap
                i = j
                k += 1
            }
            return (k, i, acc)
        }
    }

    /// Replaces the line `l` by `term`'s line of `count` postings: the gaps of `l` before
    /// `at`, then `middle`, then its gaps from `resume`; its weights with `weights` changed.
    private mutating func rewrite(_ l: Line, count: Int, at: Int, middle: [UInt8], resume: Int,
                                  weights: (inout [UInt8]) -> Void) {
        guard count > 0 else {
            text.removeSubrange(l.start...l.end)
            return
        }
        var w = Array(text[l.weights..<l.end])
        weights(&w)
        var tail: [UInt8] = []
        tail.reserveCapacity(l.end - l.countStart + middle.count + 8)
        Self.base32(count, &tail)
        tail.append(contentsOf: text[l.gaps..<at])
        tail.append(contentsOf: middle)
        tail.append(contentsOf: text[resume..<l.weights])
        tail.append(contentsOf: w)
        text.replaceSubrange(l.countStart..<l.end, with: tail)
    }

    /// Adds the posting of article `id` (not yet in the line) to `term`'s line.
    mutating func add(term: [UInt8], id: Int, weight: UInt8) {
        let (start, found) = find(term)
        guard found else {
            var new = PostingsShard()
            new.append(term: term, ids: [id], weights: [weight])
            text.insert(contentsOf: new.text, at: start)
            return
        }
        let l = line(at: start)
        let (k, at, before) = seek(l, id)
        var middle: [UInt8] = []
        Self.base32(id - before, &middle)
        var resume = at
        if k < l.count {
            // The next posting's gap now counts from `id`.
            let next = text.withUnsafeBufferPointer { p in before + Self.readBase32(p, &resume) }
            Self.base32(next - id, &middle)
        }
        rewrite(l, count: l.count + 1, at: at, middle: middle, resume: resume) { $0.insert(0x30 + weight, at: k) }
    }

    /// Takes article `id`'s postings out; `changed` gets each term that loses one.
    mutating func remove(id: Int, changed: ([UInt8]) -> Void) {
        var start = 0
        while start < text.count {
            let l = line(at: start)
            let (k, at, before) = seek(l, id)
            var resume = at
            let found = k < l.count && text.withUnsafeBufferPointer { p in before + Self.readBase32(p, &resume) } == id
            guard found else {
                start = l.end + 1
                continue
            }
            changed(Array(text[l.start..<(l.countStart - 1)]))
            var middle: [UInt8] = []
            if k + 1 < l.count {
                // The next posting's gap now counts from the one before.
                let next = text.withUnsafeBufferPointer { p in id + Self.readBase32(p, &resume) }
                Self.base32(next - before, &middle)
            }
            let length = text.count
            rewrite(l, count: l.count - 1, at: at, middle: middle, resume: resume) { $0.remove(at: k) }
            start = l.end + 1 - (length - text.count)
        }
    }

    /// Every line, read whole.
    var lines: [(term: [UInt8], ids: [Int], weights: [UInt8])] {
        var out: [(term: [UInt8], ids: [Int], weights: [UInt8])] = []
        var start = 0
        while start < text.count {
            let l = line(at: start)
            var ids = [Int](), acc = 0, i = l.gaps
            ids.reserveCapacity(l.count)
            text.withUnsafeBufferPointer { p in
                for _ in 0..<l.count {
                    acc += Self.readBase32(p, &i)
                    ids.append(acc)
                }
            }
            out.append((Array(text[l.start..<(l.countStart - 1)]), ids, text[l.weights..<l.end].map { $0 - 0x30 }))
            start = l.end + 1
        }
        return out
    }
}
