import Foundation

/// Kill tests: run a `kiosque` command and SIGKILL it at a seeded random instant, then let
/// the test check that what it leaves is the old state or the new one.
///
/// `KIOSQUE_KILL_POINTS` sets how many instants each harness tries (default 20; `make
/// torture` sets hundreds); `KIOSQUE_KILL_SEED` the seed (default below), printed with every
/// failure so that a failing point can be replayed.
enum KillHarness {
    static var points: Int {
        ProcessInfo.processInfo.environment["KIOSQUE_KILL_POINTS"].flatMap(Int.init).map { max(1, $0) } ?? 20
    }

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["KIOSQUE_KILL_SEED"].flatMap { UInt64($0) } ?? 2026_12_01
    }

    /// SplitMix64: the same seed gives the same instants on every machine.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    struct Run {
        /// Whether the process was still running when the kill came.
        var killed: Bool
        /// The exit status when it finished on its own.
        var status: Int32
        var seconds: Double
    }

    /// Starts `kiosque arguments` and sends it SIGKILL after `delay` seconds, unless it has
    /// finished by then. Output goes to `log` (appended), so no pipe can block the child.
    static func run(_ arguments: [String], killAfter delay: Double?, environment: [String: String] = [:],
                    log: String? = nil) throws -> Run {
        guard let exe = CLI.executable() else {
            throw CLI.CLIError(description: "the kiosque executable was not found (run `swift build` first)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for k in ["KIOSQUE_SMTP_URL", "KIOSQUE_SMTP_USER", "KIOSQUE_SMTP_PASSWORD"] { env[k] = nil }
        env.merge(environment) { $1 }
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        let out: FileHandle
        if let log {
            if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
            out = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            out.seekToEndOfFile()
        } else {
            out = FileHandle.nullDevice
        }
        defer { if log != nil { try? out.close() } }
        p.standardOutput = out
        p.standardError = out
        let started = Date()
        try p.run()
        var killed = false
        if let delay {
            let deadline = started.addingTimeInterval(delay)
            while p.isRunning && Date() < deadline { usleep(200) }
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                killed = true
            }
        }
        p.waitUntilExit()
        killed = killed && p.terminationReason == .uncaughtSignal
        return Run(killed: killed, status: p.terminationStatus, seconds: Date().timeIntervalSince(started))
    }

    /// Instants spread over a run that takes `duration` seconds uninterrupted: uniform over
    /// 0…1.1 × duration, so that every phase, the very end included, gets its share.
    static func instants(count: Int = points, duration: Double, seed: UInt64 = seed) -> [Double] {
        var g = Generator(seed: seed)
        return (0..<count).map { _ in Double.random(in: 0...(duration * 1.1), using: &g) }
    }
}
