import Foundation

/// The site's time zone: every day boundary and every displayed time goes through it.
public struct SiteTimeZone: Sendable {
    public let identifier: String
    private let zone: TimeZone

    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    public static let utc = SiteTimeZone(identifier: "UTC")!

    public func offset(at t: Timestamp) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    public func civil(_ t: Timestamp) -> CivilTime { CivilTime(t, offset: offset(at: t)) }

    public func day(of t: Timestamp) -> Day { civil(t).day_ }

    /// The instant a wall-clock time happens here (the later one in a DST fold).
    public func timestamp(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Timestamp {
        let naive = Int64(daysFromCivil(year, month, day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        var guess = naive - Int64(offset(at: naive))
        guess = naive - Int64(offset(at: guess))
        return guess
    }

    /// First instant of a day here.
    public func start(of d: Day) -> Timestamp { timestamp(year: d.year, month: d.month, day: d.day) }
}
