import Foundation
import KiosqueCore
@testable import Members

/// A newsletter site with a `members:` block (https://news.example.com/membres/), the SMTP
/// sink its confirmation mails go to, and `kiosque members serve` on a free port.
struct MembersSite {
    static let secret = "un-secret-de-test-assez-long-pour-signer-les-liens-0123"
    let site: DigestSite
    var root: String { site.root }

    /// `members`: the block's keys, indented as under `members:`.
    init(members: String = "", recipientsFile: Bool = false) throws {
        site = try DigestSite.small(unsubscribe: nil)
        var yaml = site.read("kiosque.yaml")!
        if recipientsFile { yaml = yaml.replacingOccurrences(of: "digest:\n", with: "digest:\n  recipients: recipients.txt\n") }
        try site.write("kiosque.yaml", yaml + "members:\n" + members)
    }

    func remove() { site.remove() }

    /// A site, the sink and `members serve` for `body`; all stopped and removed after.
    static func serving(members: String = "", arguments: [String] = [],
                        _ body: (MembersSite, SMTPSink, ServeProcess) throws -> Void) throws {
        let site = try MembersSite(members: members)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let serve = try site.serve(sink, arguments: arguments)
        defer { _ = serve.stop() }
        try body(site, sink, serve)
    }

    var environment: [String: String] { ["KIOSQUE_MEMBERS_SECRET": Self.secret] }

    func serve(_ sink: SMTPSink, arguments: [String] = []) throws -> ServeProcess {
        try ServeProcess(["members", "serve", "--site", root, "--port", "0"] + arguments, ready: "listening on ",
                         environment: environment.merging(["KIOSQUE_SMTP_URL": sink.url]) { $1 })
    }

    /// `kiosque ARGS --site ROOT` with the secret (and the sink, when given).
    func run(_ arguments: [String], sink: SMTPSink? = nil) throws -> CLI.Result {
        var env = environment
        if let sink { env["KIOSQUE_SMTP_URL"] = sink.url }
        return try CLI.run(arguments + ["--site", root], environment: env)
    }

    /// The database, as `members serve` keeps it.
    func store() throws -> MemberStore { try MemberStore(path: site.path("members.sqlite"), create: false) }

    func status(_ email: String) throws -> Member.Status? { try store().member(email: email)?.status }

    /// Every member as an export writes them: what "changes nothing" compares.
    func snapshot() throws -> String {
        guard FileManager.default.fileExists(atPath: site.path("members.sqlite")) else { return "" }
        return MemberFiles.csv(try store().members())
    }

    var secretKey: MemberSecret { try! MemberSecret(Self.secret) }

    /// The service's links, as the default `members.url` makes them.
    var links: MemberLinks { MemberLinks(base: DigestSite.base + "membres/") }
}

extension ServeProcess {
    /// The form's POST, from `client` (sent as the proxy's `X-Forwarded-For`).
    func subscribe(_ email: String, name: String = "", client: String = "2001:db8::1") throws -> RawHTTP.Response {
        let body = "email=\(MemberLinksTestEncoding.form(email))&name=\(MemberLinksTestEncoding.form(name))&website=&source=pied-de-page"
        return try get("/membres/inscription", method: "POST", headers: ["X-Forwarded-For": client], body: body)
    }
}

enum MemberLinksTestEncoding {
    /// Form encoding: unreserved characters as they are, the rest `%XX`.
    static func form(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? s
    }
}

extension SMTPSink {
    /// Waits (up to 60 s) until `count` messages have arrived; returns them.
    @discardableResult
    func wait(for count: Int, timeout: Double = 60) -> [Received] {
        let deadline = Date().addingTimeInterval(timeout)
        var got = received
        while got.count < count && Date() < deadline {
            usleep(20_000)
            got = received
        }
        return got
    }
}

extension EML {
    /// A header's value with its folding undone.
    func unfolded(_ name: String) -> String? { header(name)?.replacingOccurrences(of: "\r\n ", with: " ") }

    /// The first link of the text part that starts with `prefix`.
    func link(_ prefix: String) -> String? {
        guard let text = part("text/plain"), let r = text.range(of: prefix) else { return nil }
        return String(text[r.lowerBound...].prefix { !$0.isWhitespace })
    }
}

/// `https://news.example.com/membres/confirmer?t=…` -> `/membres/confirmer?t=…`.
func pathOf(_ url: String) -> String {
    guard let r = url.range(of: "://"), let slash = url[r.upperBound...].firstIndex(of: "/") else { return url }
    return String(url[slash...])
}
