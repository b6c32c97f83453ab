import FlyingFox
import FlyingSocks
import Foundation
import KiosqueCore
import Site

/// HTTP/1.1 over the preview folder (FlyingFox): files with their content type, `index.html`
/// for folders, the site's `404.html` with status 404, `HEAD`, `ETag` / `If-None-Match`; the
/// reload script added to HTML responses; `/_kiosque/events` for the reloads; and, while the
/// build is broken, the error page for every HTML request.
final class PreviewServer: @unchecked Sendable {  // `diagnostics` and `ready` are guarded by `lock`
    let files: PreviewFiles
    let hub = EventHub()
    let server: HTTPServer
    private let lock = NSLock()
    private var diagnostics: [Diagnostic]?
    private var ready = false
    /// Why `run` ended, for `port()` to say.
    private let failure = FirstError()

    init(folder: String, address: some SocketAddress) {
        files = PreviewFiles(root: folder)
        server = HTTPServer(address: address, timeout: 15, logger: .disabled)
    }

    /// After each build: its problems (nil when it succeeded) and the site paths it changed.
    func built(problems: [Diagnostic]?, changed: [String]) {
        let (wasBroken, first) = lock.withLock { () -> (Bool, Bool) in
            defer { diagnostics = problems; ready = true }
            return (diagnostics != nil, !ready)
        }
        // Breaking, fixing and the first build concern every open page.
        let everything = problems != nil || wasBroken || first
        if everything || !changed.isEmpty { hub.broadcast(LiveReload.event(paths: everything ? ["*"] : changed)) }
    }

    func run() async throws {
        await server.appendRoute(HTTPRoute(methods: [.GET, .HEAD], path: LiveReload.eventsPath)) { [hub] _ in
            HTTPResponse(statusCode: .ok,
                         headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                         body: HTTPBodySequence(from: EventBytes(stream: hub.subscribe())))
        }
        await server.appendRoute("*") { [self] request in self.respond(to: request) }
        do {
            try await server.run()
        } catch {
            failure.set(error)
            throw error
        }
    }

    /// The port it listens on, once it does; the server's own error (a port already in use)
    /// when it cannot.
    func port() async throws -> UInt16 {
        for _ in 0..<400 {
            switch await server.listeningAddress {
            case .ip4(_, let port)?, .ip6(_, let port)?: return port
            default: break
            }
            if let error = failure.error { throw error }
            try await Task.sleep(nanoseconds: 25_000_000)
        }
        throw PreviewSession.Failure(description: "the server did not start listening")
    }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return plain(.methodNotAllowed, "405 : méthode non permise\n", extra: [.init("Allow"): "GET, HEAD"])
        }
        let (problems, isReady) = lock.withLock { (diagnostics, ready) }
        let lookup = files.lookup(request.target.path())
        switch lookup {
        case .badRequest:
            return plain(.badRequest, "400 : requête invalide\n")
        case .redirect(let location):
            var headers = HTTPHeaders()
            headers[.location] = location
            return HTTPResponse(statusCode: .movedPermanently, headers: headers)
        case .file(let path) where !path.hasSuffix(".html"):
            return file(path, status: .ok, request: request)
        case .file, .notFound:
            guard isReady else { return page(.serviceUnavailable, LiveReload.inject(into: Array(Self.building.utf8)), request) }
            if let problems { return page(.internalServerError, ErrorPage.html(problems), request) }
            if case .file(let path) = lookup { return file(path, status: .ok, request: request) }
            guard let notFound = files.notFoundPage else { return plain(.notFound, "404 : page introuvable\n") }
            return file(notFound, status: .notFound, request: request)
        }
    }

    static let building = "<!DOCTYPE html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Aperçu en préparation</title><body><p>L’aperçu se construit…</p></body></html>"

    /// A file, with the reload script when it is HTML. Its ETag comes from its size and
    /// modification time, which a rebuild changes only when it rewrites the file.
    private func file(_ path: String, status: HTTPStatusCode, request: HTTPRequest) -> HTTPResponse {
        var st = stat()
        guard stat(path, &st) == 0, let data = FileManager.default.contents(atPath: path) else {
            return plain(.notFound, "404 : page introuvable\n")
        }
        let html = path.hasSuffix(".html")
        let tag = "\"\(st.st_size)-\(st.st_mtim.tv_sec)-\(st.st_mtim.tv_nsec)\(html ? "-r" : "")\""
        var headers: HTTPHeaders = [.contentType: PreviewFiles.contentType(of: path), .eTag: tag,
                                    .cacheControl: "no-cache"]
        if status == .ok, request.headers[.ifNoneMatch].map({ $0.contains(tag) }) == true {
            return HTTPResponse(statusCode: .notModified, headers: headers)
        }
        let body = html ? Data(LiveReload.inject(into: [UInt8](data))) : data
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    private func page(_ status: HTTPStatusCode, _ bytes: [UInt8], _ request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        if request.method == .HEAD {
            headers[.contentLength] = String(bytes.count)
            return HTTPResponse(statusCode: status, headers: headers)
        }
        return HTTPResponse(statusCode: status, headers: headers, body: Data(bytes))
    }

    private func plain(_ status: HTTPStatusCode, _ text: String, extra: HTTPHeaders = [:]) -> HTTPResponse {
        var headers: HTTPHeaders = [.contentType: "text/plain; charset=utf-8"]
        for (k, v) in extra { headers[k] = v }
        return HTTPResponse(statusCode: status, headers: headers, body: Data(text.utf8))
    }
}
