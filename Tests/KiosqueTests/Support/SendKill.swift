import Foundation

/// `kiosque send` SIGKILLed at seeded instants (every third point twice in a row), each
/// point against a fresh SMTP sink and send log, then resumed as a user would: whatever the
/// instant, nobody is mailed twice, and nobody is left out but the addresses reported
/// uncertain, which `--to` settles. Shared by the send log's and the members' kill tests.
struct SendKill {
    /// `kiosque send --site … --date …` and its options.
    var send: [String]
    /// Everyone who must have it in the end.
    var recipients: [String]
    var logPath: String
    /// Where the killed runs' output goes.
    var output: String
    /// Besides the sink's URL (the members' secret).
    var environment: [String: String] = [:]

    struct Outcome {
        var violations: [String] = []
        var points = 0
        var killedTwice = 0
        var uncertain = 0
        var seconds = 0.0

        var summary: String {
            "\(points) points (\(killedTwice) killed twice) over a \(String(format: "%.2f", seconds)) s run, seed \(KillHarness.seed), "
                + "\(uncertain) uncertain address(es) settled, \(violations.count) violations"
        }
    }

    func run() throws -> Outcome {
        var outcome = Outcome()
        // An uninterrupted run gives the span of the instants.
        do {
            let sink = try SMTPSink()
            defer { sink.stop() }
            let full = try KillHarness.run(send, killAfter: nil, environment: env(sink), log: output)
            guard full.status == 0 && sink.deliveries.count == recipients.count else {
                throw CLI.CLIError(description: "uninterrupted run exited \(full.status) with \(sink.deliveries.count) deliveries: see \(output)")
            }
            outcome.seconds = full.seconds
        }
        let seed = KillHarness.seed
        let first = KillHarness.instants(duration: outcome.seconds, seed: seed)
        let second = KillHarness.instants(count: first.count, duration: outcome.seconds, seed: seed &+ 1)
        outcome.points = first.count
        for (i, t) in first.enumerated() {
            unlink(logPath)
            let sink = try SMTPSink()
            defer { sink.stop() }
            let env = env(sink)
            let instants = i % 3 == 2 ? [t, second[i]] : [t]
            if instants.count == 2 { outcome.killedTwice += 1 }
            for k in instants { _ = try KillHarness.run(send, killAfter: k, environment: env, log: output) }
            let point = "seed \(seed), point \(i), killed at " + instants.map { String(format: "%.4f s", $0) }.joined(separator: " then ")
            func violation(_ what: String) { outcome.violations.append("\(point): \(what)") }

            let resumed = try CLI.run(send, environment: env)
            let log = SendLogLines((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
            if !log.problems.isEmpty { violation("send log does not parse: \(log.problems)") }
            if log.uncertain.count > instants.count { violation("\(log.uncertain.count) uncertain after \(instants.count) kill(s)") }
            outcome.uncertain += log.uncertain.count
            if resumed.status != (log.uncertain.isEmpty ? 0 : 6) { violation("resume exited \(resumed.status): \(resumed.stderr)") }
            for u in log.uncertain where !resumed.stderr.contains("\(u): uncertain") { violation("\(u) uncertain but not reported") }
            var count: [String: Int] = [:]
            for a in sink.deliveries { count[a, default: 0] += 1 }
            for r in recipients {
                let n = count[r] ?? 0
                if n > 1 { violation("\(r) mailed \(n) times") }
                if n == 0 && !log.uncertain.contains(r) { violation("\(r) left out and not reported uncertain") }
            }
            for a in count.keys where !recipients.contains(a) { violation("\(a) mailed but not a recipient") }

            // As a user would: mail the uncertain ones with --to, then run again.
            for u in log.uncertain.sorted() {
                let settle = try CLI.run(send + ["--to", u], environment: env)
                if settle.status != 0 { violation("--to \(u) exited \(settle.status): \(settle.stderr)") }
            }
            let last = try CLI.run(send, environment: env)
            if last.status != 0 || !last.stdout.contains(": sent 0 in") || !last.stdout.contains("\(recipients.count) already had it") {
                violation("final run exited \(last.status): \(last.stdout) \(last.stderr)")
            }
            let final = SendLogLines((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
            if !final.problems.isEmpty { violation("final send log does not parse: \(final.problems)") }
            if final.sent != Set(recipients) { violation("\(Set(recipients).subtracting(final.sent).count) without 'sent' in the end") }
        }
        return outcome
    }

    private func env(_ sink: SMTPSink) -> [String: String] { environment.merging(["KIOSQUE_SMTP_URL": sink.url]) { $1 } }
}
