import Foundation
import KiosqueCore
import Testing

@Suite("French dates, ISO 8601, RFC 822, slugs")
struct FrenchDateTests {
    let paris = SiteTimeZone(identifier: "Europe/Paris")!
    let abidjan = SiteTimeZone(identifier: "Africa/Abidjan")!

    // MARK: French

    @Test func longDateHasWeekdayDayMonthAndYear() {
        #expect(French.longDate(Day(year: 2026, month: 2, day: 6)) == "vendredi 6 février 2026")
        #expect(French.longDate(Day(year: 2026, month: 11, day: 29)) == "dimanche 29 novembre 2026")
        #expect(French.longDate(Day(year: 2024, month: 2, day: 29)) == "jeudi 29 février 2024")
        #expect(French.longDate(Day(year: 1970, month: 1, day: 1)) == "jeudi 1er janvier 1970")
    }

    @Test func firstOfTheMonthIsPremier() {
        #expect(French.dayMonth(Day(year: 2026, month: 5, day: 1)) == "1er mai")
        #expect(French.date(Day(year: 2027, month: 1, day: 1)) == "1er janvier 2027")
        #expect(French.dayMonth(Day(year: 2026, month: 5, day: 2)) == "2 mai")
        #expect(French.dayMonth(Day(year: 2026, month: 8, day: 11)) == "11 août")
        #expect(French.dayMonth(Day(year: 2026, month: 12, day: 31)) == "31 décembre")
        #expect(French.dayOrdinal(1) == "1er")
        #expect(French.dayOrdinal(21) == "21")
    }

    @Test func timeIsWrittenTheFrenchPressWay() {
        let t = abidjan.civil(ts("2026-02-06T09:05:00Z"))
        // No-break spaces: "9 h" never ends a line.
        #expect(French.time(t) == "9\u{A0}h\u{A0}05")
        #expect(French.time(abidjan.civil(ts("2026-02-06T00:00:00Z"))) == "0\u{A0}h\u{A0}00")
        #expect(French.time(abidjan.civil(ts("2026-02-06T23:59:59Z"))) == "23\u{A0}h\u{A0}59")
        #expect(French.longDateTime(paris.civil(ts("2026-02-06T08:30:00Z"))) == "vendredi 6 février 2026 à 9\u{A0}h\u{A0}30")
        #expect(French.monthYear(year: 2026, month: 2) == "février 2026")
    }

    @Test func weekdaysMatchFoundation() {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        for offsetDays in stride(from: -800, through: 800, by: 37) {
            let t = ts("2026-02-06T12:00:00Z") + Timestamp(offsetDays) * 86_400
            let c = CivilTime(t, offset: 0)
            let date = Date(timeIntervalSince1970: TimeInterval(t))
            let comps = cal.dateComponents([.year, .month, .day, .weekday], from: date)
            #expect(c.year == comps.year && c.month == comps.month && c.day == comps.day)
            #expect(c.weekday == comps.weekday! - 1)
            #expect(c.day_.weekday == c.weekday)
        }
    }

    // MARK: ISO 8601

    @Test func isoParsesUTCAndOffsets() {
        #expect(ISODate.parse("2026-02-06T09:30:00Z", in: paris) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T09:30:00z", in: paris) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T10:30:00+01:00", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T10:30:00+0100", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T04:30:00-05:00", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T09:30:00.250Z", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T10:30:00.123456+01:00", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06 09:30", in: abidjan) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06T09:30", in: abidjan) == 1_770_370_200)
    }

    @Test func isoWithoutOffsetIsReadInTheZone() {
        #expect(ISODate.parse("2026-02-06T10:30:00", in: paris) == 1_770_370_200)
        #expect(ISODate.parse("2026-02-06", in: paris) == ts("2026-02-05T23:00:00Z"))
        #expect(ISODate.parse("2026-02-06", in: abidjan) == ts("2026-02-06T00:00:00Z"))
        // Summer time in Paris.
        #expect(ISODate.parse("2026-07-01T12:00:00", in: paris) == ts("2026-07-01T10:00:00Z"))
    }

