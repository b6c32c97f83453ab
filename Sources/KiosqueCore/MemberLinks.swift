/// The addresses of `kiosque members serve`, under `members.url`: what the site's form posts
/// to, what confirmation mails and newsletters link to. The service answers the same paths.
public struct MemberLinks: Sendable {
    /// `members.url`: absolute, ends with `/`.
    public let base: String

    public init(base: String) { self.base = base }

    public static let subscribePath = "inscription"
    public static let confirmPath = "confirmer"
    public static let unsubscribePath = "desabonnement"

    public var subscribe: String { base + Self.subscribePath }
    public func confirm(token: String) -> String { base + Self.confirmPath + "?t=" + token }

    /// `…/desabonnement?m=42&t=SIG`: a member's one-click unsubscribe (RFC 8058).
    public func unsubscribe(member id: Int64, signature: String) -> String {
        unsubscribe(who: "m=\(id)", signature: signature)
    }

    /// `…/desabonnement?a=nom%40example.com&t=SIG`: the same for an address of the recipients
    /// file, which is not a member (the service records it as one that left).
    public func unsubscribe(address: String, signature: String) -> String {
        unsubscribe(who: "a=" + Self.queryEncoded(address), signature: signature)
    }

    func unsubscribe(who: String, signature: String) -> String {
        base + Self.unsubscribePath + "?" + who + "&t=" + signature
    }

    /// The unsubscribe page without a member: where the newsletter's web version links (it
    /// explains that each letter carries its reader's own link).
    public var unsubscribeInfo: String { base + Self.unsubscribePath }

    /// What `kiosque digest` writes where each copy's own link goes, and `kiosque send` fills in
    /// per recipient: the `who` token becomes `m=42` or `a=…` and the signature token the
    /// signature, none of which needs escaping in HTML (no `&`, `<`, `"`) or quoted-printable
    /// (letters and digits only, so a soft line break may split them but nothing encodes them).
    public static let whoToken = "KIOSQUEMEMBER", signatureToken = "KIOSQUESIGNATURE"
    public var unsubscribePlaceholder: String { unsubscribe(who: Self.whoToken, signature: Self.signatureToken) }

    /// The path from the domain root (`/membres/`): what the service routes and what the
    /// newsletter's link check knows is served elsewhere.
    public var path: String {
        guard let scheme = base.range(of: "://"), let slash = base[scheme.upperBound...].firstIndex(of: "/") else { return "/" }
        return String(base[slash...])
    }

    /// Unreserved characters as they are, every other byte `%XX`.
    public static func queryEncoded(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 || b == 126 {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
