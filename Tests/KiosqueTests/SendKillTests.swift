import Foundation
import Testing

/// `kiosque send` SIGKILLed at seeded instants (sometimes twice in a row), to a real SMTP
/// server: whatever the instant, nobody is mailed twice, and nobody is left out but the
/// addresses reported uncertain, which `--to` settles.
@Suite struct SendKillTests {
    static let day = "2026-02-06"

    @Test func killedAtAnyInstantMailsNobodyTwice() throws {
        let recipients = (1...300).map { String(format: "abonne%03d@example.com", $0) }
        let site = try DigestSite.small()
        defer { site.remove() }
        try site.write("recipients.txt", "# abonnés de la lettre quotidienne\n" + recipients.joined(separator: "\n") + "\n")
        let written = try CLI.run(["digest", "--site", site.root, "--date", Self.day, "--now", "2026-02-06T18:00:00Z"])
        try #require(written.status == 0, "\(written.stderr)")
        // At most 250 a second: a run lasts over a second however fast the machine.
        let send = ["send", "--site", site.root, "--date", Self.day, "--rate", "250"]
        let logPath = site.path("digests/\(Self.day).sent")
        let output = site.path("runs.log")

        // An uninterrupted run gives the span of the instants.
        let full: KillHarness.Run
        do {
            let sink = try SMTPSink()
            defer { sink.stop() }
            full = try KillHarness.run(send, killAfter: nil, environment: ["KIOSQUE_SMTP_URL": sink.url], log: output)
            try #require(full.status == 0 && sink.deliveries.count == recipients.count, "uninterrupted run: see \(output)")
        }
        let seed = KillHarness.seed
        let first = KillHarness.instants(duration: full.seconds, seed: seed)
        let second = KillHarness.instants(count: first.count, duration: full.seconds, seed: seed &+ 1)

        var violations: [String] = []
        var killedTwice = 0, uncertainSeen = 0
        for (i, t) in first.enumerated() {
            unlink(logPath)
            let sink = try SMTPSink()
            defer { sink.stop() }
            let env = ["KIOSQUE_SMTP_URL": sink.url]
            // Every third point kills the run that resumes the first one too.
            let instants = i % 3 == 2 ? [t, second[i]] : [t]
            if instants.count == 2 { killedTwice += 1 }
            for k in instants { _ = try KillHarness.run(send, killAfter: k, environment: env, log: output) }
            let point = "seed \(seed), point \(i), killed at " + instants.map { String(format: "%.4f s", $0) }.joined(separator: " then ")
            func violation(_ what: String) { violations.append("\(point): \(what)") }

            let resumed = try CLI.run(send, environment: env)
            let log = SendLogLines((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
            if !log.problems.isEmpty { violation("send log does not parse: \(log.problems)") }
            if log.uncertain.count > instants.count { violation("\(log.uncertain.count) uncertain after \(instants.count) kill(s)") }
            uncertainSeen += log.uncertain.count
            if resumed.status != (log.uncertain.isEmpty ? 0 : 6) { violation("resume exited \(resumed.status): \(resumed.stderr)") }
            for u in log.uncertain where !resumed.stderr.contains("\(u): uncertain") { violation("\(u) uncertain but not reported") }
            var count: [String: Int] = [:]
            for a in sink.deliveries { count[a, default: 0] += 1 }
            for r in recipients {
                let n = count[r] ?? 0
                if n > 1 { violation("\(r) mailed \(n) times") }
                if n == 0 && !log.uncertain.contains(r) { violation("\(r) left out and not reported uncertain") }
            }

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
        print("SendKillTests: \(first.count) points (\(killedTwice) killed twice) over a \(String(format: "%.2f", full.seconds)) s run, seed \(seed), "
              + "\(uncertainSeen) uncertain address(es) settled, \(violations.count) violations")
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
