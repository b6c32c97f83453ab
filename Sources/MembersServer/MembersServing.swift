import Foundation
import KiosqueCore
import Mail
import Members
import MIME
import Site

extension MembersHTTP {
    /// `members serve` as a whole over `store`: its one writer, the confirmation mailer
    /// (started: it sends what a killed run left queued), the service, and HTTP on `host`.
    public static func serving(config: Config, members: Config.Members, store: MemberStore, secret: MemberSecret,
                               templates: TemplateSet, from: MailAddress, smtp: SMTPSettings, host: String, port: UInt16,
                               idleTimeout: Duration,
                               say: @escaping @Sendable (String) -> Void) throws(Failure) -> MembersHTTP {
        let writer = StoreWriter(store: store)
        let mailer = ConfirmationMailer(writer: writer, mail: ConfirmationMail(templates: templates, config: config, members: members,
                                                                               from: from, secret: secret),
                                        connect: { () throws(SMTPClient.TransportError) in try smtp.connect() }, say: say)
        let service = MembersService(config: config, members: members, templates: templates, secret: secret, writer: writer, mailer: mailer)
        let http = try MembersHTTP(service: service, host: host, port: port, idleTimeout: idleTimeout)
        mailer.start()
        return http
    }
}
