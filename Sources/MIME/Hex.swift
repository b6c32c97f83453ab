/// Hexadecimal digits, for `%XX` and `=XX` escapes.
public enum Hex {
    /// 0–15, or nil when `c` is not a hexadecimal digit (either case).
    public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
