import Foundation
import KiosqueCore
import Site

/// What `kiosque members serve` does, whatever carries the requests: a subscription from the
/// form, a confirmation link, a one-click unsubscribe. Input is checked before anything is
/// written; every change goes through the `StoreWriter` and is on disk before the answer.
public final class MembersService: Sendable {
    public let config: Config
    public let members: Config.Members
    public let templates: TemplateSet
    let secret: MemberSecret
    let writer: StoreWriter
    let mailer: ConfirmationMailer?
    /// Per client address: generous, as a mobile operator's or an office's readers share one.
    let byClient = RateLimiter(burst: MembersService.perClient, per: 3_600)
    /// Per address subscribed: a few confirmation mails an hour at most, so that nobody's
    /// mailbox can be flooded through the form.
    let byEmail = RateLimiter(burst: MembersService.perEmail, per: 3_600)

    public static let perClient = 20, perEmail = 3

    public init(config: Config, members: Config.Members, templates: TemplateSet, secret: MemberSecret,
                writer: StoreWriter, mailer: ConfirmationMailer?) {
        self.config = config
        self.members = members
        self.templates = templates
        self.secret = secret
        self.writer = writer
        self.mailer = mailer
    }

    public enum Answer: Sendable, Equatable {
        /// 303 See Other to this URL.
        case redirect(String)
        case page(MemberPage)
    }

    /// The names of the form's fields.
    public enum Field {
        public static let email = "email", name = "name", source = "source"
        /// Hidden from people; a robot that fills every field fills it.
        public static let honeypot = "website"
    }

    /// `POST inscription`: `form` is the decoded body, `client` the reader's address.
    public func subscribe(_ form: [String: String], client: String) async -> Answer {
        let thanks = Answer.redirect(members.thanksURL)
        if let trap = form[Field.honeypot], !trap.isEmpty { return thanks }  // a robot: tell it nothing
        guard let raw = form[Field.email], !raw.trimmingWhitespace.isEmpty else {
            return .page(.badRequest("Indiquez votre adresse e-mail."))
        }
        guard let email = Member.normalized(raw) else {
            return .page(.badRequest("« \(raw.prefix(80)) » n’est pas une adresse e-mail valable (de la forme nom@exemple.com)."))
        }
        let name = (form[Field.name] ?? "").trimmingWhitespace
        guard Member.isValidName(name) else {
            return .page(.badRequest("Le nom ne peut contenir que des lettres, des espaces, des apostrophes, des traits d’union et des points (\(Member.maxName) caractères au plus)."))
        }
        let source = form[Field.source] ?? "site"
        guard (1...40).contains(source.count), source.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }) else {
            return .page(.badRequest("Le formulaire envoyé n’est pas celui du site."))
        }
        for (limiter, key) in [(byClient, client), (byEmail, email)] {
            if let wait = limiter.take(key) { return .page(.tooMany(minutes: max(1, Int((wait / 60).rounded(.up))))) }
        }
        let now = Clock.now()
        let consent = Member.Consent(at: ISODate.utc(now), source: "formulaire \(source)", text: members.consentText)
        let token = ConfirmationToken.make()
        do {
            let result = try await writer.perform { try $0.subscribe(email: email, name: name, consent: consent, token: token.selector, now: now) }
            if case .queued = result { mailer?.wake() }
            return thanks  // the same whether they were already a member
        } catch {
            return .page(.unavailable)
        }
    }

    /// `GET confirmer?t=…`.
    public func confirm(_ query: [String: String]) async -> Answer {
        guard let text = query["t"] else { return .page(.brokenLink) }
        let token: ConfirmationToken
        do { token = try ConfirmationToken.parse(text, secret) } catch {
            return .page(error == .forged ? .forgedLink : .brokenLink)
        }
        let now = Clock.now()
        do {
            switch try await writer.perform({ try $0.confirm(token: token.selector, now: now) }) {
            case .confirmed: return .redirect(members.confirmedURL)
            case .already: return .page(.alreadyConfirmed)
            case .expired: return .page(.expired)
            case .unknown: return .page(.unknownLink)
            }
        } catch {
            return .page(.unavailable)
        }
    }

    /// Who an unsubscribe link is for.
    enum Leaver: Sendable {
        case member(Int64)
        /// An address of the recipients file.
        case address(String)
    }

    /// The link's `m` (or `a`) and `t`, its signature checked: else the page to answer.
    func leaver(_ query: [String: String]) -> Result<Leaver, MemberPage> {
        guard let t = query["t"], (query["m"] == nil) != (query["a"] == nil) else { return .failure(.brokenLink) }
        if let m = query["m"] {
            guard m.utf8.count <= 18, m.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let id = Int64(m) else { return .failure(.brokenLink) }
            return secret.isValid(t, member: id) ? .success(.member(id)) : .failure(.forgedLink)
        }
        guard let address = Member.normalized(query["a"]!) else { return .failure(.brokenLink) }
        return secret.isValid(t, address: address) ? .success(.address(address)) : .failure(.forgedLink)
    }

    /// `GET desabonnement?m=…&t=…`: a page with a button. Fetching the link changes nothing,
    /// so that the link scanners of mail gateways unsubscribe nobody.
    public func unsubscribePage(_ query: [String: String], rawQuery: String) -> Answer {
        if query.isEmpty { return .page(.unsubscribeInfo) }
        switch leaver(query) {
        case .failure(let p): return .page(p)
        case .success: return .page(.unsubscribeQuestion(action: members.links.base + MemberLinks.unsubscribePath + "?" + rawQuery))
        }
    }

    /// `POST desabonnement?m=…&t=…` with `List-Unsubscribe=One-Click` (RFC 8058): unsubscribed,
    /// once or many times alike.
    public func unsubscribe(_ query: [String: String], form: [String: String]) async -> Answer {
        let who: Leaver
        switch leaver(query) {
        case .failure(let p): return .page(p)
        case .success(let w): who = w
        }
        guard form["List-Unsubscribe"] == "One-Click" else {
            return .page(.badRequest("Un désabonnement en un clic envoie List-Unsubscribe=One-Click (RFC 8058)."))
        }
        let now = Clock.now()
        do {
            switch who {
            case .member(let id): _ = try await writer.perform { try $0.unsubscribe(id: id, now: now) }
            case .address(let a): _ = try await writer.perform { try $0.unsubscribe(email: a, now: now) }
            }
            return .page(.unsubscribed)
        } catch {
            return .page(.unavailable)
        }
    }
}
