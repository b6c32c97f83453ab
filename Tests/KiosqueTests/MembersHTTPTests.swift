import Foundation
import Testing
@testable import Members

/// `members serve`'s HTTP/1.1, byte for byte over a socket: connections kept open (requests
/// one after the other or pipelined), `chunked` bodies and `100 Continue`, HTTP/1.0; and
/// requests that cannot be read, refused with a page and the connection closed, changing nothing.
@Suite struct MembersHTTPTests {
    static func form(_ email: String) -> String { "email=\(MemberLinksTestEncoding.form(email))&website=&source=pied-de-page" }

    /// A subscription's request as a proxy sends it (kept open), from its own client.
    static func post(_ email: String, client: Int, extra: String = "") -> String {
        let body = form(email)
        return "POST /membres/inscription HTTP/1.1\r\nHost: news.example.com\r\nX-Forwarded-For: 2001:db8::\(client)\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\(extra)\r\n\(body)"
    }

    @Test func oneConnectionCarriesRequestsOneAfterTheOtherAndPipelined() throws {
        try MembersSite.serving { site, sink, serve throws in
            let fd = try RawHTTP.connect(serve.port)
            defer { close(fd) }
            var pending = Data()
            RawHTTP.send(fd, Self.post("abena.owusu@example.com", client: 1))
            let first = try RawHTTP.next(fd, &pending)
            #expect(first.status == 303 && first.headers["connection"] == nil, "\(first.status) \(first.headers)")
            // Three in one write: answered in order, none lost.
            RawHTTP.send(fd, (2...4).map { Self.post("pipeline\($0)@example.com", client: $0) }.joined())
            for i in 2...4 {
                let r = try RawHTTP.next(fd, &pending)
                #expect(r.status == 303, "request \(i): \(r.status) \(r.text)")
            }
            // A page on the same connection, then one that asks to close.
            RawHTTP.send(fd, "GET /membres/inconnu HTTP/1.1\r\nHost: news.example.com\r\n\r\n")
            let page = try RawHTTP.next(fd, &pending)
            #expect(page.status == 404 && page.text.contains("<h1>"))
            RawHTTP.send(fd, Self.post("derniere@example.com", client: 5, extra: "Connection: close\r\n"))
            let last = try RawHTTP.next(fd, &pending)
            #expect(last.status == 303 && last.headers["connection"] == "close")
            #expect(RawHTTP.closed(fd), "the connection stayed open after Connection: close")
            let emails = ["abena.owusu@example.com", "derniere@example.com"] + (2...4).map { "pipeline\($0)@example.com" }
            #expect(try site.store().members(status: .pending).map(\.email).sorted() == emails.sorted())
            #expect(sink.wait(for: 5).flatMap(\.to).sorted() == emails.sorted())
        }
    }

    @Test func chunkedBodiesHundredContinueAndHTTP10() throws {
        try MembersSite.serving { site, sink, serve throws in
            // Chunked, with a chunk extension and a trailer field: read whole.
            let body = Array(Self.form("kwame.asante@example.com").utf8)
            let chunked = "\(String(10, radix: 16));note=x\r\n" + String(decoding: body[..<10], as: UTF8.self) + "\r\n"
                + String(body.count - 10, radix: 16) + "\r\n" + String(decoding: body[10...], as: UTF8.self) + "\r\n0\r\nX-Fin: oui\r\n\r\n"
            let whole = try RawHTTP.connect(serve.port)
            defer { close(whole) }
            RawHTTP.send(whole, "POST /membres/inscription HTTP/1.1\r\nHost: news.example.com\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n" + chunked)
            var answers = Data()
            let r = try RawHTTP.next(whole, &answers)
            #expect(r.status == 303, "\(r.status) \(r.text)")
            #expect(try site.status("kwame.asante@example.com") == .pending)

            // Expect: 100-continue: the interim answer first, the body after it.
            let fd = try RawHTTP.connect(serve.port)
            defer { close(fd) }
            let form = Self.form("efua.mensah@example.com")
            RawHTTP.send(fd, "POST /membres/inscription HTTP/1.1\r\nHost: news.example.com\r\nExpect: 100-continue\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n")
            var pending = Data()
            let interim = try RawHTTP.next(fd, &pending)
            #expect(interim.status == 100)
            RawHTTP.send(fd, form)
            #expect(try RawHTTP.next(fd, &pending).status == 303)
            #expect(try site.status("efua.mensah@example.com") == .pending)

            // HTTP/1.0: closed after the answer unless it asks to keep the connection.
            let old = try RawHTTP.connect(serve.port)
            defer { close(old) }
            RawHTTP.send(old, "GET /membres/desabonnement HTTP/1.0\r\n\r\n")
            var rest = Data()
            #expect(try RawHTTP.next(old, &rest).status == 200)
            #expect(RawHTTP.closed(old))
            #expect(sink.wait(for: 2).count == 2)
        }
    }

