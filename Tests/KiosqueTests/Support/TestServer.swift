import Fetch
import Foundation

/// The Python scenario server of Support/feed_server.py, started once for the whole test
/// run on a free 127.0.0.1 port. It exits when this process closes its standard input.
final class TestServer: @unchecked Sendable {  // immutable after init
    static let shared = TestServer()

    let port: Int
    private let process: Process
    private let input: Pipe

    private init() {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("feed_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try! process.run()
        var line = Data()
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let b = byte.first, b != 10 { line.append(b) }
        port = Int(String(decoding: line, as: UTF8.self)) ?? 0
        precondition(port > 0, "the test server did not start (is python3 installed?)")
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The requests the server received, in order.
    func requests() -> [[String: Any]] {
        guard case .success(let r) = HTTPClient(options: FetchOptions()).fetch(HTTPRequest(url: url("/_requests"))),
              let list = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [[String: Any]] else {
            preconditionFailure("the test server did not list its requests")
        }
        return list
    }

    func requestCount(_ path: String) -> Int { requests().filter { $0["path"] as? String == path }.count }

    /// For the requests of `/link/slow/…` and `/latency/…` with this query: Host header -> the
    /// most the server was answering at once.
    func mostAtOnce(query: String) -> [String: Int] {
        guard case .success(let r) = HTTPClient(options: FetchOptions()).fetch(HTTPRequest(url: url("/_max_in_flight?\(query)"))),
              let most = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Int] else {
            preconditionFailure("the test server did not say how many requests it answered at once")
        }
        return most
    }
}
