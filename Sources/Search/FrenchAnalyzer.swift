import Foundation

/// Text to search terms, the French way: case folded, elisions split off (`l’`, `qu’`,
/// `jusqu’`…), accents folded, stop words dropped, Snowball's French stem. Accents go before
/// the stem: readers type `assemblee` for `assemblée`, and the stemmer must see both the
/// same (with them, `-ée` and `-e` are different suffixes). `search.js` does exactly the
/// same to a query, to the letter: a test runs both.
public struct FrenchAnalyzer {
    /// Dropped before an apostrophe: `l’économie` is `économie`.
    public static let elisions: Set<String> = ["l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"]

    /// Snowball's French stop words (articles, pronouns, prepositions, forms of être and
    /// avoir), folded: `meme` is dropped like `même`. Words that carry news are not here:
    /// `or` is gold, `pays`, `taux`, `fin` are kept.
    public static let stopWords: Set<String> = Set("""
        a ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez aurions aurons auront aux avaient \
        avais avait avec avez aviez avions avons ayant ayante ayantes ayants ayez ayons c ce ceci cela celle celles celui ces \
        cet cette ceux d dans de des du elle elles en es est et etaient etais etait etant etante etantes etants ete etee etees \
        etes etiez etions eu eue eues eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux fumes furent fus \
        fusse fussent fusses fussiez fussions fut futes il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n \
        ne nos notre nous on ont ou par pas pour qu que quel quelle quelles quels qui s sa sans se sera serai seraient serais \
        serait seras serez seriez serions serons seront ses si soi soient sois soit sommes son sont soyez soyons suis sur t ta \
        te tes toi ton tu un une vos votre vous y
        """.split(separator: " ").map(String.init))

    /// Words longer than this are not words (hashes, tracking codes).
    public static let maxLength = 30

    private let stemmer = FrenchStemmer()
    /// The terms met so far, by id.
    public private(set) var vocabulary: [String] = []
    private var ids: [String: Int32] = [:]
    /// Lowercase word -> its term's id, or -1 for a stop word: news repeats its words.
    private var memo = WordMemo()

    public init() {}

    /// The terms of `text`, in order, repeats included.
    public mutating func terms(_ text: String) -> [String] {
        var ids: [Int32] = []
        termIDs(text) { ids.append($0) }
        return ids.map { vocabulary[Int($0)] }
    }

    /// Calls `each` with the id (into `vocabulary`) of every term of `text`, in order. Read on
    /// UTF-8 bytes, a word lowercased on its own (`search.js` lowercases the whole query, which
    /// gives the same words: a lowercase letter that is not a word character splits the word).
    public mutating func termIDs(_ text: String, _ each: (Int32) -> Void) {
        var text = text
        // NFC, as a query is: a text with no combining mark (UTF-8 lead bytes 0xCC, 0xCD) is already.
        if text.withUTF8({ $0.contains { $0 == 0xCC || $0 == 0xCD } }) { text = text.precomposedStringWithCanonicalMapping }
        text.withUTF8 { termIDs(in: $0, each) }
    }

    private mutating func termIDs(in u: UnsafeBufferPointer<UInt8>, _ each: (Int32) -> Void) {
        var i = 0
        while i < u.count {
            var (isWord, length) = Self.wordCharacter(u, i)
            guard isWord else { i += length; continue }
            let start = i
            var ascii = true, number = false, count = 0
            while i < u.count {
                (isWord, length) = Self.wordCharacter(u, i)
                if !isWord, let joiner = Self.numberJoiner(u, i) {
                    (isWord, length, number) = (true, joiner, true)
                }
                guard isWord else { break }
                ascii = ascii && length == 1
                i += length
                count += 1
            }
            let apostrophe = Self.apostrophe(u, i)
            let elidable = apostrophe > 0 && i + apostrophe < u.count && Self.wordCharacter(u, i + apostrophe).isWord
            if number {
                // `1 750`, `10,5`, `10.5`: one word, `1750`, `10,5`, `10,5`.
                var bytes: [UInt8] = []
                var k = start
                while k < i {
                    if let joiner = Self.numberJoiner(u, k) {
                        if u[k] == 0x2C || u[k] == 0x2E { bytes.append(0x2C) }
                        k += joiner
                    } else {
                        bytes.append(u[k])
                        k += 1
                    }
                }
                let word = String(decoding: bytes, as: UTF8.self).lowercased()
                if word.unicodeScalars.count <= Self.maxLength { add(word, elidable: elidable, each) }
            } else if ascii || Self.latin1(u, start, i) {
                guard count <= Self.maxLength else { continue }
                let n = i - start
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { word in
                    for k in 0..<n { word[k] = Self.lowercase(u, start + k) }
                    add(UnsafeBufferPointer(word), elidable: elidable, each)
                }
            } else {
                let lower = String(decoding: UnsafeBufferPointer(rebasing: u[start..<i]), as: UTF8.self).lowercased()
                let pieces = lower.unicodeScalars.split { !Self.isWordCharacter($0) }
                for (k, piece) in pieces.enumerated() where piece.count <= Self.maxLength {
                    add(String(String.UnicodeScalarView(piece)), elidable: elidable && k == pieces.count - 1, each)
                }
            }
        }
    }

    /// The id of a term, new or not (the index's filters are terms too).
    public mutating func id(of term: String) -> Int32 {
        if let id = ids[term] { return id }
        vocabulary.append(term)
        ids[term] = Int32(vocabulary.count - 1)
        return Int32(vocabulary.count - 1)
    }

    private mutating func add(_ word: String, elidable: Bool, _ each: (Int32) -> Void) {
        var word = word
        word.withUTF8 { add($0, elidable: elidable, each) }
    }

