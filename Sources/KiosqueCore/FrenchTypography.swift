/// French typesetting of plain text, as a French newspaper prints it: the spaces a line must
/// not break at, curly apostrophes and French quotation marks. README.md ("French typography")
/// lists the rules; `FrenchTypographyTests` holds them as cases.
///
/// Code, URLs and e-mail addresses are left exactly as written: a code span between
/// backticks, and any word (a run of characters between spaces) that contains `://`, starts
/// with `www.`, or holds a character or pair only code uses (`@ = { } < > \ | _ ^ #`, `++`,
/// `::`, `->`, `()`, an entity `&…;`, a `;` inside the word, `$` before a letter).
public enum FrenchTypography {
    /// `s` typeset. Applying it again changes nothing; a text with nothing to change comes
    /// back as it is, without a copy.
    public static func text(_ s: String) -> String {
        var s = s
        let out = s.withUTF8 { bytes -> [UInt8]? in
            var setter = Typesetter(englishQuotesPair: Typesetter.englishQuoteBalance(bytes) == 0)
            return setter.typeset(bytes)
        }
        return out.map { String(decoding: $0, as: UTF8.self) } ?? s
    }

    /// The units a number keeps on its line (a no-break space between them), after a space:
    /// currencies, amounts, measures, hours. `%` and `‰`, and `€ $ £ ¥` written against the
    /// number, get their space whether it was there or not.
    public static let units: Set<String> = [
        "€", "$", "£", "¥", "FCFA", "CFA", "F", "XOF", "XAF", "EUR", "USD", "GBP", "CHF", "JPY", "CNY", "NGN", "GHS", "MAD",
        "M€", "Md€", "Mds€", "M$", "Md$", "k€", "M", "Md", "Mds", "Mrd", "Mrds", "k",
        "million", "millions", "milliard", "milliards", "billion", "billions",
        "km", "km²", "m", "m²", "m³", "cm", "mm", "ha", "kg", "g", "t", "kt", "Mt",
        "kW", "MW", "GW", "kWh", "MWh", "GWh", "TWh", "°C", "°", "h", "min", "pb", "pts",
    ]

    /// The rules over a text given in pieces: the text nodes of a paragraph, between which
    /// emphasis, links and code spans sit. What a piece ends with (the last character, the
    /// quotations still open) carries over to the next one.
    public struct Typesetter {
        /// The last character of what came before (0: nothing).
        var previous: UInt32 = 0
        /// Open quotations, the innermost in the low bit: 1 for « », 0 for “ ”.
        var quotes: UInt64 = 0
        var depth = 0
        /// Whether “ ” pair up in the whole text, so that the outer ones can become « ».
        let englishQuotesPair: Bool

        /// `englishQuotesPair`: the text has as many “ as ” (see `englishQuoteBalance`); an
        /// unmatched one (a quotation cut short) is left as written.
        public init(englishQuotesPair: Bool) { self.englishQuotesPair = englishQuotesPair }

        /// Opening minus closing English quotation marks in `piece`.
        public static func englishQuoteBalance(_ piece: UnsafeBufferPointer<UInt8>) -> Int {
            var balance = 0, i = 0
            while i + 2 < piece.count {
                if piece[i] == 0xE2 && piece[i + 1] == 0x80 {
                    if piece[i + 2] == 0x9C { balance += 1 } else if piece[i + 2] == 0x9D { balance -= 1 }
                }
                i += 1
            }
            return balance
        }

        /// `piece` typeset (UTF-8), or nil when nothing in it changes.
        public mutating func typeset(_ piece: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
            var pass = Pass(piece, self)
            pass.run()
            self = pass.state
            return pass.changed ? pass.out : nil
        }

        /// A piece that stays as written (a code span) but that the next piece follows.
        public mutating func skip(_ piece: UnsafeBufferPointer<UInt8>) {
            if !piece.isEmpty { previous = Scalars.last(piece) }
        }

        /// A line break inside the block: a space, as far as the rules go.
        public mutating func lineBreak() { previous = 0x20 }
    }
}

