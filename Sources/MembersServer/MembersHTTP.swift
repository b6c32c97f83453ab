import FlyingSocks
import Foundation
import KiosqueCore
import Members

/// `kiosque members serve` over HTTP/1.1 (`HTTP1Server`): the routes under `members.url`'s
/// path, requests read and checked (size, encoding) before the service sees them, its answers
/// as pages or redirects. Everything else is the service's.
public final class MembersHTTP: HTTP1Handler {
    let service: MembersService
    let server: HTTP1Server
    let clients: ClientAddress
    /// `/membres/`: what the proxy passes on as it is.
    let prefix: String

    /// Bodies above this are refused (a subscription is a few hundred bytes).
    static let maxBody = 16 * 1024
    /// The request line and header fields: a proxy's few hundred bytes, a browser's few KB.
    static let maxHead = 16 * 1024

    /// `host`: an IPv4 or IPv6 address (`localhost` is 127.0.0.1); `idleTimeout`: the time a
    /// connection has for each request (`HTTP1Server`).
    init(service: MembersService, host: String, port: UInt16, idleTimeout: Duration) throws(Failure) {
        self.service = service
        clients = ClientAddress(trusted: service.members.trustedProxies)
        prefix = service.members.links.path
        let h = host == "localhost" ? "127.0.0.1" : host
        do {
            if let a = try? sockaddr_in.inet(ip4: h, port: port) {
                server = try HTTP1Server(address: a, maxHead: Self.maxHead, maxBody: Self.maxBody, idleTimeout: idleTimeout)
            } else if let a = try? sockaddr_in6.inet6(ip6: h, port: port) {
                server = try HTTP1Server(address: a, maxHead: Self.maxHead, maxBody: Self.maxBody, idleTimeout: idleTimeout)
            } else {
                throw Failure(description: "--host must be an IP address such as 127.0.0.1 or ::1, not '\(host)'")
            }
        } catch let failure as Failure {
            throw failure
        } catch SocketError.failed(_, _, let message) {
            throw Failure(description: "cannot listen on \(host):\(port): \(message)")
        } catch {
            throw Failure(description: "cannot listen on \(host):\(port): \(error)")
        }
    }

    /// Serves until the server fails; `listening` gets the port first.
    public func run(listening: @Sendable (UInt16) -> Void) async throws {
        guard let port = server.port else { throw Failure(description: "the listening socket has no port") }
        listening(port)
        try await server.run(self)
    }

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    func respond(to request: HTTP1.Request) async -> HTTP1.Response {
        let head = request.method == "HEAD"
        let path = request.path
        guard path.hasPrefix(prefix) else { return page(.notFound, head: head) }
        let rawQuery = request.query
        guard let query = try? FormEncoding.fields(Array(rawQuery.utf8)) else { return page(.brokenLink, head: head) }
        switch (String(path.dropFirst(prefix.count)), request.method) {
        case (MemberLinks.subscribePath, "POST"):
            switch form(request) {
            case .failure(let refusal): return page(refusal)
            case .success(let fields):
                let client = clients.resolve(peer: request.peer, forwardedFor: request.headers["x-forwarded-for"])
                return answer(await service.subscribe(fields, client: client))
            }
        case (MemberLinks.confirmPath, "GET"):
            return answer(await service.confirm(query))
        case (MemberLinks.unsubscribePath, "GET"), (MemberLinks.unsubscribePath, "HEAD"):
            return answer(service.unsubscribePage(query, rawQuery: rawQuery), head: head)
        case (MemberLinks.unsubscribePath, "POST"):
            switch form(request) {
            case .failure(let refusal): return page(refusal)
            case .success(let fields): return answer(await service.unsubscribe(query, form: fields))
            }
        case (MemberLinks.subscribePath, _), (MemberLinks.confirmPath, _), (MemberLinks.unsubscribePath, _):
            return page(.methodNotAllowed, head: head)
        default:
            return page(.notFound, head: head)
        }
    }

    /// A request that could not be read: its page.
    func refusal(_ refusal: HTTP1.Refusal) -> HTTP1.Response {
        switch refusal {
        case .malformed(let why): page(.badRequest(why))
        case .bodyTooLarge: page(.tooLarge)
        case .headTooLarge: page(.headTooLarge)
        case .unsupportedCoding: page(.unsupportedCoding)
        }
    }

    /// The body as form fields (the reader refused any over `maxBody` bytes): a form posts
    /// `application/x-www-form-urlencoded`; RFC 8058 allows `multipart/form-data` too, of which
    /// only the one-click field is read.
    func form(_ request: HTTP1.Request) -> Result<[String: String], MemberPage> {
        let type = (request.headers["content-type"] ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            let text = String(decoding: request.body, as: UTF8.self)
            let oneClick = text.range(of: #"name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n"#, options: .regularExpression) != nil
            return .success(oneClick ? ["List-Unsubscribe": "One-Click"] : [:])
        }
        guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
            return .failure(.badRequest("Le formulaire doit être envoyé en application/x-www-form-urlencoded."))
        }
        guard let fields = try? FormEncoding.fields(request.body) else {
            return .failure(.badRequest("Le formulaire contient des caractères mal encodés ou interdits (retours à la ligne, caractères de contrôle)."))
        }
        return .success(fields)
    }

    func answer(_ answer: MembersService.Answer, head: Bool = false) -> HTTP1.Response {
        switch answer {
        case .page(let p): page(p, head: head)
        case .redirect(let url): HTTP1.Response(status: 303, headers: Self.headers + [("Location", url)])
        }
    }

    /// Never cached (each says something about one request); no `Referer` with a link's token.
    static let headers: [(name: String, value: String)] = [
        ("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"), ("X-Content-Type-Options", "nosniff"),
    ]

    func page(_ p: MemberPage, head: Bool = false) -> HTTP1.Response {
        var headers = Self.headers + [("Content-Type", "text/html; charset=utf-8")]
        if p.status == 405 { headers.append(("Allow", "GET, POST")) }
        if p.status == 429 { headers.append(("Retry-After", "600")) }
        return HTTP1.Response(status: p.status, headers: headers, body: Array(p.html(service.templates, site: service.config.site).utf8),
                              headOnly: head)
    }
}
