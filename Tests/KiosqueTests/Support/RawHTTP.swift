import Foundation

/// HTTP/1.1 over a plain socket to 127.0.0.1, byte for byte as written: the request target
/// is sent exactly as given (no client normalises `..` or `%2e` away), for the tests that
/// try to break out of a server's folder.
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A connected socket, or an error.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    static func send(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// One request on a connection of its own (`Connection: close`), the whole response read.
    /// With a `body`, its `Content-Length` is sent (and a form's content type, unless given).
    static func request(_ port: Int, _ target: String, method: String = "GET", headers: [String: String] = [:],
                        body: String? = nil) throws -> Response {
        let fd = try connect(port)
        defer { close(fd) }
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        var headers = headers
        if let body {
            headers["Content-Length"] = headers["Content-Length"] ?? String(body.utf8.count)
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            }
        }
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        send(fd, text + "\r\n" + (body ?? ""))
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return try parse(data, method: method)
    }

    /// The next response on a connection kept open: its head, then its `Content-Length` of body
    /// (`pending`: bytes read past the previous one, kept for the next).
    static func next(_ fd: Int32, _ pending: inout Data) throws -> Response {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = pending.range(of: Data("\r\n\r\n".utf8)) {
                let head = try parse(pending[..<end.upperBound])
                let length = Int(head.headers["content-length"] ?? "0") ?? 0
                if pending.distance(from: end.upperBound, to: pending.endIndex) >= length {
                    let stop = pending.index(end.upperBound, offsetBy: length)
                    let response = try parse(pending[..<stop])
                    pending = Data(pending[stop...])
                    return response
                }
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { throw Failure(description: "the connection closed before a whole response: \(String(decoding: pending, as: UTF8.self))") }
            pending.append(contentsOf: buffer[0..<n])
        }
    }

    /// True when the server closed the connection (nothing more comes, within the 10 s timeout).
    static func closed(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    static func parse(_ data: Data, method: String = "GET") throws -> Response {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no complete response: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: method == "HEAD" ? Data() : body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data(), rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            guard let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { out.append(rest[start...]); break }
            let stop = rest.index(start, offsetBy: size)
            out.append(rest[start..<stop])
            rest = rest[min(rest.endIndex, rest.index(stop, offsetBy: 2))...]
        }
        return out
    }
}

/// `kiosque serve` (or `members serve`) as the tests run it: on a free port, read from its
/// standard output.
final class ServeProcess: @unchecked Sendable {  // `lines` is guarded by `lock`
    let process = Process()
    let port: Int
    private let output = Pipe()
    private let errors: String
    private var lines: [String] = []
    private let lock = NSLock()

    convenience init(site: String, arguments: [String] = []) throws {
        try self.init(["serve", "--site", site, "--port", "0"] + arguments, ready: "serving http://")
    }

    /// `ready`: how the line that gives the port starts (`http://HOST:PORT/` follows it).
    init(_ arguments: [String], ready: String, environment: [String: String] = [:]) throws {
        guard let exe = CLI.executable() else { throw RawHTTP.Failure(description: "kiosque not built") }
        errors = NSTemporaryDirectory() + "serve-\(UUID().uuidString).err"
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for k in ["KIOSQUE_SMTP_URL", "KIOSQUE_SMTP_USER", "KIOSQUE_SMTP_PASSWORD"] { env[k] = nil }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // "serving http://127.0.0.1:PORT/ (…)" once it accepts connections.
        let ready = ready.hasSuffix("http://") ? ready : ready + "http://"
        var port = 0
        var pending = Data()
        let deadline = Date().addingTimeInterval(60)
        let fd = output.fileHandleForReading.fileDescriptor
        while port == 0 && Date() < deadline && process.isRunning {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 200) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            pending.append(contentsOf: buffer[0..<n])
            while let nl = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                lines.append(line)
                // "serving http://HOST:PORT/ (…)"
                if line.hasPrefix(ready), let colon = line.dropFirst(ready.count).prefix { $0 != "/" }.lastIndex(of: ":"),
                   let p = Int(line[line.index(after: colon)...].prefix { $0.isNumber }) { port = p }
            }
        }
        self.port = port
        guard port > 0 else {
            stop()
            throw RawHTTP.Failure(description: "kiosque \(arguments.prefix(2).joined(separator: " ")) did not start: \(lines) \(stderr)")
        }
        // The rest of its output, as it comes.
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [weak self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return }
                guard let self else { return }
                self.lock.withLock {
                    self.lines += String(decoding: chunk, as: UTF8.self).split(separator: "\n").map(String.init)
                }
            }
        }
    }

    var stdout: [String] { lock.withLock { lines } }
    var stderr: String { (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "" }

    func get(_ target: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil) throws -> RawHTTP.Response {
        try RawHTTP.request(port, target, method: method, headers: headers, body: body)
    }

    /// SIGTERM, then how long it took to exit (SIGKILL after 10 s).
    @discardableResult
    func stop() -> Double {
        guard process.isRunning else { return 0 }
        let t = Date()
        kill(process.processIdentifier, SIGTERM)
        while process.isRunning && Date().timeIntervalSince(t) < 10 { usleep(5_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return Date().timeIntervalSince(t)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: errors)
    }
}

/// A listener on `/_kiosque/events` that collects the events it receives.
final class EventListener: @unchecked Sendable {  // `received` is guarded by `lock`
    private let fd: Int32
    private var received = Data()
    private let lock = NSLock()

    init(port: Int) throws {
        fd = try RawHTTP.connect(port)
        RawHTTP.send(fd, "GET /_kiosque/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        let fd = fd
        Thread.detachNewThread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n < 0 && errno == EAGAIN { continue }
                if n <= 0 { return }
                guard let self else { return }
                self.lock.withLock { self.received.append(contentsOf: buffer[0..<n]) }
            }
        }
    }

    /// The `data:` of the `reload` events so far.
    var reloads: [String] {
        let text = lock.withLock { String(decoding: received, as: UTF8.self) }
        return text.components(separatedBy: "event: reload\n").dropFirst().compactMap { part in
            part.split(separator: "\n").first { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
        }
    }

    /// Waits up to `seconds` for a reload event whose data satisfies `accept`.
    func waitForReload(within seconds: Double, _ accept: (String) -> Bool = { _ in true }) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if let r = reloads.first(where: accept) { return r }
            usleep(10_000)
        } while Date() < deadline
        return nil
    }

    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
}
