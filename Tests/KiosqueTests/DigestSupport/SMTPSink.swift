import Foundation

/// A real SMTP server on 127.0.0.1 (Tests/smtp_sink.py on Debian's python3-aiosmtpd) that
/// keeps every message it accepts.
final class SMTPSink {
    struct Received {
        var n: Int
        var from: String
        var to: [String]
        var clientPort: Int
        var user: String?
        var message: String
    }

    let server: PythonServer
    let out: String
    var port: Int { server.port }

    init(refuse: [String] = [], user: String? = nil, password: String? = nil) throws {
        out = NSTemporaryDirectory() + "kiosque-sink-\(UUID().uuidString)"
        var args = ["--out", out]
        for r in refuse { args += ["--refuse", r] }
        if let user, let password { args += ["--user", user, "--password", password] }
        server = try PythonServer("Tests/smtp_sink.py", args, what: "the SMTP sink (is python3-aiosmtpd installed for \(PythonServer.python)?)")
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: out)
    }

    deinit { stop() }

    var received: [Received] {
        logEntries.compactMap { o in
            guard let n = o["n"] as? Int else { return nil }
            let file = out + String(format: "/%06d.eml", n)
            let msg = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Received(n: n, from: o["from"] as? String ?? "", to: o["to"] as? [String] ?? [],
                            clientPort: o["client_port"] as? Int ?? 0, user: o["user"] as? String, message: msg)
        }
    }

    /// The envelope recipients of every message accepted, the messages left unread.
    var deliveries: [String] { logEntries.flatMap { $0["to"] as? [String] ?? [] } }

    private var logEntries: [[String: Any]] {
        guard let log = FileManager.default.contents(atPath: out + "/log.jsonl") else { return [] }
        return String(decoding: log, as: UTF8.self).split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }
}

/// A test server of `Tests/` in Debian's python, listening on a free 127.0.0.1 port that it
/// prints as "PORT n" once ready; it stops on SIGTERM or when its stdin closes.
final class PythonServer {
    let process = Process()
    private let stdin = Pipe()
    private(set) var port = 0

    /// The python with aiosmtpd: Debian's (pyenv's first python3 on PATH may lack it).
    static let python = "/usr/bin/python3"

    init(_ script: String, _ arguments: [String], what: String) throws {
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [(packageRoot as NSString).appendingPathComponent(script)] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        var line = Data()
        while true {
            let b = stdout.fileHandleForReading.readData(ofLength: 1)
            if b.isEmpty || b == Data("\n".utf8) { break }
            line += b
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let p = Int(text.dropFirst(5)) else {
            process.terminate()
            throw StartError(description: "\(what) did not start: \(text)")
        }
        port = p
    }

    struct StartError: Error, CustomStringConvertible { var description: String }

    /// Closes its stdin (SIGTERM may reach it blocked: a child inherits the test runner's
    /// signal mask), and SIGKILL if it is still there 5 s later.
    func stop() {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5, execute: watchdog)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        watchdog.cancel()
    }

    deinit { stop() }
}
