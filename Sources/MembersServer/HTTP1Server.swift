import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What answers the requests an `HTTP1Server` reads.
protocol HTTP1Handler: Sendable {
    func respond(to request: HTTP1.Request) async -> HTTP1.Response
    /// The answer to a request that could not be read, before the connection closes.
    func refusal(_ refusal: HTTP1.Refusal) -> HTTP1.Response
}

/// Connections to `members serve`, on FlyingFox's sockets and its epoll pool: one task per
/// connection that reads its requests in turn (`HTTP1.Reader`) and writes each answer in one
/// piece. No task, actor or timer per request, and header fields read from the bytes as they
/// came: FlyingFox's `HTTPServer` spends several times the service's own work on each request
/// there (see README, "Members").
///
/// A connection has `idleTimeout` for each request to arrive whole (and its answer to be
/// taken): one that sends nothing, or a byte at a time, is shut then, as nginx's
/// `client_header_timeout` and `keepalive_timeout` do; otherwise idle clients would hold a
/// descriptor and a task each until the process runs out.
final class HTTP1Server: Sendable {
    let socket: Socket
    let pool: SocketPool<ePoll>
    let maxHead: Int
    let maxBody: Int
    let deadlines: Deadlines

    /// Listening on `address` once it returns (connections wait in the backlog until `run`).
    init(address: some SocketAddress, maxHead: Int, maxBody: Int, idleTimeout: Duration) throws {
        socket = try Socket(domain: Int32(type(of: address).family), type: .stream)
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: address)
        try socket.listen()
        pool = .ePoll(maxEvents: 256)
        self.maxHead = maxHead
        self.maxBody = maxBody
        deadlines = Deadlines(timeout: idleTimeout)
    }

    var port: UInt16? {
        switch try? socket.sockname() {
        case .ip4(_, let port)?, .ip6(_, let port)?: port
        default: nil
        }
    }

    /// Accepts and serves connections until the pool or the listening socket fails.
    func run(_ handler: some HTTP1Handler) async throws {
        try await pool.prepare()
        let listener = try AsyncSocket(socket: socket, pool: pool)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [pool] in try await pool.run() }
            group.addTask { [deadlines] in
                while true {
                    try await Task.sleep(for: min(.seconds(1), deadlines.timeout / 4))
                    deadlines.shutExpired()
                }
            }
            group.addTask { [self] in
                try await withThrowingDiscardingTaskGroup { connections in
                    for try await connection in listener.sockets {
                        connections.addTask { await self.serve(connection, handler) }
                    }
                }
                throw SocketError.disconnected
            }
            try await group.next()
        }
    }

    /// A connection's requests, until it closes, asks to, or sends one that cannot be read.
    func serve(_ connection: AsyncSocket, _ handler: some HTTP1Handler) async {
        let fd = connection.socket.file.rawValue
        deadlines.arm(fd)
        defer {
            deadlines.disarm(fd)  // before the descriptor can be another connection's
            try? connection.close()
        }
        let peer: String? = switch try? connection.socket.remotePeer() {
        case .ip4(let ip, _)?, .ip6(let ip, _)?: ip
        default: nil
        }
        var reader = HTTP1.Reader(maxHead: maxHead, maxBody: maxBody)
        do {
            while true {
                let request: HTTP1.Request
                do {
                    guard let r = try reader.next(peer: peer) else {
                        if reader.awaitsContinue {
                            try await write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), to: connection)
                            reader.continueSent()
                        }
                        reader.append(try await connection.read(atMost: 8192))
                        continue
                    }
                    request = r
                } catch let refusal as HTTP1.Refusal {
                    try await write(handler.refusal(refusal).encoded(closing: true), to: connection)
                    Self.lingeringClose(connection.socket)
                    return
                }
                deadlines.disarm(fd)  // the service's time is not the client's
                let response = await handler.respond(to: request)
                deadlines.arm(fd)  // to take the answer, then to send the next request
                try await write(response.encoded(closing: !request.keepAlive), to: connection)
                if !request.keepAlive { return }
            }
        } catch {
            return  // the peer left, or the socket failed: nothing more to say on it
        }
    }

    /// Closing a socket with bytes still unread makes the kernel reset the connection, and the
    /// client may lose the answer it has not read yet: the sending side is shut first, and what
    /// has arrived of the rest of the request is read and dropped.
    static func lingeringClose(_ socket: Socket) {
        _ = shutdown(socket.file.rawValue, Int32(SHUT_WR))
        var dropped = 0
        while dropped < 1 << 20, let bytes = try? socket.read(atMost: 65536) { dropped += bytes.count }
    }

    private func write(_ bytes: [UInt8], to connection: AsyncSocket) async throws {
        try await connection.write(Data(bytes))
    }

    /// When each connection's time is up, by descriptor. Shutting a socket (not closing it)
    /// wakes its pending read or write with an end of stream, and its task closes it.
    final class Deadlines: @unchecked Sendable {  // under the lock only
        let timeout: Duration
        private let lock = NSLock()
        private var due: [Int32: ContinuousClock.Instant] = [:]

        init(timeout: Duration) { self.timeout = timeout }

        func arm(_ fd: Int32) {
            let t = ContinuousClock.now + timeout
            lock.withLock { due[fd] = t }
        }

        func disarm(_ fd: Int32) { lock.withLock { _ = due.removeValue(forKey: fd) } }

        /// Shut under the lock: a descriptor disarmed is not shut once it is reused.
        func shutExpired() {
            let now = ContinuousClock.now
            lock.withLock {
                for (fd, t) in due where t <= now {
                    _ = shutdown(fd, Int32(SHUT_RDWR))
                    due[fd] = nil
                }
            }
        }
    }
}