    @Test func requestsThatCannotBeReadAreRefusedAndTheConnectionClosed() throws {
        try MembersSite.serving { site, sink, serve throws in
            let empty = try site.snapshot()
            let form = Self.form("yaw.boateng@example.com")
            let head = "POST /membres/inscription HTTP/1.1\r\nHost: news.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            let cases: [(what: String, bytes: String, status: Int)] = [
                ("not a request line", "BONJOUR\r\n\r\n", 400),
                ("a request line with a space in the target", "GET /membres/ desabonnement HTTP/1.1\r\n\r\n", 400),
                ("another version", "GET /membres/desabonnement HTTP/2.0\r\n\r\n", 400),
                ("a space before the colon", head + "Content-Length : \(form.utf8.count)\r\n\r\n" + form, 400),
                ("a folded header line", head + "X-Forwarded-For: 10.0.0.1,\r\n 10.0.0.2\r\nContent-Length: \(form.utf8.count)\r\n\r\n" + form, 400),
                ("a control character in a value", head + "X-Note: a\u{01}b\r\nContent-Length: \(form.utf8.count)\r\n\r\n" + form, 400),
                ("two lengths that differ", head + "Content-Length: \(form.utf8.count)\r\nContent-Length: 3\r\n\r\n" + form, 400),
                ("a length that is not a number", head + "Content-Length: -\(form.utf8.count)\r\n\r\n" + form, 400),
                ("a length and chunked", head + "Content-Length: \(form.utf8.count)\r\nTransfer-Encoding: chunked\r\n\r\n" + form, 400),
                ("a chunk without its size", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + form + "\r\n0\r\n\r\n", 400),
                ("a coding other than chunked", head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
                ("a body announced over 16 KB", head + "Content-Length: 20000\r\n\r\n" + form, 413),
                ("a chunked body over 16 KB", head + "Transfer-Encoding: chunked\r\n\r\n" + String(repeating: "1000\r\n" + String(repeating: "a", count: 4096) + "\r\n", count: 5), 413),
                ("header fields over 16 KB", head + "X-Long: " + String(repeating: "b", count: 17_000) + "\r\n\r\n", 431),
            ]
            for c in cases {
                let fd = try RawHTTP.connect(serve.port)
                defer { close(fd) }
                RawHTTP.send(fd, c.bytes)
                var pending = Data()
                let r = try RawHTTP.next(fd, &pending)
                #expect(r.status == c.status, "\(c.what): \(r.status) \(r.text)")
                #expect(r.headers["content-type"] == "text/html; charset=utf-8" && r.text.contains("<h1>"), "\(c.what): \(r.text)")
                #expect(r.headers["connection"] == "close" && RawHTTP.closed(fd), "\(c.what): the connection stayed open")
            }
            #expect(try site.snapshot() == empty, "a request that could not be read changed the members")
            // The service is still there.
            #expect(try serve.subscribe("yaw.boateng@example.com").status == 303)
            #expect(sink.wait(for: 1).map(\.to) == [["yaw.boateng@example.com"]])
        }
    }

    /// With `--idle-timeout 1`: a connection that sends nothing, half a request, a byte at a
    /// time, or nothing after its answer is closed by the server (the client's reads wait 10 s).
    @Test func idleAndSlowConnectionsAreClosed() throws {
        try MembersSite.serving(arguments: ["--idle-timeout", "1"]) { site, sink, serve throws in
            /// The server ended the connection: end of stream, or a reset when bytes were in flight.
            func ended(_ fd: Int32) -> Bool {
                var byte: UInt8 = 0
                let n = recv(fd, &byte, 1, 0)
                return n == 0 || n < 0 && errno == ECONNRESET
            }
            let silent = try RawHTTP.connect(serve.port), half = try RawHTTP.connect(serve.port)
            let trickle = try RawHTTP.connect(serve.port), answered = try RawHTTP.connect(serve.port)
            defer { [silent, half, trickle, answered].forEach { close($0) } }
            RawHTTP.send(half, "POST /membres/inscription HTTP/1.1\r\nHost: news.example.com\r\n")
            var pending = Data()
            RawHTTP.send(answered, Self.post("akosua.mensah@example.com", client: 1))
            #expect(try RawHTTP.next(answered, &pending).status == 303)
            // A byte every quarter of a second for three seconds: activity, never a request.
            for byte in "GET /membres/".utf8 {
                RawHTTP.send(trickle, String(UnicodeScalar(byte)))
                usleep(250_000)
            }
            #expect(ended(trickle), "a request sent a byte at a time kept its connection")
            #expect(ended(silent), "a connection that sent nothing stayed open")
            #expect(ended(half), "half a request kept its connection")
            #expect(ended(answered), "a kept-alive connection stayed open past the timeout")
            #expect(sink.wait(for: 1).map(\.to) == [["akosua.mensah@example.com"]])
            #expect(try serve.subscribe("kofi.annan@example.com").status == 303)
        }
    }
}
