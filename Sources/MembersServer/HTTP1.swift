/// HTTP/1.1 as `members serve` speaks it behind the site's proxy: a request read whole (its
/// body is a form of a few hundred bytes), an answer written in one piece.
enum HTTP1 {
    struct Request: Sendable {
        var method: String
        /// As sent, percent-escapes and all (`/membres/inscription`).
        var path: String
        /// After the `?`, as sent (empty when there is none).
        var query: String
        var headers: Fields
        var body: [UInt8]
        /// The connection's peer address.
        var peer: String?
        /// False when the client asked to close after this request (or HTTP/1.0 did not ask to keep it).
        var keepAlive: Bool
    }

    /// A request's header fields: names lower-cased, in the order received.
    struct Fields: Sendable {
        var list: [(name: String, value: String)] = []

        /// The field `name` (lower-case), several lines of it joined with ", " (RFC 9110 §5.3).
        subscript(_ name: String) -> String? {
            var found: String?
            for h in list where h.name == name { found = found.map { $0 + ", " + h.value } ?? h.value }
            return found
        }

        /// The comma-separated tokens of `name`, lower-cased (`Connection: keep-alive, Upgrade`).
        func tokens(_ name: String) -> [Substring] {
            (self[name] ?? "").lowercased().split(separator: ",").map { $0.trimmingSpaces }
        }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// An answer to `HEAD`: the body's length is sent, not the body.
        var headOnly = false

        init(status: Int, headers: [(name: String, value: String)], body: [UInt8] = [], headOnly: Bool = false) {
            self.status = status
            self.headers = headers
            self.body = body
            self.headOnly = headOnly
        }

        /// The bytes on the wire, `Content-Length` included; `Connection: close` when the
        /// connection ends after it.
        func encoded(closing: Bool) -> [UInt8] {
            var head = "HTTP/1.1 \(status) \(HTTP1.phrase(status))\r\n"
            for h in headers { head += "\(h.name): \(h.value)\r\n" }
            head += "Content-Length: \(body.count)\r\n"
            if closing { head += "Connection: close\r\n" }
            head += "\r\n"
            var out = Array(head.utf8)
            if !headOnly { out += body }
            return out
        }
    }

    /// A request that cannot be read: answered with its status, then the connection is closed
    /// (what follows it on the connection cannot be trusted to start a request).
    enum Refusal: Error, Equatable {
        /// 400: what is wrong with it.
        case malformed(String)
        /// 413: a body over the limit.
        case bodyTooLarge
        /// 431: a request line and header fields over the limit.
        case headTooLarge
        /// 501: a transfer coding other than `chunked`.
        case unsupportedCoding
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 501: "Not Implemented"
        default: "Service Unavailable"
        }
    }
}

extension StringProtocol {
    /// Without the spaces and tabs around it (a header field's optional whitespace).
    var trimmingSpaces: Substring {
        let s = self[...]
        var lo = s.startIndex, hi = s.endIndex
        while lo < hi, s[lo] == " " || s[lo] == "\t" { lo = s.index(after: lo) }
        while lo < hi, s[s.index(before: hi)] == " " || s[s.index(before: hi)] == "\t" { hi = s.index(before: hi) }
        return Substring(s[lo..<hi])
    }
}
