import KiosqueCore
import MIME
import Site

/// A confirmation mail (double opt-in): `confirm.mustache` and `confirm.txt.mustache`
/// rendered for one member, as the newsletter's MIME code writes messages.
public struct ConfirmationMail: Sendable {
    let templates: TemplateSet
    let config: Config
    let members: Config.Members
    let from: MailAddress
    let secret: MemberSecret

    public init(templates: TemplateSet, config: Config, members: Config.Members, from: MailAddress, secret: MemberSecret) {
        self.templates = templates
        self.config = config
        self.members = members
        self.from = from
        self.secret = secret
    }

    public var sender: String { from.address }

    /// The variables of the two templates (declared in `MembersVariables.confirm`).
    func context(_ mail: MemberStore.DueMail) -> [String: Any] {
        var member: [String: Any] = ["email": mail.email]
        if !mail.name.isEmpty { member["name"] = mail.name }
        let expires = ISODate.parse(mail.tokenExpires, in: .utc).map { config.site.timeZone.day(of: $0) }
        return [
            "site": ["title": config.site.title, "url": config.site.baseURL, "language": config.site.language],
            "member": member,
            "confirm_url": members.links.confirm(token: ConfirmationToken(selector: mail.token).text(secret)),
            "expires_text": expires.map(French.longDate) ?? mail.tokenExpires,
            "consent_text": members.consentText,
        ]
    }

    public func message(_ mail: MemberStore.DueMail, now: Timestamp) -> [UInt8] {
        let ctx = context(mail)
        let to = MailAddress("\(mail.name.isEmpty ? "" : "\"\(mail.name)\" ")<\(mail.email)>") ?? MailAddress(mail.email)!
        let subject = "Confirmez votre inscription à la lettre de \(config.site.title)"
        let headers: [(String, String)] = [
            ("From", from.header),
            ("To", to.header),
            ("Subject", EncodedWord.unstructured(subject, field: "Subject")),
            ("Date", RFC822Date.format(now)),
            ("Message-ID", "<confirm.\(mail.member).\(hexHash(mail.token))@\(from.domain)>"),
            ("Content-Language", config.site.language),
            // Sent because someone filled in a form, not by a person (RFC 3834): no vacation replies.
            ("Auto-Submitted", "auto-generated"),
        ]
        return MIMEMessage(headers: headers, text: templates.render(ctx, "confirm.txt"), html: templates.render(ctx, "confirm")).bytes
    }
}
