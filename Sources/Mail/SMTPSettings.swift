import Foundation

/// Which SMTP server to use, and how to log in: `KIOSQUE_SMTP_URL` over the configured URL,
/// credentials from `KIOSQUE_SMTP_USER` and `KIOSQUE_SMTP_PASSWORD` only. For the newsletter
/// and for the members' confirmation mails alike.
public struct SMTPSettings: Sendable {
    public var url: String
    public var credentials: SMTPClient.Credentials?

    public struct Invalid: Error, CustomStringConvertible { public var description: String }

    public init(configured: String, environment env: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) {
        let url = env["KIOSQUE_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? configured
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
              c.host?.isEmpty == false else {
            throw Invalid(description: "the SMTP URL must be smtp://host[:port] or smtps://host[:port], not '\(SMTPClient.redacted(url))'")
        }
        if c.user != nil {
            throw Invalid(description: "the SMTP URL must not carry a user name or password: set KIOSQUE_SMTP_USER and KIOSQUE_SMTP_PASSWORD")
        }
        self.url = url
        if let user = env["KIOSQUE_SMTP_USER"], !user.isEmpty {
            credentials = .init(user: user, password: env["KIOSQUE_SMTP_PASSWORD"] ?? "")
        }
    }

    public func connect(timeout: Int = SMTPClient.defaultTimeout) throws(SMTPClient.TransportError) -> SMTPClient {
        try SMTPClient(url: url, credentials: credentials, timeout: timeout)
    }
}