    @Test(arguments: ["", "hier", "2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-02-00",
                      "2026-2-6", "2026-02-06T25:00", "2026-02-06T09:60", "2026-02-06T09:30:00+25:00",
                      "2026-02-06T09:30:00 Z", "2026-02-06T09:30:00Zjunk", "2026-02-06T09", "2026-02-06T09:30:00.",
                      "06/02/2026", " 2026-02-06", "2026-02-06T09:30:00+01:00:00"])
    func isoRejectsGarbage(_ text: String) {
        #expect(ISODate.parse(text, in: abidjan) == nil)
    }

    @Test func isoRejectsADanglingOffsetColon() {
        #expect(ISODate.parse("2026-02-06T10:30:00+01:", in: abidjan) == nil)
        #expect(ISODate.parse("2026-02-06T10:30:00+01:0", in: abidjan) == nil)
    }

    @Test func wallClockTimesAcrossDaylightSavingChanges() {
        // 2026-10-25 02:30 happens twice in Paris: the later one (CET) is taken.
        #expect(paris.timestamp(year: 2026, month: 10, day: 25, hour: 2, minute: 30) == ts("2026-10-25T01:30:00Z"))
        #expect(paris.timestamp(year: 2026, month: 10, day: 25, hour: 12) == ts("2026-10-25T11:00:00Z"))
        #expect(paris.timestamp(year: 2026, month: 3, day: 29, hour: 12) == ts("2026-03-29T10:00:00Z"))
        #expect(paris.start(of: Day(year: 2026, month: 3, day: 29)) == ts("2026-03-28T23:00:00Z"))
        #expect(paris.day(of: ts("2026-03-29T21:59:59Z")) == Day(year: 2026, month: 3, day: 29))
        #expect(paris.day(of: ts("2026-03-29T22:00:00Z")) == Day(year: 2026, month: 3, day: 30))
    }

    @Test func isoAcceptsLeapDays() {
        #expect(ISODate.parse("2024-02-29", in: abidjan) == ts("2024-02-29T00:00:00Z"))
        #expect(ISODate.parse("2000-02-29", in: abidjan) != nil)
        #expect(ISODate.parse("1900-02-29", in: abidjan) == nil)
    }

    @Test func isoFormatsRoundTrip() {
        let t = ts("2026-02-06T09:30:00Z")
        #expect(ISODate.utc(t) == "2026-02-06T09:30:00Z")
        #expect(ISODate.format(paris.civil(t)) == "2026-02-06T10:30:00+01:00")
        #expect(ISODate.format(abidjan.civil(t)) == "2026-02-06T09:30:00Z")
        #expect(ISODate.format(SiteTimeZone(identifier: "America/St_Johns")!.civil(t)) == "2026-02-06T06:00:00-03:30")
        #expect(ISODate.parse(ISODate.format(paris.civil(t)), in: abidjan) == t)
    }

    // MARK: RFC 822

    @Test func rfc822IsEnglishAtUTC() {
        #expect(RFC822Date.format(ts("2026-02-06T09:30:00Z")) == "Fri, 06 Feb 2026 09:30:00 +0000")
        #expect(RFC822Date.format(ts("2026-02-06T10:30:00+01:00")) == "Fri, 06 Feb 2026 09:30:00 +0000")
        #expect(RFC822Date.format(ts("2027-01-01T00:00:05Z")) == "Fri, 01 Jan 2027 00:00:05 +0000")
        #expect(RFC822Date.format(ts("2026-11-29T23:59:59Z")) == "Sun, 29 Nov 2026 23:59:59 +0000")
    }

