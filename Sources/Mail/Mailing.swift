import Foundation
import KiosqueCore
import MIME

/// Mails one message to a list, one SMTP transaction per recipient over one connection:
/// each copy names its recipient alone in `To:` and has its own `Message-ID`. The send log
/// says whom to skip and records each delivery as it happens.
public struct Mailing {
    public var message: RawMessage
    /// The envelope sender (bounces go there).
    public var sender: String
    public var log: SendLog
    /// Messages per second at most.
    public var rate: Double?
    /// Mail every recipient given, whatever the send log says (`--force`, `--to`).
    public var force = false
    /// Placeholders of the message that each copy fills in (see `MessageTemplate`).
    public var placeholders: [String] = []
    /// Asked just before each copy goes: the values of its placeholders, or nil when the
    /// address is no longer to be mailed (a member who unsubscribed during the run).
    public var fill: (String) -> [String: String]? = { _ in [:] }

    public init(message: RawMessage, sender: String, log: SendLog, rate: Double? = nil, force: Bool = false) {
        self.message = message
        self.sender = sender
        self.log = log
        self.rate = rate
        self.force = force
    }

    public struct Plan: Sendable {
        public var send: [String] = []
        /// Already have it (send log).
        public var skipped: [String] = []
        /// A run stopped while the server answered for them: they may have it.
        public var uncertain: [String] = []
        /// Refused for good (5xx) by an earlier run.
        public var refusedBefore: [String] = []
    }

    public struct Report: Sendable {
        public var plan: Plan
        public var sent: [String] = []
        /// This run's, if it stopped while the server answered, after the earlier runs'.
        public var uncertain: [String]
        public var refused: [(address: String, reason: String)] = []
        /// Set when the run stopped early: the server could not be reached or failed.
        public var failure: String?
        public var notReached: Int = 0
        /// Left the list during the run: not mailed.
        public var left: [String] = []
    }

    /// Who would be mailed, and who is left alone (for `--dry-run` too).
    public func plan(_ recipients: [String]) -> Plan {
        guard !force else { return Plan(send: recipients) }
        var plan = Plan()
        for r in recipients {
            switch log.state(r) {
            case .sent: plan.skipped.append(r)
            case .uncertain: plan.uncertain.append(r)
            case .refused(permanent: true): plan.refusedBefore.append(r)
            case .unfinished, .refused(permanent: false), nil: plan.send.append(r)
            }
        }
        return plan
    }

    /// `connect` is called once, when there is something to send.
    public func run(_ recipients: [String], connect: () throws(SMTPClient.TransportError) -> SMTPClient,
                    progress: (String, SMTPClient.Outcome) -> Void = { _, _ in }) -> Report {
        let plan = plan(recipients)
        let todo = plan.send
        var report = Report(plan: plan, uncertain: plan.uncertain)
        guard !todo.isEmpty else { return report }
        let client: SMTPClient
        do { client = try connect() } catch {
            report.failure = error.description
            report.notReached = todo.count
            return report
        }
        let baseID = message.value("Message-ID").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }
            ?? "kiosque@\(sender.split(separator: "@").last ?? "localhost")"
        let start = Date()
        let template = MessageTemplate(message, placeholders: placeholders)
        for (k, address) in todo.enumerated() {
            if let rate, rate > 0 {
                let wait = start.addingTimeInterval(Double(k) / rate).timeIntervalSinceNow
                if wait > 0 { Thread.sleep(forTimeInterval: wait) }
            }
            guard let values = fill(address) else {
                report.left.append(address)
                continue
            }
            var copy = template.filled(values)
            copy.set("To", address)
            copy.set("Message-ID", "<\(Self.messageID(baseID, for: address))>")
            // Whether the whole message went to the server: from then on it may have it.
            var ended = false
            do {
                try log.record(.sending, address, at: Self.now())
                let outcome = try client.send(copy.bytes, from: sender, to: address) {
                    try log.record(.data, address, at: Self.now())
                    ended = true
                }
                switch outcome {
                case .sent:
                    try log.record(.sent, address, at: Self.now())
                    report.sent.append(address)
                case .refused(let code, let reason):
                    try log.record(.refused, address, at: Self.now(), detail: "\(code) \(reason)")
                    report.refused.append((address, reason))
                }
                progress(address, outcome)
            } catch {
                if ended {
                    report.uncertain.append(address)
                } else {
                    try? log.record(.failed, address, at: Self.now(), detail: "(the message did not go out)")
                }
                report.failure = "\(error)"
                report.notReached = todo.count - k - (ended ? 1 : 0)
                return report
            }
        }
        return report
    }

    /// `digest.2026-02-06.abc@example.com` -> `digest.2026-02-06.abc.<hash of address>@example.com`:
    /// stable per recipient, so a resent copy is recognised as the same message.
    static func messageID(_ base: String, for address: String) -> String {
        guard let at = base.lastIndex(of: "@") else { return base + "." + hexHash(address.lowercased()) }
        return base[..<at] + "." + hexHash(address.lowercased()) + base[at...]
    }

    static func now() -> String { ISODate.utc(Timestamp(Date().timeIntervalSince1970)) }
}
