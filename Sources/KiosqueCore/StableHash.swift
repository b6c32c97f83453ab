#if canImport(Glibc)
import Glibc
#endif

/// A 64-bit hash that is the same in every process and on every run (Swift's `Hasher` is
/// seeded per process), for build caches and output manifests. Reads 8 bytes a step.
public struct StableHash: Sendable {
    public private(set) var value: UInt64

    public init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) { value = seed }

    @inline(__always) public mutating func mix(_ word: UInt64) {
        var x = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 31
        value = x &* 0x94D0_49BB_1331_11EB ^ (x >> 29)
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        mix(tail ^ (UInt64(n) << 56))
    }

    public mutating func add(_ s: String) {
        var s = s
        s.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    public mutating func add(_ n: Int) { mix(UInt64(bitPattern: Int64(n))) }

    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h = StableHash()
        h.add(bytes)
        return h.value
    }

    public static func of(_ s: String) -> UInt64 {
        var h = StableHash()
        h.add(s)
        return h.value
    }

    /// 16 hex digits, for state files and generated names. It tells an edited file from
    /// the one Kiosque wrote; it is not a defence against someone forging a collision.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let value = Array(bytes).withUnsafeBytes { of($0) }
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public static func hex(_ text: String) -> String { hex(text.utf8) }
}

/// Little-endian binary records for the caches under `.kiosque/`: much faster to read back
/// than JSON for tens of thousands of entries.
public struct ByteWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
    public mutating func string(_ s: String) {
        int(s.utf8.count)
        bytes.append(contentsOf: s.utf8)
    }
    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }
    public mutating func optionalInt(_ v: Int64?) {
        bool(v != nil)
        if let v { int(Int(v)) }
    }
    /// A non-negative number in 7-bit groups, low first (one byte below 128): for records of
    /// small numbers, such as the search index's.
    public mutating func varint(_ v: Int) {
        var v = UInt64(v)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    /// Bytes after their count (a `varint`).
    public mutating func counted(_ raw: some Collection<UInt8>) {
        varint(raw.count)
        bytes.append(contentsOf: raw)
    }
}

public struct ByteReader {
    public struct Truncated: Error {}

    /// A whole file, read straight into an array (no `Data` in between: these caches are
    /// tens of megabytes).
    public static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
            var off = 0
            while off < size {
                let n = read(fd, buf.baseAddress! + off, size - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                off += n
            }
            failed = off != size
            count = off
        }
        return failed ? nil : bytes
    }
    private let bytes: [UInt8]
    private var i: Int
    private let end: Int
    /// Reads `bytes`, or only the part of them in `range` (a section read on its own thread).
    public init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        i = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }
    public var atEnd: Bool { i == end }
    public var position: Int { i }
    public mutating func skip(_ n: Int) throws {
        guard n >= 0, i + n <= end else { throw Truncated() }
        i += n
    }

    public mutating func u64() throws -> UInt64 {
        guard i + 8 <= end else { throw Truncated() }
        defer { i += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: i, as: UInt64.self)) }
    }
    public mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    public mutating func bool() throws -> Bool {
        guard i < end else { throw Truncated() }
        defer { i += 1 }
        return bytes[i] != 0
    }
    public mutating func string() throws -> String {
        let n = try int()
        guard n >= 0, i + n <= end else { throw Truncated() }
        defer { i += n }
        return String(decoding: bytes[i..<(i + n)], as: UTF8.self)
    }
    public mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
    public mutating func varint() throws -> Int {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard i < end, shift < 63 else { throw Truncated() }
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        guard v <= UInt64(Int.max) else { throw Truncated() }
        return Int(v)
    }
    /// What `ByteWriter.counted` wrote.
    public mutating func counted() throws -> ArraySlice<UInt8> {
        let n = try varint()
        guard n <= end - i else { throw Truncated() }
        defer { i += n }
        return bytes[i..<(i + n)]
    }
    public mutating func optionalInt() throws -> Int64? { try bool() ? Int64(try int()) : nil }
}
