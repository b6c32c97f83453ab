import Foundation
import Testing
@testable import Members

/// `members serve` SIGKILLed while readers subscribe, and `send` to the members SIGKILLed
/// during a run, at seeded instants: no subscription that was answered is lost, the file
/// stays whole, and nobody gets a confirmation mail or a newsletter twice.
@Suite struct MembersKillTests {
    /// Readers posting the form, four at a time, each from a client of their own, until the
    /// service stops answering; what each got back.
    final class Readers: @unchecked Sendable {  // `answers` and `stopped` are guarded by `lock`
        private let lock = NSLock()
        private var answers: [String: Int] = [:]
        private var stopped = false
        private var next = 0
        let prefix: String

        init(prefix: String) { self.prefix = prefix }

        /// Blocks until `stop()`: waits for the port in `log`, then posts.
        func run(log: String) {
            var found = 0
            while found == 0 && !isStopped {
                found = Self.port(in: log)
                if found == 0 { usleep(5_000) }
            }
            let port = found
            let group = DispatchGroup()
            for _ in 0..<4 {
                group.enter()
                Thread { [self] in
                    while !isStopped {
                        let n = lock.withLock { next += 1; return next }
                        let email = "\(prefix)-\(n)@example.com"
                        let body = "email=\(MemberLinksTestEncoding.form(email))&website=&source=pied-de-page"
                        let client = "2001:db8::\(String(n, radix: 16))"
                        guard let r = try? RawHTTP.request(port, "/membres/inscription", method: "POST",
                                                           headers: ["X-Forwarded-For": client], body: body) else {
                            usleep(2_000)
                            continue
                        }
                        lock.withLock { answers[email] = r.status }
                    }
                    group.leave()
                }.start()
            }
            group.wait()
        }

        var isStopped: Bool { lock.withLock { stopped } }
        func stop() { lock.withLock { stopped = true } }
        var answered: [String: Int] { lock.withLock { answers } }

        /// The port of the last "listening on http://127.0.0.1:PORT/" line of `log`.
        static func port(in log: String) -> Int {
            guard let text = try? String(contentsOfFile: log, encoding: .utf8),
                  let line = text.split(separator: "\n").last(where: { $0.hasPrefix("listening on http://127.0.0.1:") }) else { return 0 }
            return Int(line.dropFirst("listening on http://127.0.0.1:".count).prefix { $0.isNumber }) ?? 0
        }
    }

    @Test func serveKilledDuringSubscriptionsLosesNoMemberAndMailsNobodyTwice() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let env = site.environment.merging(["KIOSQUE_SMTP_URL": sink.url]) { $1 }
        let serve = ["members", "serve", "--site", site.root, "--port", "0"]
        // The span: starting (the first run makes the file) and a second of subscriptions.
        let started = Date()
        _ = try ServeProcess(serve, ready: "listening on ", environment: env).stop()
        let span = Date().timeIntervalSince(started) + 1.0
        let seed = KillHarness.seed
        var violations: [String] = []
        var answered: [String: (point: Int, status: Int)] = [:]
        let instants = KillHarness.instants(duration: span, seed: seed)
        for (i, t) in instants.enumerated() {
            let log = site.site.path("serve-\(i).log")
            let readers = Readers(prefix: "p\(i)")
            let done = DispatchSemaphore(value: 0)
            Thread { readers.run(log: log); done.signal() }.start()
            let run = try KillHarness.run(serve, killAfter: t, environment: env, log: log)
            readers.stop()
            done.wait()
            let point = "seed \(seed), point \(i), killed at \(String(format: "%.4f s", t))"
            if !run.killed { violations.append("\(point): exited \(run.status) before the kill: \(site.site.read("serve-\(i).log") ?? "")") }
            for (email, status) in readers.answered { answered[email] = (i, status) }
            // After each kill the file opens whole, and every answered subscription is in it.
            do {
                let store = try site.store()
                var check = ""
                try store.db.query("PRAGMA integrity_check") { check = $0.text(0) ?? "" }
                if check != "ok" { violations.append("\(point): integrity_check: \(check)") }
                for (email, status) in readers.answered where status == 303 {
                    if try store.member(email: email)?.status != .pending { violations.append("\(point): \(email) answered 303 but lost") }
                }
                for (email, status) in readers.answered where status != 303 { violations.append("\(point): \(email) answered \(status)") }
            } catch {
                if readers.answered.values.contains(303) { violations.append("\(point): the file does not open: \(error)") }
            }
        }

        // A last run sends what the killed ones left queued, for as long as it keeps sending.
        let last = try ServeProcess(serve, ready: "listening on ", environment: env)
        let store = try site.store()
        var queued = Int.max, progress = Date()
        while true {
            let now = try store.confirmationStates().values.filter { $0 == .queued }.count
            if now == 0 || (now >= queued && Date().timeIntervalSince(progress) > 30) { break }
            if now < queued { (queued, progress) = (now, Date()) }
            usleep(100_000)
        }
        _ = last.stop()
        let states = try store.confirmationStates()
        let members = try store.members()
        var mailed: [String: Int] = [:]
        for a in sink.deliveries { mailed[a, default: 0] += 1 }
        var uncertain = 0
        for m in members {
            let n = mailed[m.email] ?? 0
            if n > 1 { violations.append("\(m.email) got \(n) confirmation mails") }
            switch states[m.id] {
            case .sent?: if n != 1 { violations.append("\(m.email): sent, but \(n) mails arrived") }
            case .data?: uncertain += 1  // killed as its last bytes left: it may have arrived, and is not sent again
            case let s: violations.append("\(m.email): confirmation mail \(s.map { "\($0)" } ?? "missing") after the last run")
            }
        }
        let known = Set(members.map(\.email))
        for a in mailed.keys where !known.contains(a) { violations.append("\(a) mailed but not a member") }
        let answeredCount = answered.values.filter { $0.status == 303 }.count
        print("MembersKillTests (serve): \(instants.count) points over a \(String(format: "%.2f", span)) s span, seed \(seed), "
              + "\(answeredCount) subscriptions answered, \(members.count) members kept, \(uncertain) confirmation mail(s) uncertain, "
              + "\(violations.count) violations")
        #expect(answeredCount > 0, "no subscription was answered: the kills all came before the service listened")
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func sendToTheMembersKilledAtAnyInstantMailsNobodyTwice() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let recipients = (1...300).map { String(format: "membre%03d@example.com", $0) }
        try site.site.write("membres.txt", recipients.joined(separator: "\n") + "\n")
        #expect(try site.run(["members", "import", site.site.path("membres.txt")]).status == 0)
        let day = "2026-02-06"
        let written = try site.run(["digest", "--date", day, "--now", "2026-02-06T18:00:00Z"])
        try #require(written.status == 0, "\(written.stderr)")
        let send = ["send", "--site", site.root, "--date", day, "--rate", "250"]
        let outcome = try SendKill(send: send, recipients: recipients, logPath: site.site.path("digests/\(day).sent"),
                                   output: site.site.path("runs.log"), environment: site.environment).run()
        print("MembersKillTests (send): " + outcome.summary)
        #expect(outcome.violations.isEmpty, "\(outcome.violations.joined(separator: "\n"))")
    }
}