    @Test func rfc822MatchesFoundationsFormatter() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        for t in stride(from: ts("2025-12-30T17:03:11Z"), to: ts("2027-01-05T00:00:00Z"), by: 86_400 * 11 + 3_607) {
            #expect(RFC822Date.format(t) == f.string(from: Date(timeIntervalSince1970: TimeInterval(t))))
        }
    }

    // MARK: Time zones and days

    @Test func dayBoundariesFollowTheZone() {
        let t = ts("2026-02-06T23:30:00Z")
        #expect(abidjan.day(of: t) == Day(year: 2026, month: 2, day: 6))
        #expect(paris.day(of: t) == Day(year: 2026, month: 2, day: 7))
        #expect(paris.start(of: Day(year: 2026, month: 2, day: 7)) == ts("2026-02-06T23:00:00Z"))
        #expect(paris.offset(at: t) == 3600)
        #expect(paris.offset(at: ts("2026-07-01T00:00:00Z")) == 7200)
        #expect(SiteTimeZone(identifier: "Nowhere/Land") == nil)
        #expect(SiteTimeZone.utc.offset(at: t) == 0)
    }

    @Test func dayPathsAndParsing() {
        let d = Day(year: 2026, month: 2, day: 6)
        #expect(d.path == "2026/02/06")
        #expect(d.description == "2026-02-06")
        #expect(Day(iso: "2026-02-06") == d)
        #expect(Day(iso: "2026-02-30") == nil)
        #expect(Day(iso: "2026-2-6") == nil)
        #expect(Day(iso: "x") == nil)
        #expect(Day(year: 2026, month: 2, day: 6) < Day(year: 2026, month: 2, day: 7))
        #expect(Day(year: 2025, month: 12, day: 31) < Day(year: 2026, month: 1, day: 1))
        #expect(Day.count(inMonth: 2, year: 2024) == 29)
        #expect(Day.count(inMonth: 2, year: 2026) == 28)
        #expect(Day.count(inMonth: 4, year: 2026) == 30)
    }

    @Test func civilTimeOfNegativeTimestamps() {
        let c = CivilTime(-1, offset: 0)
        #expect(c.year == 1969 && c.month == 12 && c.day == 31)
        #expect(c.hour == 23 && c.minute == 59 && c.second == 59)
        #expect(c.weekday == 3)  // Wednesday
    }

    // MARK: Slugs

    @Test func slugFoldsFrenchText() {
        #expect(Slug.make("Côte d'Ivoire : l'œuvre à 3,25 %") == "cote-d-ivoire-l-oeuvre-a-3-25")
        #expect(Slug.make("Œuvre été Æsop") == "oeuvre-ete-aesop")
        #expect(Slug.make("  --Déjà vu--  ") == "deja-vu")
        #expect(Slug.make("L’économie") == "l-economie")
        #expect(Slug.make("BRVM : +2,5 % !") == "brvm-2-5")
        #expect(Slug.make("") == "")
    }

    @Test func slugRespectsMaxLengthAndCutsAtAWord() {
        let title = "La Banque centrale des États de l'Afrique de l'Ouest relève son taux directeur de vingt-cinq points de base"
        let s = Slug.make(title)
        #expect(s.count <= 80)
        #expect(!s.hasSuffix("-"))
        #expect(Slug.isValid(s))
        #expect("la-banque-centrale-des-etats-de-l-afrique-de-l-ouest-releve-son-taux-directeur-de-vingt".hasPrefix(s))
        let short = Slug.make(title, maxLength: 20)
        #expect(short.count <= 20)
        #expect(short == "la-banque-centrale")
        // One long word: cut in the word.
        #expect(Slug.make(String(repeating: "a", count: 100), maxLength: 10) == String(repeating: "a", count: 10))
    }

    @Test(arguments: ["../../etc/passwd", "a/b/c", "..", "./.", "a..b", "x\u{0}y", "C:\\Windows\\..", "%2e%2e%2f",
                      "日本語のタイトル", "🙂 émoji"])
    func slugIsAlwaysASafePathSegment(_ text: String) {
        let s = Slug.make(text)
        #expect(!s.contains("/"))
        #expect(!s.contains(".."))
        #expect(!s.contains("\0"))
        #expect(s.isEmpty || Slug.isValid(s))
    }

    @Test func slugValidity() {
        #expect(Slug.isValid("cote-d-ivoire"))
        #expect(Slug.isValid("2026"))
        #expect(!Slug.isValid(""))
        #expect(!Slug.isValid("Cote"))
        #expect(!Slug.isValid("-cote"))
        #expect(!Slug.isValid("cote-"))
        #expect(!Slug.isValid("côte"))
        #expect(!Slug.isValid("a_b"))
        #expect(!Slug.isValid("a.b"))
    }
}
