import ArgumentParser
import Foundation
import KiosqueCore
import Mail
import Members
import MIME

struct SendCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Mail the day's newsletter (digests/YYYY-MM-DD.eml) to the active members and the recipients file.",
        discussion: """
        SMTP server: KIOSQUE_SMTP_URL, else digest.smtp_url (smtp:// uses STARTTLS when offered, smtps:// TLS). \
        Login: KIOSQUE_SMTP_USER and KIOSQUE_SMTP_PASSWORD. With a members: block, the active members get it, each \
        copy with its own one-click unsubscribe link (signed with KIOSQUE_MEMBERS_SECRET), and the recipients file \
        only while digest.recipients is set. The send log digests/YYYY-MM-DD.sent records who got it \
        (--to too): running send again mails only the others.

        \(Console.exitStatus([
            (0, "everyone has it (invalid lines of the recipients file are warnings)"),
            (Console.nothingToDo, "no digest for that day"),
            (Console.configError, "configuration, recipients file, members database, KIOSQUE_MEMBERS_SECRET or SMTP URL missing or invalid"),
            (Console.smtpError, "the SMTP server could not be reached, stopped answering (--timeout) or failed (run again to resume)"),
            (Console.recipientErrors, "the server refused some recipients in this run (the others got it)"),
            (Console.uncertainRecipients, "some addresses are uncertain: a run stopped while the server answered for them, so they may have it and are not mailed again until --to ADDRESS or --force settles them"),
        ]))

        When several apply: 4, then 5, then 6.
        """)

    @OptionGroup var siteOptions: SiteOptions

    @Option(help: "The day (YYYY-MM-DD, in the site's time zone). Default: today.")
    var date: String?

    @Flag(name: .customLong("dry-run"), help: "Say who would get it; connect to nobody, write nothing.")
    var dryRun = false

    @Option(help: "Send only to this address (a proof, or to settle an uncertain one), whatever the recipients file and the send log say; the send log records it.")
    var to: String?

    @Flag(help: "Send also to those the send log says already have it, are uncertain or were refused.")
    var force = false

    @Option(help: "At most this many messages per second.")
    var rate: Double?

    @Option(help: ArgumentHelp("Give up on a server that does not answer (or takes no bytes) for this many seconds.", valueName: "seconds"))
    var timeout = SMTPClient.defaultTimeout

    @OptionGroup var verbosity: Verbosity

    func validate() throws {
        if let date, Day(iso: date) == nil { throw ValidationError("--date must be a day such as 2026-02-06") }
        if let to, MailAddress(to) == nil { throw ValidationError("--to '\(to)' is not an email address") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number of messages per second") }
        if timeout < 1 { throw ValidationError("--timeout must be a whole number of seconds, at least 1") }
    }

    func execute() throws {
        let config = try siteOptions.loadConfig()
        guard let digest = config.digest, let from = MailAddress(digest.from) else {
            fail(config.digest == nil ? "no 'digest:' block: the newsletter is not configured"
                 : "'digest.from' is not an email address: '\(config.digest!.from)'", Console.configError)
        }
        let day = date.flatMap(Day.init(iso:)) ?? config.site.timeZone.day(of: Timestamp(Date().timeIntervalSince1970))
        let folder = config.resolve(config.paths.digests)
        let emlPath = (folder as NSString).appendingPathComponent("\(day).eml")
        guard let bytes = FileManager.default.contents(atPath: emlPath), let message = RawMessage([UInt8](bytes)) else {
            fail("no digest for \(day) (\(emlPath)): run 'kiosque digest --date \(day)' first", Console.nothingToDo)
        }

        var recipients: [String] = []
        var invalid = 0
        if let to {
            recipients = [MailAddress(to)!.address]
        } else if config.members == nil || digest.recipientsGiven {
            let path = config.resolve(digest.recipients)
            guard let data = FileManager.default.contents(atPath: path) else {
                fail("\(path): cannot read the recipients file (digest.recipients)", Console.configError)
            }
            let list = RecipientList(parsing: String(decoding: data, as: UTF8.self), file: digest.recipients)
            Console.report(list.problems)
            invalid = list.invalid
            recipients = list.addresses
        }
        // With members: the active ones, then the file's addresses that did not leave the list.
        var list: MemberMailing?
        if let members = config.members {
            do {
                let secret = try MemberSecret.fromEnvironment()
                let store = try MemberStore(path: config.resolve(members.database))
                let m = try MemberMailing(store: store, secret: secret, links: members.links, file: recipients)
                if to == nil { recipients = m.recipients }
                if !m.leftFromFile.isEmpty {
                    Console.note("\(m.leftFromFile.count) address(es) of the recipients file left the list (unsubscribed or bounced): not mailed")
                }
                Console.debug("\(m.memberCount) active member(s), \(recipients.count) recipient(s) in all")
                list = m
            } catch let e as MemberSecret.Problem {
                fail(e.description, Console.configError)
            } catch {
                fail("\(error)", Console.configError)
            }
        }

        let smtp: SMTPSettings
        do { smtp = try SMTPSettings(configured: digest.smtpURL) } catch { fail(error.description, Console.configError) }
        let url = smtp.url

        let logPath = (folder as NSString).appendingPathComponent("\(day).sent")
        let log: SendLog
        do { log = try SendLog(path: logPath) } catch { fail(error.description, Console.configError) }
        var mailing = Mailing(message: message, sender: from.address, log: log, rate: rate, force: force || to != nil)
        if let list {
            mailing.placeholders = MemberMailing.placeholders
            mailing.fill = { list.values(for: $0) }
        }

        if dryRun {
            let plan = mailing.plan(recipients)
            for r in plan.send { Console.output("would send to \(r)\n") }
            Console.say("dry run for \(day): \(plan.send.count) to send, \(plan.skipped.count) already have it"
                        + (plan.uncertain.isEmpty ? "" : ", \(plan.uncertain.count) uncertain (a run stopped while the server answered for them)")
                        + " via \(SMTPClient.redacted(url))")
            return
        }

        let started = Date()
        let report = mailing.run(recipients, connect: { () throws(SMTPClient.TransportError) in
            try smtp.connect(timeout: timeout)
        }, progress: { address, outcome in
            Console.debug("\(address): \(outcome)")
            if case .refused(_, let reason) = outcome {
                Console.error("\(address): refused by the server: \(reason)")
            }
        })
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        var summary = "\(day): sent \(report.sent.count) in \(seconds) s"
        let plan = report.plan
        if !plan.skipped.isEmpty { summary += ", \(plan.skipped.count) already had it (send log; --force to resend)" }
        if !report.refused.isEmpty { summary += ", \(report.refused.count) refused" }
        if !plan.refusedBefore.isEmpty { summary += ", \(plan.refusedBefore.count) refused by an earlier run (--to or --force to try again)" }
        if invalid > 0 { summary += ", \(invalid) invalid line(s) of the recipients file skipped" }
        if !report.uncertain.isEmpty { summary += ", \(report.uncertain.count) uncertain" }
        if !report.left.isEmpty { summary += ", \(report.left.count) left the list during the run (not mailed)" }
        Console.say(summary)
        for u in report.uncertain {
            Console.error("\(u): uncertain: a run stopped while the server answered for this address, so it may have the message; it is not mailed again until 'kiosque send --date \(day) --to \(u)' (or --force) settles it")
        }
        if let failure = report.failure {
            fail("cannot send: \(failure); \(report.notReached) recipient(s) not mailed: run 'kiosque send --date \(day)' again to resume (the send log keeps who got it)", Console.smtpError)
        }
        if !report.refused.isEmpty { throw ExitCode(Console.recipientErrors) }
        if !report.uncertain.isEmpty { throw ExitCode(Console.uncertainRecipients) }
    }

    private func fail(_ message: String, _ status: Int32) -> Never {
        Console.error("error: \(message)")
        Foundation.exit(status)
    }
}