    /// `word`: lowercase UTF-8, looked up by its bytes (a String key would be hashed in NFC).
    private mutating func add(_ word: UnsafeBufferPointer<UInt8>, elidable: Bool, _ each: (Int32) -> Void) {
        if elidable && word.count <= 7 && Self.elisions.contains(String(decoding: word, as: UTF8.self)) { return }
        let hash = WordMemo.hash(word)
        let id: Int32
        if let known = memo.find(word, hash) {
            id = known
        } else {
            let folded = Self.fold(String(decoding: word, as: UTF8.self))
            id = Self.stopWords.contains(folded) ? -1 : self.id(of: stemmer.stem(folded))
            memo.insert(word, hash, id)
        }
        if id >= 0 { each(id) }
    }

    /// Whether the character at `i` is a letter or digit, and its length in bytes. Latin-1 and
    /// Latin Extended letters (French accents) answered without a table look-up.
    @inline(__always) static func wordCharacter(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> (isWord: Bool, length: Int) {
        let b = u[i]
        if b < 0x80 { return (b >= 0x61 && b <= 0x7A || b >= 0x41 && b <= 0x5A || b >= 0x30 && b <= 0x39, 1) }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length { v = v << 6 | UInt32(u[i + k] & 0x3F) }
        if v >= 0xC0 && v <= 0x24F { return (v != 0xD7 && v != 0xF7, length) }
        return (isWordCharacter(Unicode.Scalar(v) ?? " "), length)
    }

    /// Whether the letters of `u[start..<end]` are ASCII, Latin-1 (`C3 xx`) or `Œ œ`: French
    /// words, lowercased byte by byte (`lowercase`) the way `String.lowercased()` does.
    @inline(__always) static func latin1(_ u: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start
        while k < end {
            let b = u[k]
            if b < 0x80 { k += 1; continue }
            guard b == 0xC3 || b == 0xC5 && (u[k + 1] == 0x92 || u[k + 1] == 0x93) else { return false }
            k += 2
        }
        return true
    }

    /// The lowercase of the byte at `i` of an ASCII or `latin1` word: `A-Z`, `À-Þ` (but `×`,
    /// not a letter) and `Œ` each move by one step in their block.
    @inline(__always) static func lowercase(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8 {
        let b = u[i]
        if b < 0x80 { return b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
        guard i > 0, b < 0xC0 else { return b }
        switch u[i - 1] {
        case 0xC3 where b >= 0x80 && b <= 0x9E && b != 0x97: return b + 0x20
        case 0xC5 where b == 0x92: return 0x93
        default: return b
        }
    }

    /// The length of the separator at `i` inside a number (a comma, a point, a no-break or
    /// narrow no-break space between two ASCII digits), or nil.
    @inline(__always) static func numberJoiner(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i > 0, u[i - 1] >= 0x30 && u[i - 1] <= 0x39 else { return nil }
        let length: Int
        switch u[i] {
        case 0x2C, 0x2E: length = 1
        case 0xC2 where i + 1 < u.count && u[i + 1] == 0xA0: length = 2
        case 0xE2 where i + 2 < u.count && u[i + 1] == 0x80 && u[i + 2] == 0xAF: length = 3
        default: return nil
        }
        return i + length < u.count && u[i + length] >= 0x30 && u[i + length] <= 0x39 ? length : nil
    }

    /// The length of the apostrophe at `i` (`'` or `’`), or 0.
    @inline(__always) static func apostrophe(_ u: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i < u.count else { return 0 }
        if u[i] == 0x27 { return 1 }
        return i + 2 < u.count && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0x99 ? 3 : 0
    }

    /// Accents and ligatures folded: `économie` -> `economie`, `œuvre` -> `oeuvre`.
    public static func fold(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        var out = String.UnicodeScalarView()
        for u in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch u.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default:
                if u == "œ" { out.append(contentsOf: "oe".unicodeScalars) } else if u == "æ" { out.append(contentsOf: "ae".unicodeScalars) } else { out.append(u) }
            }
        }
        return String(out)
    }

    /// A letter or a digit, in any script (`search.js`: `[\p{L}\p{N}]`).
    @inline(__always) static func isWordCharacter(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x80 {
            return (0x61...0x7A).contains(u.value) || (0x30...0x39).contains(u.value) || (0x41...0x5A).contains(u.value)
        }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }
}

/// Words (bytes) to ids, in one open-addressed table: the analysis looks up every word of
/// the archive, millions, and most are short and repeated.
struct WordMemo {
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var entries: [(start: Int32, count: Int32, hash: UInt64, id: Int32)] = []
    private var bytes: [UInt8] = []

    /// FNV-1a.
    @inline(__always) static func hash(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in word { h = (h ^ UInt64(b)) &* 0x0100_0000_01B3 }
        return h
    }

    func find(_ word: UnsafeBufferPointer<UInt8>, _ hash: UInt64) -> Int32? {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i] >= 0 {
            let e = entries[Int(slots[i])]
            if e.hash == hash && Int(e.count) == word.count
                && bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + Int(e.start), word.baseAddress!, word.count) == 0 }) {
                return e.id
            }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, _ hash: UInt64, _ id: Int32) {
        if (entries.count + 1) * 2 > slots.count { grow() }
        entries.append((Int32(bytes.count), Int32(word.count), hash, id))
        bytes.append(contentsOf: word)
        place(Int32(entries.count - 1))
    }

    private mutating func place(_ entry: Int32) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: entries[Int(entry)].hash) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = entry
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for e in entries.indices { place(Int32(e)) }
    }
}