private enum Bytes {
    static let nbsp: [UInt8] = [0xC2, 0xA0]
    static let narrow: [UInt8] = [0xE2, 0x80, 0xAF]
    static let apostrophe: [UInt8] = [0xE2, 0x80, 0x99]
    static let open: [UInt8] = [0xC2, 0xAB]
    static let close: [UInt8] = [0xC2, 0xBB]
    static let openNarrow: [UInt8] = [0xC2, 0xAB, 0xE2, 0x80, 0xAF]
    static let narrowClose: [UInt8] = [0xE2, 0x80, 0xAF, 0xC2, 0xBB]
    static let englishOpen: [UInt8] = [0xE2, 0x80, 0x9C]
    static let englishClose: [UInt8] = [0xE2, 0x80, 0x9D]
}

/// Unicode scalars, as the rules classify them.
private enum Scalars {
    static let open: UInt32 = 0xAB, close: UInt32 = 0xBB, englishOpen: UInt32 = 0x201C, englishClose: UInt32 = 0x201D

    static func isSpace(_ c: UInt32) -> Bool { c == 0x20 || c == 0xA0 || c == 0x202F || c == 0x2009 }
    static func isDigit(_ c: UInt32) -> Bool { c &- 0x30 < 10 }

    static func isLetter(_ c: UInt32) -> Bool {
        if c < 0x80 { return (c | 0x20) &- 0x61 < 26 }
        if c < 0xC0 { return c == 0xAA || c == 0xB5 || c == 0xBA }
        if c <= 0x24F { return c != 0xD7 && c != 0xF7 }
        return Unicode.Scalar(c)?.properties.isAlphabetic ?? false
    }

    /// What `; ! ? :` can follow without a space in between (which is then added).
    static func endsWord(_ c: UInt32) -> Bool {
        if isLetter(c) || isDigit(c) { return true }
        switch c {
        case 0x29, 0x5D, 0x22, 0x27, 0x2E, 0x25, 0x24, 0x60, close, englishClose, 0x2019, 0x2026, 0x20AC: return true
        default: return false
        }
    }

    /// Before an opening quotation mark.
    static func opensAfter(_ c: UInt32) -> Bool {
        switch c {
        case 0x28, 0x5B, 0x7B, 0x2F, 0x2D, open, englishOpen, 0x2018, 0x2013, 0x2014: return true
        default: return false
        }
    }

    /// What may follow a punctuation mark, a unit or `%` (for them to be one).
    static func isBoundary(_ c: UInt32) -> Bool {
        if isSpace(c) || c == 0x0A || c == 0x09 || c == 0x0D { return true }
        switch c {
        case 0x21, 0x3F, 0x3B, 0x3A, 0x2E, 0x2C, 0x29, 0x5D, 0x7D, 0x22, 0x2F, close, englishClose, 0x2019, 0x2026: return true
        default: return false
        }
    }

    /// Letters and signs a unit is spelled with.
    static func inUnit(_ c: UInt32) -> Bool {
        (c | 0x20) &- 0x61 < 26 || c == 0x20AC || c == 0x24 || c == 0xA3 || c == 0xA5 || c == 0xB0 || c == 0xB2 || c == 0xB3
    }

