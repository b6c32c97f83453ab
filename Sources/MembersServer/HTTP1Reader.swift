import MIME

extension HTTP1 {
    /// The requests in a connection's bytes, one after the other (pipelined ones too), read
    /// strictly (RFC 9112): a line that is not a request line or a header field, an
    /// ambiguous body length, more than `maxHead` bytes before the body or `maxBody` of body
    /// is a `Refusal`, never a guess.
    struct Reader {
        let maxHead: Int
        let maxBody: Int
        /// What was received and not read yet starts at `start`.
        private var buffer: [UInt8] = []
        private var start = 0
        /// A head read whose body is still coming.
        private var pending: Head?

        init(maxHead: Int, maxBody: Int) {
            self.maxHead = maxHead
            self.maxBody = maxBody
        }

        mutating func append(_ bytes: [UInt8]) {
            if start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 4096 {
                buffer.removeFirst(start)
                start = 0
            }
            buffer += bytes
        }

        /// The next whole request, or nil until more bytes come.
        mutating func next(peer: String?) throws(Refusal) -> Request? {
            if pending == nil {
                guard let (head, end) = try Self.head(buffer, from: start, limit: maxHead) else { return nil }
                if case .length(let n) = head.body, n > maxBody { throw .bodyTooLarge }
                pending = head
                start = end
            }
            guard let head = pending, let (body, end) = try body(of: head) else { return nil }
            pending = nil
            start = end
            return Request(method: head.method, path: head.path, query: head.query, headers: head.headers, body: body,
                           peer: peer, keepAlive: head.keepAlive)
        }

        /// True when the head read asks for `100 Continue` before its body (RFC 9110 §10.1.1),
        /// which has not started to come.
        var awaitsContinue: Bool { pending?.expectsContinue == true && start == buffer.count }

        mutating func continueSent() { pending?.expectsContinue = false }

        struct Head {
            var method: String
            var path: String
            var query: String
            var headers: Fields
            var body: Body
            var keepAlive: Bool
            var expectsContinue: Bool
        }

        enum Body: Equatable {
            case length(Int)
            case chunked
        }

        private func body(of head: Head) throws(Refusal) -> ([UInt8], Int)? {
            switch head.body {
            case .length(let n):
                guard buffer.count - start >= n else { return nil }
                return (Array(buffer[start..<(start + n)]), start + n)
            case .chunked:
                return try Self.chunks(buffer, from: start, limit: maxBody)
            }
        }

        // MARK: the head

        /// The request line and header fields from `from`, and where the body starts; nil
        /// while the empty line that ends them has not come.
        static func head(_ b: [UInt8], from: Int, limit: Int) throws(Refusal) -> (Head, Int)? {
            var i = from
            // Empty lines before a request line are ignored (RFC 9112 §2.2).
            while i < b.count, b[i] == cr || b[i] == lf { i += 1 }
            var lines: [Range<Int>] = []
            var lineStart = i
            var end: Int?
            while i < b.count {
                if b[i] == lf {
                    let line = lineStart..<(i > lineStart && b[i - 1] == cr ? i - 1 : i)
                    i += 1
                    if line.isEmpty { end = i; break }
                    lines.append(line)
                    lineStart = i
                } else {
                    i += 1
                }
                if i - from > limit { throw .headTooLarge }
            }
            guard let end else {
                if b.count - from > limit { throw .headTooLarge }
                return nil
            }
            let (method, target, version) = try requestLine(b[lines[0]])
            var headers = Fields()
            headers.list.reserveCapacity(lines.count - 1)
            for line in lines.dropFirst() { headers.list.append(try field(b[line])) }
            let q = target.firstIndex(of: UInt8(ascii: "?"))
            var head = Head(method: method, path: String(decoding: target[..<(q ?? target.endIndex)], as: UTF8.self),
                            query: q.map { String(decoding: target[(target.index(after: $0))...], as: UTF8.self) } ?? "",
                            headers: headers, body: .length(0), keepAlive: version == "HTTP/1.1", expectsContinue: false)
            let connection = headers.tokens("connection")
            if connection.contains("close") { head.keepAlive = false }
            if version == "HTTP/1.0" && connection.contains("keep-alive") { head.keepAlive = true }
            head.body = try framing(headers)
            head.expectsContinue = version == "HTTP/1.1" && head.body != .length(0) && headers.tokens("expect") == ["100-continue"]
            return (head, end)
        }

