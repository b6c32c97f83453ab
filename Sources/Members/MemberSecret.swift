import CCrypto
import Foundation

/// The key of every link the list hands out (`KIOSQUE_MEMBERS_SECRET`): one-click unsubscribes
/// are an HMAC-SHA256 of the member (OpenSSL's libcrypto), confirmation links carry one of
/// their selector. Links are checked in constant time, so that timing tells nothing about a
/// forged one. Changing the secret voids every link already mailed.
public struct MemberSecret: Sendable {
    private let key: [UInt8]

    public static let variable = "KIOSQUE_MEMBERS_SECRET"
    public static let minimumLength = 32

    public enum Problem: Error, CustomStringConvertible {
        case missing, tooShort(Int)

        public var description: String {
            switch self {
            case .missing:
                "\(MemberSecret.variable) is not set: the members' links are signed with it (set it to \(MemberSecret.minimumLength) random characters or more, e.g. the output of 'openssl rand -base64 32', the same for 'members serve' and 'send')"
            case .tooShort(let n):
                "\(MemberSecret.variable) has \(n) characters: it needs at least \(MemberSecret.minimumLength) (e.g. the output of 'openssl rand -base64 32')"
            }
        }
    }

    public init(_ value: String?) throws(Problem) {
        guard let value, !value.isEmpty else { throw .missing }
        guard value.utf8.count >= Self.minimumLength else { throw .tooShort(value.utf8.count) }
        key = Array(value.utf8)
    }

    public static func fromEnvironment() throws(Problem) -> MemberSecret {
        try MemberSecret(ProcessInfo.processInfo.environment[variable])
    }

    /// HMAC-SHA256 of `message`, 32 bytes.
    func mac(_ message: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(message.utf8)
        key.withUnsafeBufferPointer { k in
            _ = HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), bytes, bytes.count, &out, &length)
        }
        return Array(out.prefix(Int(length)))
    }

    /// The `t` of a member's unsubscribe link: base64url, 43 characters.
    public func signature(member id: Int64) -> String { Base64URL.encode(mac(String(id))) }

    /// The same for an address of the recipients file (an address has an `@`, an id has none:
    /// one can never pass for the other).
    public func signature(address: String) -> String { Base64URL.encode(mac(address)) }

    public func isValid(_ signature: String, member id: Int64) -> Bool { matches(signature, mac(String(id))) }

    public func isValid(_ signature: String, address: String) -> Bool { matches(signature, mac(address)) }

    /// Compared in constant time; a signature of the wrong length (a truncated link) is
    /// refused before, which tells nothing about the key.
    func matches(_ given: String, _ expected: [UInt8]) -> Bool {
        guard let decoded = Base64URL.decode(given), decoded.count == expected.count else { return false }
        return CRYPTO_memcmp(decoded, expected, expected.count) == 0
    }

    /// Random bytes from OpenSSL's generator.
    static func random(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard RAND_bytes(&bytes, Int32(count)) == 1 else {
            var g = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
        }
        return bytes
    }
}

/// A confirmation link's token: a random selector (what the database keeps) followed by the
/// HMAC of that selector (what proves the link came from this service). Knowing the
/// database alone does not let anyone confirm an address.
public struct ConfirmationToken: Sendable, Equatable {
    public let selector: String

    /// 16 random bytes, 22 characters.
    static let selectorLength = 22
    /// With the 43 characters of the HMAC.
    public static let length = selectorLength + 43

    public static func make() -> ConfirmationToken {
        ConfirmationToken(selector: Base64URL.encode(MemberSecret.random(16)))
    }

    init(selector: String) { self.selector = selector }

    /// What the link carries.
    public func text(_ secret: MemberSecret) -> String { selector + Base64URL.encode(secret.mac("confirm:" + selector)) }

    public enum Problem: Error, Equatable {
        /// Cut short, or characters a link never has.
        case malformed
        /// The right shape, but not signed with this service's secret.
        case forged
    }

    /// The token of a link, checked (constant time for the signature).
    public static func parse(_ text: String, _ secret: MemberSecret) throws(Problem) -> ConfirmationToken {
        guard text.utf8.count == length, text.utf8.allSatisfy(Base64URL.isDigit) else { throw .malformed }
        let selector = String(text.prefix(selectorLength))
        guard secret.matches(String(text.dropFirst(selectorLength)), secret.mac("confirm:" + selector)) else { throw .forged }
        return ConfirmationToken(selector: selector)
    }
}

/// Base64 with `-` and `_`, without padding (RFC 4648 §5): safe in a URL as it is. Done by
/// hand: each subscription makes a token, and Foundation's base64 and replacements took a
/// tenth of the service's time.
enum Base64URL {
    static let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v = UInt32(bytes[i]) << 16
            if n > 1 { v |= UInt32(bytes[i + 1]) << 8 }
            if n > 2 { v |= UInt32(bytes[i + 2]) }
            for k in 0...n { out.append(digits[Int(v >> (18 - 6 * UInt32(k)) & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Nil unless `text` is exactly what `encode` gives for some bytes (the unused low bits of
    /// the last character are zero too): one spelling per value.
    static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var acc: UInt32 = 0, bits: UInt32 = 0
        for c in chars {
            guard let v = value(c) else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> bits))
                acc &= (1 << bits) - 1
            }
        }
        return acc == 0 ? out : nil
    }

    static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 65...90: c - 65
        case 97...122: c - 71
        case 48...57: c + 4
        case 45: 62
        case 95: 63
        default: nil
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { value(c) != nil }
}
