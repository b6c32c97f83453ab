/// An email address as Kiosque accepts it: `Name <local@domain>` or `local@domain`.
/// Deliberately strict (ASCII dot-atoms, a dotted domain) so that a typo in the recipients
/// file is reported instead of being handed to the SMTP server.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name, if any (`Orishas Direct`).
    public var name: String?
    /// `local@domain`, as given (the SMTP envelope address).
    public var address: String

    public init?(_ text: String) {
        let t = text.trimmingSpaces
        if t.hasSuffix(">"), let open = t.lastIndex(of: "<") {
            let addr = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            var name = String(t[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            guard Self.isValid(addr), !name.contains("\"") else { return nil }
            self.name = name.isEmpty ? nil : name
            self.address = addr
        } else {
            guard Self.isValid(t) else { return nil }
            self.address = t
        }
    }

    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    /// For a header: the name quoted or RFC 2047-encoded as needed.
    public var header: String {
        guard let name else { return address }
        return "\(EncodedWord.phrase(name)) <\(address)>"
    }

    public var description: String { header }

    /// `local@domain.tld`: atext dot-atoms, no leading, trailing or double dots, at most
    /// 254 characters, a domain of letters, digits and hyphens with at least one dot.
    public static func isValid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count <= 254, let at = b.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = b[..<at], domain = b[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, isDotAtom(local, allowed: isAtext),
              isDotAtom(domain, allowed: isDomainChar), domain.contains(UInt8(ascii: ".")) else { return false }
        return domain.split(separator: UInt8(ascii: ".")).allSatisfy { label in
            label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-") && label.count <= 63
        }
    }

    private static func isDotAtom(_ s: ArraySlice<UInt8>, allowed: (UInt8) -> Bool) -> Bool {
        guard let f = s.first, let l = s.last, f != UInt8(ascii: "."), l != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for c in s {
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard allowed(c) else { return false }
                previousDot = false
            }
        }
        return true
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    private static func isDomainChar(_ c: UInt8) -> Bool { isAlnum(c) || c == UInt8(ascii: "-") }

    /// RFC 5322 atext.
    private static func isAtext(_ c: UInt8) -> Bool {
        isAlnum(c) || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(c)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s = s.dropLast() }
        return String(s)
    }
}
