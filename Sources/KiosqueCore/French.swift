/// French dates as a French newspaper prints them. Foundation's formatter says "1 mai";
/// the press says "1er mai", so the words are spelled here.
public enum French {
    public static let weekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]
    public static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                "août", "septembre", "octobre", "novembre", "décembre"]

    /// "1er", "2", ... "31".
    public static func dayOrdinal(_ d: Int) -> String { d == 1 ? "1er" : String(d) }

    /// "1er mai".
    public static func dayMonth(_ d: Day) -> String { "\(dayOrdinal(d.day)) \(months[d.month - 1])" }

    /// "6 février 2026".
    public static func date(_ d: Day) -> String { "\(dayMonth(d)) \(d.year)" }

    /// "vendredi 6 février 2026".
    public static func longDate(_ d: Day) -> String { "\(weekdays[d.weekday]) \(date(d))" }

    /// "28 nov.", as lists of headlines print it.
    public static func shortDayMonth(_ d: Day) -> String { "\(dayOrdinal(d.day)) \(shortMonths[d.month - 1])" }
    static let shortMonths = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]

    /// "février 2026".
    public static func monthYear(year: Int, month: Int) -> String { "\(months[month - 1]) \(year)" }

    /// "9 h 30", the typographic convention of the French press, with its no-break spaces.
    public static func time(_ c: CivilTime) -> String { FrenchTypography.text("\(c.hour) h \(pad2(c.minute))") }

    /// "vendredi 6 février 2026 à 9 h 30".
    public static func longDateTime(_ c: CivilTime) -> String { "\(longDate(c.day_)) à \(time(c))" }
}
