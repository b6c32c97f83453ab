/// Seconds since 1970-01-01T00:00:00Z. Plain integers keep sorting, grouping and formatting
/// of tens of thousands of dates free of Foundation's slow calendar paths.
public typealias Timestamp = Int64

/// A civil date and time, as read on a wall clock in some time zone.
public struct CivilTime: Sendable, Hashable, Comparable {
    public var year: Int, month: Int, day: Int
    public var hour: Int, minute: Int, second: Int
    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int
    /// The UTC offset in seconds that produced this wall time.
    public var offset: Int

    public init(_ t: Timestamp, offset: Int) {
        let local = t + Int64(offset)
        let days = Int(floorDiv(local, 86_400))
        let secs = Int(local - Int64(days) * 86_400)
        (year, month, day) = civilFromDays(days)
        hour = secs / 3600
        minute = secs / 60 % 60
        second = secs % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        self.offset = offset
    }

    public var day_: Day { Day(year: year, month: month, day: day) }

    public static func < (a: CivilTime, b: CivilTime) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }
}

/// A calendar day, the unit of the date pages and of the digest.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...daysInMonth(y, m)).contains(d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// `2026/02/06`: the path segment used by articles and date pages.
    public var path: String { "\(pad4(year))/\(pad2(month))/\(pad2(day))" }
    /// `2026-02-06`.
    public var description: String { "\(pad4(year))-\(pad2(month))-\(pad2(day))" }
    public var daysSinceEpoch: Int { daysFromCivil(year, month, day) }
    public var weekday: Int { ((daysSinceEpoch % 7) + 11) % 7 }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian).
func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

func daysInMonth(_ y: Int, _ m: Int) -> Int {
    switch m {
    case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

@inline(__always) func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
@inline(__always) func pad4(_ n: Int) -> String {
    let s = String(n)
    return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
}

extension Day {
    /// Days in a month of the proleptic Gregorian calendar.
    public static func count(inMonth month: Int, year: Int) -> Int { daysInMonth(year, month) }
}
