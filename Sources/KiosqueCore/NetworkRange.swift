import Foundation

/// An IP address or a CIDR block (`127.0.0.0/8`, `::1`, `2001:db8::/32`): the proxies whose
/// `X-Forwarded-For` `kiosque members serve` believes. IPv4 addresses mapped into IPv6
/// (`::ffff:127.0.0.1`, as a dual-stack socket reports them) are their IPv4 selves.
public struct NetworkRange: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes.
    let bytes: [UInt8]
    let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingWhitespace.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Self.address(String(parts[0])) else { return nil }
        let bits = address.count * 8
        if parts.count == 2 {
            guard let p = Int(parts[1]), (0...bits).contains(p), parts[1].allSatisfy(\.isASCII) else { return nil }
            prefix = p
        } else {
            prefix = bits
        }
        bytes = address
    }

    /// The loopback addresses: where a reverse proxy on the same machine connects from.
    public static let loopback = [NetworkRange("127.0.0.0/8")!, NetworkRange("::1")!]

    /// `address`: as `NetworkRange.address` reads it (read once, tested against every range).
    public func contains(_ a: [UInt8]) -> Bool {
        guard a.count == bytes.count else { return false }
        var left = prefix
        for i in bytes.indices where left > 0 {
            let take = min(8, left)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if a[i] & mask != bytes[i] & mask { return false }
            left -= take
        }
        return true
    }

    public var description: String {
        let text = bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : Self.ipv6Text(bytes)
        return prefix == bytes.count * 8 ? text : "\(text)/\(prefix)"
    }

    /// 4 bytes for IPv4 (mapped ones included), 16 for IPv6; nil when it is not an address.
    public static func address(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let b = withUnsafeBytes(of: &v6) { Array($0) }
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b[12...]) }
        return b
    }

    private static func ipv6Text(_ b: [UInt8]) -> String {
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: b) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        return inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)).map { String(cString: $0) } ?? "?"
    }
}
