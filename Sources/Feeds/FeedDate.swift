import HTML
import KiosqueCore

/// Dates as feeds write them, normalised to UTC: RFC 822 (with or without seconds, numeric
/// or named zones, two-digit years), ISO 8601 / W3C-DTF, and the French dates of French CMSs
/// ("ven., 06 févr. 2026 09:30:00 +0000"). A date without a zone is read as UTC.
public enum FeedDate {
    public static func parse(_ raw: String) -> Timestamp? {
        let text = raw.trimmingWhitespace
        guard !text.isEmpty else { return nil }
        if text.utf8.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }) && text.utf8.count >= 4 {
            return iso(text)
        }
        return usualRFC822(text) ?? rfc822(text)
    }

    /// The form nearly every RSS feed writes, "Fri, 06 Feb 2026 09:30:00 +0000" (or GMT),
    /// read in place; any other form goes to `rfc822`, which splits and folds.
    static func usualRFC822(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { b -> Timestamp? in
            guard b.count >= 28, b[3] == 44, b[4] == 32, b[7] == 32, b[11] == 32, b[16] == 32, b[19] == 58, b[22] == 58,
                  b[25] == 32 else { return nil }
            func number(_ at: Int, _ digits: Int) -> Int? {
                var v = 0
                for i in at..<at + digits {
                    let d = b[i] &- 48
                    guard d < 10 else { return nil }
                    v = v * 10 + Int(d)
                }
                return v
            }
            let name = (UInt32(b[8] | 0x20) << 16) | (UInt32(b[9] | 0x20) << 8) | UInt32(b[10] | 0x20)
            guard let month = englishMonths.firstIndex(of: name).map({ $0 + 1 }),
                  let day = number(5, 2), let year = number(12, 4), let h = number(17, 2), let mi = number(20, 2),
                  let s = number(23, 2), day >= 1, day <= Day.count(inMonth: month, year: year), h < 24, mi < 60 else { return nil }
            var offset = 0
            let zone = UnsafeBufferPointer(rebasing: b[26...])
            if zone.count == 5, zone[0] == 43 || zone[0] == 45, let hhmm = number(27, 4), hhmm / 100 <= 14, hhmm % 100 < 60 {
                offset = (zone[0] == 45 ? -1 : 1) * (hhmm / 100 * 3600 + hhmm % 100 * 60)
            } else if !(zone.elementsEqual("GMT".utf8) || zone.elementsEqual("UTC".utf8) || zone.elementsEqual("UT".utf8)) {
                return nil
            }
            return SiteTimeZone.utc.timestamp(year: year, month: month, day: day, hour: h, minute: mi, second: min(s, 59))
                - Timestamp(offset)
        }
    }

    /// "jan" … "dec" packed in three bytes, lowercase.
    private static let englishMonths: [UInt32] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { $0.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    /// ISO 8601 and its W3C-DTF profile (`2026`, `2026-02`, `2026-02-06T09:30:00+0100`).
    static func iso(_ text: String) -> Timestamp? {
        if let t = ISODate.parse(text, in: .utc) { return t }
        let parts = text.split(separator: "-")
        if parts.count == 1, text.count == 4, let y = Int(text) {
            return SiteTimeZone.utc.timestamp(year: y, month: 1, day: 1)
        }
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) {
            return SiteTimeZone.utc.timestamp(year: y, month: m, day: 1)
        }
        // "2026-02-06 09:30:00 +0100": a space before the offset.
        if let space = text.lastIndex(of: " "), let t = ISODate.parse(String(text[..<space]) + text[text.index(after: space)...], in: .utc) {
            return t
        }
        // "2006-01-17T12:35:9+01:00", "…03:18:00+00:0": a field of the time or of the offset
        // written with one digit.
        if let padded = paddingTime(text), padded != text { return ISODate.parse(padded, in: .utc) }
        return nil
    }

    /// An ISO date whose time and offset fields are each on two digits; nil when it has no time.
    private static func paddingTime(_ text: String) -> String? {
        let chars = Array(text)
        guard chars.count > 11, chars[10] == "T" || chars[10] == " " || chars[10] == "t" else { return nil }
        func padded(_ part: ArraySlice<Character>) -> String? {
            let fields = String(part).split(separator: ":", omittingEmptySubsequences: false)
            guard fields.allSatisfy({ (1...2).contains($0.count) }) else { return nil }
            return fields.map { $0.count == 1 ? "0" + $0 : String($0) }.joined(separator: ":")
        }
        let digitsOrColon = { (c: Character) in c.isASCII && (c.isNumber || c == ":") }
        let timeEnd = chars[11...].firstIndex { !digitsOrColon($0) } ?? chars.endIndex
        guard let time = padded(chars[11..<timeEnd]), (2...3).contains(time.split(separator: ":").count) else { return nil }
        var out = String(chars[...10]) + time
        var rest = chars[timeEnd...]
        if rest.first == "." || rest.first == "," {  // a fraction of a second
            let end = rest.dropFirst().firstIndex { !$0.isNumber } ?? chars.endIndex
            out += String(rest[..<end])
            rest = chars[end...]
        }
        if let sign = rest.first, sign == "+" || sign == "-", let zone = padded(rest.dropFirst()) {
            return out + String(sign) + zone
        }
        return out + String(rest)
    }

    static func rfc822(_ text: String) -> Timestamp? {
        var tokens = (text.utf8.allSatisfy { $0 < 0x80 } ? text : Slug.asciiFold(text)).lowercased()
            .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" })
            .map { $0.hasSuffix(".") ? String($0.dropLast()) : String($0) }
        // "mar" is Tuesday in French and March in English: a weekday is followed by a day
        // and a month name, a month by a day and a year.
        while let first = tokens.first, weekdays.contains(first),
              !(months[first] != nil && tokens.count > 2 && Int(tokens[2]) != nil) { tokens.removeFirst() }
        guard tokens.count >= 3 else { return nil }

        var day: Int?, month: Int?, year: Int?
        if let m = months[tokens[0]] {  // "Feb 6 2026"
            month = m
            day = Int(tokens[1])
        } else {
            day = Int(tokens[0])
            month = months[tokens[1]]
        }
        year = Int(tokens[2])
        guard let d = day, let mo = month, var y = year, tokens[2].count == 2 || tokens[2].count == 4 else { return nil }
        if tokens[2].count == 2 { y += y < 50 ? 2000 : 1900 }
        guard (1...Day.count(inMonth: mo, year: y)).contains(d) else { return nil }

        var h = 0, mi = 0, s = 0, offset = 0
        var rest = tokens.dropFirst(3)
        if rest.first == "a" { rest = rest.dropFirst() }  // "6 février 2026 à 9h30"
        if let time = rest.first {
            let fields = time.split(whereSeparator: { $0 == ":" || $0 == "h" }).map { Int($0) }
            guard fields.count >= 2, fields.count <= 3, fields.allSatisfy({ $0 != nil }) else { return nil }
            h = fields[0]!
            mi = fields[1]!
            s = fields.count == 3 ? min(fields[2]!, 59) : 0
            guard h < 24, mi < 60 else { return nil }
            rest = rest.dropFirst()
            if let zone = rest.first { offset = zoneOffset(zone) ?? 0 }
        }
        return SiteTimeZone.utc.timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s) - Timestamp(offset)
    }

    /// `+0100`, `-05:00`, `GMT`, `EST`…; nil when unknown (read as UTC).
    static func zoneOffset(_ zone: String) -> Int? {
        if let sign = zone.first, sign == "+" || sign == "-" {
            let digits = zone.dropFirst().filter { $0 != ":" }
            guard digits.count == 4 || digits.count == 2, let v = Int(digits) else { return nil }
            let (hh, mm) = digits.count == 4 ? (v / 100, v % 100) : (v, 0)
            guard hh <= 14, mm < 60 else { return nil }
            return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
        }
        return namedZones[zone].map { $0 * 3600 }
    }

    private static let namedZones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0, "wat": 1, "bst": 1, "cet": 1, "met": 1, "cest": 2, "mest": 2,
        "eet": 2, "eest": 3, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    ]

    private static let weekdays: Set<String> = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "lun", "mar", "mer", "jeu", "ven", "sam", "dim", "lundi", "mardi", "mercredi", "jeudi",
        "vendredi", "samedi", "dimanche",
    ]

    /// English and French month names and abbreviations, accents folded.
    private static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let names: [[String]] = [
            ["jan", "january", "janv", "janvier"], ["feb", "february", "fev", "fevr", "fevrier"],
            ["mar", "march", "mars"], ["apr", "april", "avr", "avril"], ["may", "mai"], ["jun", "june", "juin"],
            ["jul", "july", "juil", "juillet"], ["aug", "august", "aou", "aout"],
            ["sep", "sept", "september", "septembre"], ["oct", "october", "octobre"],
            ["nov", "november", "novembre"], ["dec", "december", "decembre"],
        ]
        for (i, list) in names.enumerated() { for n in list { m[n] = i + 1 } }
        return m
    }()
}