        /// `METHOD SP target SP HTTP/1.x`.
        static func requestLine(_ line: ArraySlice<UInt8>) throws(Refusal) -> (String, ArraySlice<UInt8>, String) {
            let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isToken),
                  !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw .malformed("La première ligne de la demande n’est pas de la forme « MÉTHODE /chemin HTTP/1.1 ».")
            }
            let version = String(decoding: parts[2], as: UTF8.self)
            guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
                throw .malformed("Seuls HTTP/1.1 et HTTP/1.0 sont compris ici.")
            }
            return (String(decoding: parts[0], as: UTF8.self), parts[1], version)
        }

        /// `name: value`, the name lower-cased, the value without the spaces around it.
        static func field(_ line: ArraySlice<UInt8>) throws(Refusal) -> (name: String, value: String) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[..<colon].allSatisfy(isToken) else {
                // Among others, a line folded onto the previous one (obsolete, RFC 9112 §5.2).
                throw .malformed("Un en-tête de la demande n’est pas de la forme « Nom: valeur ».")
            }
            let value = line[(colon + 1)...]
            guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else {
                throw .malformed("Un en-tête de la demande contient un caractère de contrôle.")
            }
            let name = String(decoding: line[..<colon].map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
            return (name, String(String(decoding: value, as: UTF8.self).trimmingSpaces))
        }

        /// How the body is delimited (RFC 9112 §6.3): `chunked`, or one `Content-Length`.
        static func framing(_ headers: Fields) throws(Refusal) -> Body {
            let lengths = headers.tokens("content-length")
            if headers["transfer-encoding"] != nil {
                guard lengths.isEmpty else {
                    throw .malformed("La demande donne à la fois Content-Length et Transfer-Encoding.")
                }
                guard headers.tokens("transfer-encoding") == ["chunked"] else { throw .unsupportedCoding }
                return .chunked
            }
            guard let first = lengths.first else { return .length(0) }
            guard lengths.allSatisfy({ $0 == first }), (1...18).contains(first.utf8.count),
                  first.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(first) else {
                throw .malformed("Le Content-Length de la demande n’est pas un nombre d’octets.")
            }
            return .length(n)
        }

        // MARK: chunked

        /// A `chunked` body from `from` (RFC 9112 §7.1), extensions and trailer fields read
        /// and dropped, and where it ends; nil until its last chunk has come. Its framing may
        /// take as many bytes again as its data, no more.
        static func chunks(_ b: [UInt8], from: Int, limit: Int) throws(Refusal) -> ([UInt8], Int)? {
            guard let (body, end) = try chunksIfWhole(b, from: from, limit: limit) else {
                if b.count - from > 2 * limit { throw .bodyTooLarge }
                return nil
            }
            if end - from > 2 * limit { throw .bodyTooLarge }
            return (body, end)
        }

        private static func chunksIfWhole(_ b: [UInt8], from: Int, limit: Int) throws(Refusal) -> ([UInt8], Int)? {
            var body: [UInt8] = []
            var i = from
            while true {
                guard let sizeLine = line(b, from: i) else { return nil }
                let digits = b[sizeLine.range].prefix { Hex.value($0) != nil }
                guard !digits.isEmpty, digits.count <= 6, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16) else {
                    throw .malformed("Un morceau du corps de la demande (chunked) n’annonce pas sa taille.")
                }
                i = sizeLine.next
                if size == 0 { break }
                guard body.count + size <= limit else { throw .bodyTooLarge }
                guard b.count - i >= size + 1 else { return nil }
                body += b[i..<(i + size)]
                i += size
                guard let end = line(b, from: i) else { return nil }
                guard end.range.isEmpty else {
                    throw .malformed("Un morceau du corps de la demande (chunked) est plus long que sa taille.")
                }
                i = end.next
            }
            // Trailer fields, up to the empty line.
            while true {
                guard let trailer = line(b, from: i) else { return nil }
                i = trailer.next
                if trailer.range.isEmpty { return (body, i) }
            }
        }

        /// The line starting at `from` (without its CR LF or LF) and where the next starts.
        static func line(_ b: [UInt8], from: Int) -> (range: Range<Int>, next: Int)? {
            guard let lf = b[from...].firstIndex(of: lf) else { return nil }
            return (from..<(lf > from && b[lf - 1] == cr ? lf - 1 : lf), lf + 1)
        }

        static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        /// A `tchar` of RFC 9110 §5.6.2.
        static func isToken(_ c: UInt8) -> Bool {
            switch c {
            case 48...57, 65...90, 97...122: true
            case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
                 UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
                 UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): true
            default: false
            }
        }
    }
}
