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

    let process = Process()
    let out: String
    private let stdin = Pipe()
    private(set) var port = 0

    /// The python with aiosmtpd: Debian's (pyenv's first python3 on PATH may lack it).
    static let python = "/usr/bin/python3"

    init(refuse: [String] = [], user: String? = nil, password: String? = nil) throws {
        out = NSTemporaryDirectory() + "kiosque-sink-\(UUID().uuidString)"
        var args = [(packageRoot as NSString).appendingPathComponent("Tests/smtp_sink.py"), "--out", out]
        for r in refuse { args += ["--refuse", r] }
        if let user, let password { args += ["--user", user, "--password", password] }
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = args
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        try process.run()
        // "PORT n" once it listens.
        var line = Data()
        while true {
            let b = stdout.fileHandleForReading.readData(ofLength: 1)
            if b.isEmpty || b == Data("\n".utf8) { break }
            line += b
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let p = Int(text.dropFirst(5)) else {
            process.terminate()
            throw SinkError(description: "the SMTP sink did not start (is python3-aiosmtpd installed for \(Self.python)?): \(text)")
        }
        port = p
    }

    struct SinkError: Error, CustomStringConvertible { var description: String }

    var url: String { "smtp://127.0.0.1:\(port)" }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: out)
    }

    deinit { stop() }

    var received: [Received] {
        guard let log = FileManager.default.contents(atPath: out + "/log.jsonl") else { return [] }
        return String(decoding: log, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let n = o["n"] as? Int else { return nil }
            let file = out + String(format: "/%06d.eml", n)
            let msg = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return Received(n: n, from: o["from"] as? String ?? "", to: o["to"] as? [String] ?? [],
                            clientPort: o["client_port"] as? Int ?? 0, user: o["user"] as? String, message: msg)
        }
    }
}