    /// The scalar starting at `i` and its length in bytes (U+FFFD for a stray byte).
    static func at(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b = UInt32(p[i])
        if b < 0x80 { return (b, 1) }
        let n = p.count
        if b & 0xE0 == 0xC0, i + 1 < n { return ((b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b & 0xF0 == 0xE0, i + 2 < n { return ((b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        if b & 0xF8 == 0xF0, i + 3 < n {
            return ((b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The scalar that ends just before byte `i` (`i` > 0).
    static func before(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var j = i - 1
        while j > 0 && i - j < 4 && p[j] & 0xC0 == 0x80 { j -= 1 }
        return at(p, j).0
    }

    static func last(_ p: UnsafeBufferPointer<UInt8>) -> UInt32 { before(p, p.count) }
}

/// One piece, in one pass over its bytes. Nothing is copied until the first change.
private struct Pass {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    var state: FrenchTypography.Typesetter
    var out: [UInt8] = []
    var changed = false
    /// Input bytes before this index are in `out` already.
    var copied = 0
    /// The last character replaced, and where it ended: what `before(i)` sees there.
    var replacedEnd = -1
    var replacedBy: UInt32 = 0
    /// Where the last unit that got its no-break space ends ("3 000 F CFA", "9 h 30").
    var unitEnd = -1
    var unitIsHour = false
    /// Whether straight double quotes pair up in this piece (nil: not counted yet).
    var straightQuotesPair: Bool?
    /// The last word checked for code, and its verdict.
    var word = (start: -1, end: -1, code: false)

    init(_ p: UnsafeBufferPointer<UInt8>, _ state: FrenchTypography.Typesetter) {
        self.p = p
        n = p.count
        self.state = state
    }

    /// ASCII bytes a rule starts at, one bit each: space ! " $ % ' 0-9 : ; ? (the backtick is
    /// above 0x40). A literal: a computed static would be checked for initialisation at every byte.
    private static let specialLow: UInt64 = 1 << 0x20 | 1 << 0x21 | 1 << 0x22 | 1 << 0x24 | 1 << 0x25 | 1 << 0x27
        | 0x3FF << 0x30 | 1 << 0x3A | 1 << 0x3B | 1 << 0x3F

    mutating func run() {
        if n == 0 { return }
        if state.previous == Scalars.open && spaceLength(0) == 0 && !isClose(0) { replace(0, 0, Bytes.narrow) }
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x40 {
                if Self.specialLow & (1 << UInt64(b)) == 0 { i += 1; continue }
                switch b {
                case 0x20: i = spaces(i)
                case 0x22: i = straightQuote(i)
                case 0x27: i = apostrophe(i)
                case 0x3B, 0x21, 0x3F: i = punctuation(i, Bytes.narrow)
                case 0x3A: i = punctuation(i, Bytes.nbsp)
                case 0x25, 0x24: i = glued(i, 1)
                default: i = number(i)
                }
            } else if b < 0x80 {
                i = b == 0x60 ? codeSpan(i) : i + 1
            } else if b == 0xC2 && i + 1 < n {
                switch p[i + 1] {
                case 0xA0: i = spaces(i)
                case 0xAB: i = openGuillemet(i)
                case 0xBB: i = closeGuillemet(i)
                case 0xA3, 0xA5: i = glued(i, 2)
                default: i += 2
                }
            } else if b == 0xE2 && i + 2 < n {
                switch (p[i + 1], p[i + 2]) {
                case (0x80, 0xAF), (0x80, 0x89): i = spaces(i)
                case (0x80, 0x9C): i = englishOpen(i)
                case (0x80, 0x9D): i = englishClose(i)
                case (0x80, 0xB0), (0x82, 0xAC): i = glued(i, 3)
                default: i += 3
                }
            } else {
                i += Scalars.at(p, i).1
            }
        }
        if changed { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<n])) }
        state.previous = changed ? out.withUnsafeBufferPointer(Scalars.last) : Scalars.last(p)
    }

    // MARK: output

    mutating func replace(_ from: Int, _ to: Int, _ bytes: [UInt8]) {
        if !changed {
            changed = true
            out.reserveCapacity(n + n / 8 + 8)
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: p[copied..<from]))
        out.append(contentsOf: bytes)
        copied = to
    }

    /// Replaces the character at `from..<to` with `bytes`, which end with `scalar`.
    mutating func replaceCharacter(_ from: Int, _ to: Int, _ bytes: [UInt8], _ scalar: UInt32) {
        replace(from, to, bytes)
        replacedEnd = to
        replacedBy = scalar
    }

    // MARK: reading

    /// The character before byte `i`, as written out (0 at the very start).
    func before(_ i: Int) -> UInt32 {
        if i == replacedEnd { return replacedBy }
        return i == 0 ? state.previous : Scalars.before(p, i)
    }

    func scalar(_ i: Int) -> UInt32 { i < n ? Scalars.at(p, i).0 : 0 }

    func spaceLength(_ i: Int) -> Int {
        guard i < n else { return 0 }
        switch p[i] {
        case 0x20: return 1
        case 0xC2: return i + 1 < n && p[i + 1] == 0xA0 ? 2 : 0
        case 0xE2: return i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0xAF || p[i + 2] == 0x89) ? 3 : 0
        default: return 0
        }
    }

    func isDigit(_ i: Int) -> Bool { i < n && p[i] &- 0x30 < 10 }
    func isClose(_ i: Int) -> Bool { i + 1 < n && p[i] == 0xC2 && p[i + 1] == 0xBB }

    /// The end of the piece, or a space or punctuation after a mark, a unit or `%`.
    func boundary(_ i: Int) -> Bool { i >= n || Scalars.isBoundary(scalar(i)) }

    /// `; ! ? :` at `i` used as punctuation: followed by a space, the end or more punctuation.
    func punctuates(_ i: Int) -> Bool { boundary(i + 1) || p[i + 1] == 0x27 }

    var frenchQuoteOpen: Bool { state.depth > 0 && state.quotes & 1 == 1 }

    mutating func push(french: Bool) {
        state.quotes = state.quotes << 1 | (french ? 1 : 0)
        state.depth += 1
    }

    mutating func pop() {
        guard state.depth > 0 else { return }
        state.quotes >>= 1
        state.depth -= 1
    }

    // MARK: code

    /// Where the word around byte `i` ends, when it is code, a URL or an address (left as written).
    mutating func codeWord(_ i: Int) -> Int? {
        if i >= word.start && i < word.end { return word.code ? word.end : nil }
        var start = i
        while start > 0 && !(p[start - 1] == 0x20 || isSpaceEnd(start)) { start -= 1 }
        var end = i
        while end < n && spaceLength(end) == 0 { end += 1 }
        word = (start, end, Self.looksLikeCode(UnsafeBufferPointer(rebasing: p[start..<end])))
        return word.code ? end : nil
    }

    /// Whether a no-break or thin space ends just before `i`.
    func isSpaceEnd(_ i: Int) -> Bool {
        (i >= 2 && p[i - 2] == 0xC2 && p[i - 1] == 0xA0) || (i >= 3 && p[i - 3] == 0xE2 && p[i - 2] == 0x80 && (p[i - 1] == 0xAF || p[i - 1] == 0x89))
    }

    static func looksLikeCode(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = w.count
        if n >= 4 && w[0] == 0x77 && w[1] == 0x77 && w[2] == 0x77 && w[3] == 0x2E { return true }  // www.
        var ampersand = false
        for k in 0..<n {
            let c = w[k], next: UInt8 = k + 1 < n ? w[k + 1] : 0
            switch c {
            case 0x40, 0x3D, 0x7B, 0x7D, 0x3C, 0x3E, 0x5C, 0x7C, 0x5F, 0x5E, 0x23: return true
            case 0x3A where next == 0x3A || (next == 0x2F && k + 2 < n && w[k + 2] == 0x2F): return true
            case 0x2B where next == 0x2B: return true
            case 0x2D where next == 0x3E: return true
            case 0x28 where next == 0x29: return true
            case 0x24 where (next | 0x20) &- 0x61 < 26: return true
            case 0x26: ampersand = true
            case 0x3B where ampersand || k + 1 < n: return true
            default: break
            }
        }
        return false
    }

    /// A code span between backtick runs of the same length: copied as it is.
    func codeSpan(_ i: Int) -> Int {
        var k = i
        while k < n && p[k] == 0x60 { k += 1 }
        let ticks = k - i
        while k < n {
            guard p[k] == 0x60 else { k += 1; continue }
            var e = k
            while e < n && p[e] == 0x60 { e += 1 }
            if e - k == ticks { return e }
            k = e
        }
        return i + ticks
    }

    // MARK: rules

    /// A run of spaces: one narrow no-break space before `; ! ? »` and after `«`, one
    /// no-break space before `:`, `%` and a unit after a number; other runs stay.
    mutating func spaces(_ i: Int) -> Int {
        var j = i
        while case let l = spaceLength(j), l > 0 { j += l }
        let prior = before(i)
        guard prior != 0 else { return j }
        let next = scalar(j)
        var space: [UInt8]?
        if prior == Scalars.open {
            space = Bytes.narrow
        } else if next == 0x3B || next == 0x21 || next == 0x3F {
            if punctuates(j) { space = Bytes.narrow }
        } else if next == 0x3A {
            if punctuates(j) { space = Bytes.nbsp }
        } else if next == Scalars.close || (next == Scalars.englishClose && frenchQuoteOpen) {
            space = Bytes.narrow
        } else if Scalars.isDigit(prior) && (next == 0x25 || next == 0x2030) {
            if boundary(j + (next == 0x25 ? 1 : 3)) { space = Bytes.nbsp }
        } else if Scalars.isDigit(prior) || i == unitEnd {
            if let end = unit(j) {
                space = Bytes.nbsp
                unitIsHour = end.hour
                unitEnd = end.end
            } else if i == unitEnd && unitIsHour && isDigit(j) && isDigit(j + 1) && !isDigit(j + 2) && boundary(j + 2) {
                space = Bytes.nbsp
            }
        }
        if let space, !(j - i == space.count && p[i + space.count - 1] == space[space.count - 1]) {
            replace(i, j, space)
        }
        return j
    }

    /// The unit word at `i`, if it is one of `units`, and where it ends.
    func unit(_ i: Int) -> (end: Int, hour: Bool)? {
        var k = i
        while k < n, case let (c, l) = Scalars.at(p, k), Scalars.inUnit(c) { k += l }
        guard k > i, k - i <= 9, boundary(k) else { return nil }
        let word = String(decoding: UnsafeBufferPointer(rebasing: p[i..<k]), as: UTF8.self)
        guard FrenchTypography.units.contains(word) else { return nil }
        return (k, k - i == 1 && p[i] == 0x68)
    }

    /// `; ! ? :` right after a word: the space it needs.
    mutating func punctuation(_ i: Int, _ space: [UInt8]) -> Int {
        let prior = before(i)
        guard prior != 0, Scalars.endsWord(prior), punctuates(i) else { return i + 1 }
        if let end = codeWord(i) { return end }
        replace(i, i, space)
        return i + 1
    }

    /// `%`, `‰`, `$`, `£`, `¥` or `€` against a number: a no-break space before it.
    mutating func glued(_ i: Int, _ length: Int) -> Int {
        guard Scalars.isDigit(before(i)), boundary(i + length) else { return i + length }
        if let end = codeWord(i) { return end }
        replace(i, i, Bytes.nbsp)
        return i + length
    }

    /// `'` between letters (l'UEMOA, aujourd'hui, d'1,5 %): the curly apostrophe.
    mutating func apostrophe(_ i: Int) -> Int {
        let next = scalar(i + 1)
        guard Scalars.isLetter(before(i)),
              Scalars.isLetter(next) || Scalars.isDigit(next) || next == Scalars.open || next == 0x22 || next == Scalars.englishOpen
        else { return i + 1 }
        if let end = codeWord(i) { return end }
        replaceCharacter(i, i + 1, Bytes.apostrophe, 0x2019)
        return i + 1
    }

    /// `"`: « » at the outer level, “ ” inside; left alone when they do not pair up.
    mutating func straightQuote(_ i: Int) -> Int {
        if straightQuotesPair == nil {
            var count = 0
            for k in i..<n where p[k] == 0x22 { count += 1 }
            straightQuotesPair = count % 2 == 0
        }
        guard straightQuotesPair == true else { return i + 1 }
        let prior = before(i), next = scalar(i + 1)
        let opening = (prior == 0 || Scalars.isSpace(prior) || Scalars.opensAfter(prior)) && next != 0 && !Scalars.isSpace(next)
        let closing = !opening && prior != 0 && !Scalars.isSpace(prior)
        guard opening || (closing && state.depth > 0) else { return i + 1 }
        if let end = codeWord(i) { return end }
        if opening {
            if state.depth == 0 {
                replaceCharacter(i, i + 1, Bytes.openNarrow, 0x202F)
                replacedBy = Scalars.open
            } else {
                replaceCharacter(i, i + 1, Bytes.englishOpen, Scalars.englishOpen)
            }
            push(french: state.depth == 0)
        } else {
            if frenchQuoteOpen {
                replaceCharacter(i, i + 1, Bytes.narrowClose, Scalars.close)
            } else {
                replaceCharacter(i, i + 1, Bytes.englishClose, Scalars.englishClose)
            }
            pop()
        }
        return i + 1
    }

    /// `«`: a narrow no-break space after it.
    mutating func openGuillemet(_ i: Int) -> Int {
        let k = i + 2
        if k < n && spaceLength(k) == 0 && !isClose(k) {
            if let end = codeWord(i) { return end }
            replace(k, k, Bytes.narrow)
        }
        push(french: true)
        return k
    }

    /// `»`: a narrow no-break space before it.
    mutating func closeGuillemet(_ i: Int) -> Int {
        let prior = before(i)
        if prior != 0 && !Scalars.isSpace(prior) && prior != Scalars.open {
            if let end = codeWord(i) { return end }
            replace(i, i, Bytes.narrow)
        }
        if frenchQuoteOpen { pop() }
        return i + 2
    }

    /// `“` at the outer level becomes `«`; inside a quotation it stays.
    mutating func englishOpen(_ i: Int) -> Int {
        let k = i + 3
        guard state.depth == 0, state.englishQuotesPair else {
            push(french: false)
            return k
        }
        if let end = codeWord(i) { return end }
        let spaced = k < n && spaceLength(k) == 0 && !isClose(k)
        replaceCharacter(i, k, spaced ? Bytes.openNarrow : Bytes.open, spaced ? 0x202F : Scalars.open)
        replacedBy = Scalars.open
        push(french: true)
        return k
    }

    /// `”` closing a `«` becomes `»`; closing a `“` it stays.
    mutating func englishClose(_ i: Int) -> Int {
        let k = i + 3
        guard frenchQuoteOpen else {
            pop()
            return k
        }
        if let end = codeWord(i) { return end }
        let prior = before(i)
        let spaced = prior != 0 && !Scalars.isSpace(prior) && prior != Scalars.open
        replaceCharacter(i, k, spaced ? Bytes.narrowClose : Bytes.close, Scalars.close)
        pop()
        return k
    }

    /// A number: narrow no-break spaces between its groups of three digits ("1 000 000",
    /// and "15000" becomes "15 000"). Left as written: four digits (years), a number that
    /// starts with 0 or `+` or follows a letter, a dot, a comma (decimals), a slash or a
    /// hyphen (phones, references, versions), or that runs into a letter, `.5`, `:30`, `-`,
    /// `/`, or more groups of digits.
    mutating func number(_ i: Int) -> Int {
        var e = i
        while isDigit(e) { e += 1 }
        guard p[i] != 0x30, startsNumber(i) else { return e }
        var k = e, groups = 0
        if e - i <= 3 {
            while case let s = spaceLength(k), s > 0, isDigit(k + s + 2), !isDigit(k + s + 3),
                  isDigit(k + s), isDigit(k + s + 1) {
                k += s + 3
                groups += 1
            }
        }
        guard groups > 0 || e - i >= 5 else { return e }
        guard endsNumber(k) else { return k }
        if groups > 0 {
            var m = e
            while m < k {
                let s = spaceLength(m)
                if s != 3 || p[m + 2] != 0xAF {
                    if let end = codeWord(i) { return end }
                    replace(m, m + s, Bytes.narrow)
                }
                m += s + 3
            }
        } else {
            if let end = codeWord(i) { return end }
            var m = i + ((e - i) % 3 == 0 ? 3 : (e - i) % 3)
            while m < e {
                replace(m, m, Bytes.narrow)
                m += 3
            }
        }
        return k
    }

    func startsNumber(_ i: Int) -> Bool {
        let prior = before(i)
        if prior == 0 || Scalars.isSpace(prior) { return true }
        switch prior {
        case 0x28, 0x5B, 0x22, Scalars.open, Scalars.englishOpen, 0x2018: return true
        case 0x2D, 0x2212:  // a minus sign, not a hyphen inside a reference
            let sign = i - (prior == 0x2D ? 1 : 3)
            let b = before(sign)
            return b == 0 || Scalars.isSpace(b) || b == 0x28
        default: return false
        }
    }

    func endsNumber(_ k: Int) -> Bool {
        guard k < n else { return true }
        let c = scalar(k)
        if Scalars.isLetter(c) { return false }
        switch c {
        case 0x2E, 0x3A: return !isDigit(k + 1)
        case 0x2D, 0x2F, 0x5F, 0x40: return false
        default:
            let s = spaceLength(k)
            return s == 0 || !isDigit(k + s)
        }
    }
}
