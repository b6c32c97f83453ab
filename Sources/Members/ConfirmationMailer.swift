import Foundation
import KiosqueCore
import Mail

/// Sends the queued confirmation mails, on a thread of its own (below the requests' priority:
/// see `niceness`), one SMTP connection kept open between them: woken by each subscription,
/// and at the latest every 30 s (retries). The queue's states (see `ConfirmationQueue`) go through the service's `StoreWriter`; a mail's
/// `data` is on disk before its last bytes leave, so a kill at any instant mails nobody twice.
public final class ConfirmationMailer: @unchecked Sendable {  // `pending` is guarded by `wakeUp`
    let writer: StoreWriter
    let mail: ConfirmationMail
    let connect: () throws(SMTPClient.TransportError) -> SMTPClient
    let say: @Sendable (String) -> Void
    private let wakeUp = NSCondition()
    private var pending = false

    public init(writer: StoreWriter, mail: ConfirmationMail,
                connect: @escaping () throws(SMTPClient.TransportError) -> SMTPClient, say: @escaping @Sendable (String) -> Void) {
        self.writer = writer
        self.mail = mail
        self.connect = connect
        self.say = say
    }

    /// The mailer's nice value: subscriptions are answered first when both want the CPU (a
    /// burst of them is a burst of mails to render and send), the mails go out right after.
    static let niceness: Int32 = 10

    public func start() {
        let t = Thread { [self] in
            // On Linux the nice value is the calling thread's own (not the process's).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
            self.loop()
        }
        t.name = "members-mailer"
        t.start()
    }

    /// Something was queued.
    public func wake() {
        wakeUp.lock()
        pending = true
        wakeUp.signal()
        wakeUp.unlock()
    }

    static let idle: Double = 30
    /// A refused (4xx) mail is tried again after this many seconds, times its attempts.
    static let retryDelay: Timestamp = 60
    static let maxAttempts = 5

    private func loop() {
        var client: SMTPClient?
        var failures = 0
        while true {
            let due: [MemberStore.DueMail]
            do {
                due = try writer.performNow { try $0.dueConfirmations(now: Clock.now(), limit: 100) }
            } catch {
                say("error: confirmation mails: \(error)")
                Thread.sleep(forTimeInterval: 5)
                continue
            }
            if due.isEmpty {
                client = nil  // an idle connection would be dropped by the server anyway
                sleep(Self.idle)
                continue
            }
            var failed: String?
            do {
                let c = try client ?? connect()
                client = c
                for m in due {
                    if let problem = send(m, with: c) { failed = problem; break }
                    failures = 0
                }
            } catch {
                failed = "cannot reach the SMTP server: \(error)"
            }
            if let failed {
                // Reconnect, after a pause that grows while the server stays away.
                client = nil
                failures += 1
                let wait = min(300, 2.5 * Double(1 << min(failures, 7)))
                say("error: confirmation mails: \(failed); trying again in \(Int(wait)) s")
                Thread.sleep(forTimeInterval: wait)  // new subscriptions do not cut it short
            }
        }
    }

    /// Nil when done with (sent, refused, deferred); else why the connection failed (the mail
    /// stays queued, unless it may have arrived).
    private func send(_ m: MemberStore.DueMail, with client: SMTPClient) -> String? {
        let bytes = mail.message(m, now: Clock.now())
        var ended = false
        do {
            let outcome = try client.send(bytes, from: mail.sender, to: m.email) { [writer] in
                try writer.performNow { try $0.markConfirmation(m.member, .data) }
                ended = true
            }
            switch outcome {
            case .sent:
                // Not waited for: until it is on disk the mail is `data`, never sent again.
                writer.submit { try $0.markConfirmation(m.member, .sent) }
            case .refused(let code, let reason) where code >= 500 || m.attempts + 1 >= Self.maxAttempts:
                try writer.performNow { try $0.bounce(m.member, detail: "\(code) \(reason)", now: Clock.now()) }
                say("\(m.email): the confirmation mail was refused (\(code) \(reason)): bounced")
            case .refused(let code, let reason):
                let later = Clock.now() + Self.retryDelay * Timestamp(m.attempts + 1)
                try writer.performNow { try $0.deferConfirmation(m.member, until: later, detail: "\(code) \(reason)") }
            }
            return nil
        } catch {
            return "mail to \(m.email): \(error)" + (ended ? " (it may have arrived: not sent again)" : "")
        }
    }

    /// Until woken or `seconds` have passed.
    private func sleep(_ seconds: Double) {
        wakeUp.lock()
        if !pending { _ = wakeUp.wait(until: Date().addingTimeInterval(seconds)) }
        pending = false
        wakeUp.unlock()
    }
}
