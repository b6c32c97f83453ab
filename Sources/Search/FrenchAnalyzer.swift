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
    /// Lowercase word -> its term, or "" for a stop word: news repeats its words.
    private var memo: [String: String] = [:]

    public init() {}

    /// Calls `each` with every term of `text`, in order, repeats included.
    public mutating func terms(_ text: String, _ each: (String) -> Void) {
        let scalars = Self.normalized(text).lowercased().unicodeScalars
        var i = scalars.startIndex
        let end = scalars.endIndex
        while i < end {
            guard Self.isWordCharacter(scalars[i]) else { i = scalars.index(after: i); continue }
            let start = i
            var length = 0
            while i < end, Self.isWordCharacter(scalars[i]) {
                i = scalars.index(after: i)
                length += 1
            }
            guard length <= Self.maxLength else { continue }
            let word = String(scalars[start..<i])
            if i < end, scalars[i] == "'" || scalars[i] == "\u{2019}" {
                let next = scalars.index(after: i)
                if next < end, Self.isWordCharacter(scalars[next]), Self.elisions.contains(word) { continue }
            }
            let term = self.term(word)
            if !term.isEmpty { each(term) }
        }
    }

    /// The terms of `text`, in order.
    public mutating func terms(_ text: String) -> [String] {
        var out: [String] = []
        terms(text) { out.append($0) }
        return out
    }

    /// A word's term: "" for a stop word.
    mutating func term(_ word: String) -> String {
        if let known = memo[word] { return known }
        let folded = Self.fold(word)
        let term = Self.stopWords.contains(folded) ? "" : stemmer.stem(folded)
        memo[word] = term
        return term
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

    /// NFC, as a query is: a text with no combining mark (UTF-8 lead bytes 0xCC, 0xCD) is already.
    static func normalized(_ text: String) -> String {
        text.utf8.contains { $0 == 0xCC || $0 == 0xCD } ? text.precomposedStringWithCanonicalMapping : text
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
