/// FNV-1a, 64 bits, as 16 hex digits: the same on every run and machine (Swift's `Hasher`
/// is seeded per process). It tells an edited file from the one Kiosque wrote and names
/// items that have no id; it is not a defence against someone forging a collision.
public enum StableHash {
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public static func hex(_ text: String) -> String { hex(text.utf8) }
}
