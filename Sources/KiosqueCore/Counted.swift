/// Numbers in the command line's English: `1,234 files`, `1 error`.
public enum Counted {
    /// `1234567` -> `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }

    /// `1 error`, `2 errors`, `1,234 files`.
    public static func of(_ n: Int, _ word: String) -> String { "\(grouped(n)) \(word)\(n == 1 ? "" : "s")" }

    /// For a finding reported once for many pages: `; on 12 other pages too`, or nothing.
    public static func otherPages(_ pages: Int) -> String { pages > 1 ? "; on \(of(pages - 1, "other page")) too" : "" }
}
