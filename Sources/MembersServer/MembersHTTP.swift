import FlyingFox
import FlyingSocks
import Foundation
import KiosqueCore
import Members

/// `kiosque members serve` over HTTP/1.1 (FlyingFox): the routes under `members.url`'s path,
/// requests read and checked (size, encoding) before the service sees them, its answers as
/// pages or redirects. Everything else is the service's.
public final class MembersHTTP: Sendable {
    let service: MembersService
    let server: HTTPServer
    let clients: ClientAddress
    /// `/membres/`: what the proxy passes on as it is.
    let prefix: String

    /// Bodies above this are refused (a subscription is a few hundred bytes).
    static let maxBody = 16 * 1024

    /// `host`: an IPv4 or IPv6 address (`localhost` is 127.0.0.1).
    init(service: MembersService, host: String, port: UInt16) throws(Failure) {
        self.service = service
        clients = ClientAddress(trusted: service.members.trustedProxies)
        prefix = service.members.links.path
        let h = host == "localhost" ? "127.0.0.1" : host
        if let a = try? sockaddr_in.inet(ip4: h, port: port) {
            server = HTTPServer(address: a, timeout: 15, logger: .disabled)
        } else if let a = try? sockaddr_in6.inet6(ip6: h, port: port) {
            server = HTTPServer(address: a, timeout: 15, logger: .disabled)
        } else {
            throw Failure(description: "--host must be an IP address such as 127.0.0.1 or ::1, not '\(host)'")
        }
    }

    /// Serves until the server fails; `listening` gets the port once it accepts connections.
    public func run(listening: @Sendable (UInt16) -> Void) async throws {
        await server.appendRoute("*") { [self] request in await self.respond(to: request) }
        let serving = Task { try await server.run() }
        listening(try await port())
        try await serving.value
    }

    /// The port it listens on, once it does.
    func port() async throws -> UInt16 {
        for _ in 0..<400 {
            switch await server.listeningAddress {
            case .ip4(_, let port)?, .ip6(_, let port)?: return port
            default: try await Task.sleep(nanoseconds: 25_000_000)
            }
        }
        throw Failure(description: "the server did not start listening")
    }

    public struct Failure: Error, CustomStringConvertible { public var description: String }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let path = request.target.path()
        guard path.hasPrefix(prefix) else { return page(.notFound, request) }
        let rawQuery = request.target.query()
        guard let query = try? FormEncoding.fields(Array(rawQuery.utf8)) else { return page(.brokenLink, request) }
        switch (String(path.dropFirst(prefix.count)), request.method) {
        case (MemberLinks.subscribePath, .POST):
            switch await form(request) {
            case .failure(let refusal): return page(refusal, request)
            case .success(let fields):
                let client = clients.resolve(peer: request.peer, forwardedFor: request.headers[.xForwardedFor])
                return answer(await service.subscribe(fields, client: client), request)
            }
        case (MemberLinks.confirmPath, .GET):
            return answer(await service.confirm(query), request)
        case (MemberLinks.unsubscribePath, .GET), (MemberLinks.unsubscribePath, .HEAD):
            return answer(service.unsubscribePage(query, rawQuery: rawQuery), request)
        case (MemberLinks.unsubscribePath, .POST):
            switch await form(request) {
            case .failure(let refusal): return page(refusal, request)
            case .success(let fields): return answer(await service.unsubscribe(query, form: fields), request)
            }
        case (MemberLinks.subscribePath, _), (MemberLinks.confirmPath, _), (MemberLinks.unsubscribePath, _):
            return page(.methodNotAllowed, request)
        default:
            return page(.notFound, request)
        }
    }

    /// The body as form fields, at most `maxBody` bytes: a form posts
    /// `application/x-www-form-urlencoded`; RFC 8058 allows `multipart/form-data` too, of which
    /// only the one-click field is read.
    func form(_ request: HTTPRequest) async -> Result<[String: String], MemberPage> {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBody { return .failure(.tooLarge) }
        var body = Data()
        do {
            for try await chunk in request.bodySequence {
                body += chunk
                if body.count > Self.maxBody { return .failure(.tooLarge) }
            }
        } catch {
            return .failure(.badRequest("La demande est arrivée incomplète."))
        }
        let type = (request.headers[.contentType] ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            let text = String(decoding: body, as: UTF8.self)
            let oneClick = text.range(of: #"name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n"#, options: .regularExpression) != nil
            return .success(oneClick ? ["List-Unsubscribe": "One-Click"] : [:])
        }
        guard type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") else {
            return .failure(.badRequest("Le formulaire doit être envoyé en application/x-www-form-urlencoded."))
        }
        guard let fields = try? FormEncoding.fields(body) else {
            return .failure(.badRequest("Le formulaire contient des caractères mal encodés ou interdits (retours à la ligne, caractères de contrôle)."))
        }
        return .success(fields)
    }

    func answer(_ answer: MembersService.Answer, _ request: HTTPRequest) -> HTTPResponse {
        switch answer {
        case .page(let p): return page(p, request)
        case .redirect(let url):
            var headers = Self.headers
            headers[.location] = url
            return HTTPResponse(statusCode: .seeOther, headers: headers)
        }
    }

    /// Never cached (each says something about one request); no `Referer` with a link's token.
    static let headers: HTTPHeaders = [
        .cacheControl: "no-store", HTTPHeader("Referrer-Policy"): "no-referrer", HTTPHeader("X-Content-Type-Options"): "nosniff",
    ]

    func page(_ p: MemberPage, _ request: HTTPRequest) -> HTTPResponse {
        var headers = Self.headers
        headers[.contentType] = "text/html; charset=utf-8"
        if p.status == 405 { headers[HTTPHeader("Allow")] = "GET, POST" }
        if p.status == 429 { headers[HTTPHeader("Retry-After")] = "600" }
        let body = Data(p.html(service.templates, site: service.config.site).utf8)
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: HTTPStatusCode(p.status, phrase: Self.phrase(p.status)), headers: headers)
        }
        return HTTPResponse(statusCode: HTTPStatusCode(p.status, phrase: Self.phrase(p.status)), headers: headers, body: body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        default: "Service Unavailable"
        }
    }
}

extension HTTPRequest {
    /// The connection's peer address.
    var peer: String? {
        switch remoteAddress {
        case .ip4(let ip, _)?, .ip6(let ip, _)?: ip
        default: nil
        }
    }
}
