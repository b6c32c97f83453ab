/// ISO 8601 / RFC 3339 dates as editors and feeds write them in front matter.
public enum ISODate {
    /// Parses `2026-02-06T09:30:00Z`, `2026-02-06T09:30:00.250+01:00`, `2026-02-06 09:30`,
    /// `2026-02-06T09:30` or `2026-02-06`. A time without an offset is read in `zone`.
    public static func parse(_ text: String, in zone: SiteTimeZone) -> Timestamp? {
        var p = Scanner(Array(text.utf8))
        guard let y = p.digits(4), p.eat(UInt8(ascii: "-")), let mo = p.digits(2), p.eat(UInt8(ascii: "-")),
              let d = p.digits(2), (1...12).contains(mo), (1...daysInMonth(y, mo)).contains(d) else { return nil }
        if p.atEnd { return zone.timestamp(year: y, month: mo, day: d) }
        guard p.eat(UInt8(ascii: "T")) || p.eat(UInt8(ascii: "t")) || p.eat(UInt8(ascii: " ")),
              let h = p.digits(2), p.eat(UInt8(ascii: ":")), let mi = p.digits(2), h < 24, mi < 60 else { return nil }
        var s = 0
        if p.eat(UInt8(ascii: ":")) {
            guard let sec = p.digits(2), sec <= 60 else { return nil }
            s = min(sec, 59)
            if p.eat(UInt8(ascii: ".")) || p.eat(UInt8(ascii: ",")) {
                guard p.skipDigits() > 0 else { return nil }
            }
        }
        if p.atEnd { return zone.timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s) }
        var offset = 0
        if p.eat(UInt8(ascii: "Z")) || p.eat(UInt8(ascii: "z")) {
        } else {
            let sign: Int
            if p.eat(UInt8(ascii: "+")) { sign = 1 } else if p.eat(UInt8(ascii: "-")) { sign = -1 } else { return nil }
            guard let oh = p.digits(2), oh <= 14 else { return nil }
            let om = p.eat(UInt8(ascii: ":")) ? p.digits(2) : (p.atEnd ? 0 : p.digits(2))
            guard let om else { return nil }
            guard om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        }
        guard p.atEnd else { return nil }
        let naive = Int64(daysFromCivil(y, mo, d)) * 86_400 + Int64(h * 3600 + mi * 60 + s)
        return naive - Int64(offset)
    }

    /// `2026-02-06T09:30:00Z`.
    public static func utc(_ t: Timestamp) -> String { format(CivilTime(t, offset: 0)) }

    /// `2026-02-06T09:30:00+01:00` (or `Z` at offset 0), the wall time in the site's zone.
    public static func format(_ c: CivilTime) -> String {
        var s = "\(pad4(c.year))-\(pad2(c.month))-\(pad2(c.day))T\(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second))"
        if c.offset == 0 { s += "Z"; return s }
        let a = abs(c.offset)
        s += (c.offset < 0 ? "-" : "+") + pad2(a / 3600) + ":" + pad2(a / 60 % 60)
        return s
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        init(_ b: [UInt8]) { bytes = b }
        var atEnd: Bool { i == bytes.count }
        mutating func eat(_ c: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }
        mutating func digits(_ n: Int) -> Int? {
            guard i + n <= bytes.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = bytes[k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        mutating func skipDigits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }
            return i - start
        }
    }
}

/// RFC 822/1123 dates for RSS `pubDate`, always in English and at +0000 as readers expect.
public enum RFC822Date {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(_ t: Timestamp) -> String {
        let c = CivilTime(t, offset: 0)
        return "\(days[c.weekday]), \(pad2(c.day)) \(months[c.month - 1]) \(pad4(c.year)) \(pad2(c.hour)):\(pad2(c.minute)):\(pad2(c.second)) +0000"
    }
}
