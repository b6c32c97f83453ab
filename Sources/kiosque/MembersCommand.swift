import ArgumentParser
import Foundation
import KiosqueCore
import Mail
import Members
import MembersServer
import MIME
import Site

/// `kiosque members …`: the newsletter's own list, in `members.sqlite`.
struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "The newsletter's members: the subscribe service, and the list for the editors.",
        subcommands: [Serve.self, List.self, Add.self, Remove.self, Import.self, Export.self, Erase.self])

    /// Exit status when an address is not a member (`remove`, `erase`).
    static let notMember: Int32 = 2
    /// Exit status when the database cannot be opened or written.
    static let databaseError: Int32 = 4

    static let statuses = Member.Status.allCases.map(\.rawValue).joined(separator: ", ")

    /// A members command's exit statuses: its own, then the configuration's and the database's.
    static func exitStatus(_ own: [(Int32, String)], config: String = "kiosque.yaml missing or invalid, or no members: block") -> String {
        Console.exitStatus(own + [(Console.configError, config), (databaseError, "the members database cannot be opened or written")])
    }

    /// The site's `members:` block and its database, or the exit that says why not.
    struct Site: ParsableArguments {
        @OptionGroup var siteOptions: SiteOptions

        func open() throws -> (Config, Config.Members, MemberStore) {
            let config = try siteOptions.loadConfig()
            guard let members = config.members else {
                fail("no 'members:' block in kiosque.yaml: add one (an empty 'members:' takes the defaults, see README.md)", Console.configError)
            }
            do {
                return (config, members, try MemberStore(path: config.resolve(members.database)))
            } catch {
                fail(error.description, databaseError)
            }
        }
    }

    /// The site and the one address `add`, `remove` and `erase` work on.
    struct OneAddress: ParsableArguments {
        @OptionGroup var site: MembersCommand.Site

        @Argument(help: "The address.")
        var address: String

        func validate() throws { _ = try MembersCommand.address(address) }

        /// The store and the address, normalised.
        func open() throws -> (Config.Members, MemberStore, String) {
            let (_, members, store) = try site.open()
            return (members, store, try MembersCommand.address(address))
        }
    }

    static func fail(_ message: String, _ status: Int32) -> Never {
        Console.error("error: \(message)")
        Foundation.exit(status)
    }

    static func address(_ text: String) throws -> String {
        guard let a = Member.normalized(text) else { throw ValidationError("'\(text)' is not an email address") }
        return a
    }

    /// A store call whose failure is a database error.
    static func db<T>(_ body: () throws -> T) -> T {
        do { return try body() } catch { fail("\(error)", databaseError) }
    }
}

extension MembersCommand {
    struct Serve: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve subscribe, confirm and unsubscribe under members.url, behind the site's proxy.",
            discussion: """
            POST inscription (the site's form; then to members.thanks_page), GET confirmer?t=… (the confirmation \
            mail's link; then to members.confirmed_page), GET and POST desabonnement?m=…&t=… (the newsletter's \
            one-click link, RFC 8058). Confirmation mails go out \
            through KIOSQUE_SMTP_URL or digest.smtp_url, from digest.from. Links are signed with KIOSQUE_MEMBERS_SECRET.

            \(MembersCommand.exitStatus([
                (0, "stopped by Ctrl-C or SIGTERM"),
                (Console.contentError, "the server could not start (the port is taken), or a template has errors"),
            ], config: "kiosque.yaml missing or invalid, no members: or digest: block, KIOSQUE_MEMBERS_SECRET missing or too short, or a bad SMTP URL"))
            """)

        @OptionGroup var site: MembersCommand.Site

        @Option(help: "The address to listen on (the proxy's side).")
        var host = "127.0.0.1"

        @Option(help: "The port (0: any free port).")
        var port: UInt16 = 8090

        @Option(help: ArgumentHelp("Seconds a connection has for each request to arrive whole; then it is closed.", valueName: "seconds"))
        var idleTimeout: Int = 30

        func validate() throws {
            guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1 to 3600 seconds") }
        }

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let secret: MemberSecret
            do { secret = try MemberSecret.fromEnvironment() } catch { fail(error.description, Console.configError) }
            let (config, members, store) = try site.open()
            guard let digest = config.digest, let from = MailAddress(digest.from) else {
                fail("no usable 'digest:' block: confirmation mails are sent from digest.from through digest.smtp_url", Console.configError)
            }
            let smtp: SMTPSettings
            do { smtp = try SMTPSettings(configured: digest.smtpURL) } catch { fail(error.description, Console.configError) }
            let templates: TemplateSet
            do { templates = try MembersVariables.templates(config) } catch {
                Console.report(error.diagnostics)
                throw ExitCode(Console.contentError)
            }
            signal(SIGPIPE, SIG_IGN)
            let http: MembersHTTP
            do {
                http = try MembersHTTP.serving(config: config, members: members, store: store, secret: secret, templates: templates,
                                               from: from, smtp: smtp, host: host, port: port, idleTimeout: .seconds(idleTimeout),
                                               say: { Console.error($0) })
            } catch {
                fail("\(error)", Console.contentError)
            }
            let host = host, links = members.links, url = members.url
            let failure = ServerLoop.run {
                try await http.run { port in
                    Console.output("listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (\(links.path) of \(url); Ctrl-C to stop)\n")
                }
            }
            fail("cannot serve on \(host):\(port): \(failure.map { "\($0)" } ?? "the server stopped")", Console.contentError)
        }
    }

    struct List: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the members by status, then list them (address, status, name, last change).",
            discussion: MembersCommand.exitStatus([(0, "listed")]))

        @OptionGroup var site: MembersCommand.Site

        @Option(help: ArgumentHelp("Only these: \(MembersCommand.statuses). (export --csv prints every field.)", valueName: "status"))
        var status: Member.Status?

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let (_, _, store) = try site.open()
            let list = MembersCommand.db { try store.members(status: status) }
            let counts = MembersCommand.db { try store.counts() }
            Console.output(Member.Status.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ") + "\n")
            for m in list {
                Console.output("\(m.email)  \(m.status.rawValue)  \(m.name.isEmpty ? "-" : m.name)  \(m.updatedAt)\n")
            }
        }
    }

    struct Add: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add someone who asked to get the newsletter: active at once, the consent recorded as given to the editors.",
            discussion: MembersCommand.exitStatus([
                (0, "added (or already a member)"),
                (Console.contentError, "refused: the address unsubscribed or bounced, and only its owner can subscribe again (through the form)"),
            ]))

        @OptionGroup var target: MembersCommand.OneAddress

        @Option(help: "Their name.")
        var name = ""

        @Option(help: "What they agreed to (default: members.consent_text).")
        var consent: String?

        @OptionGroup var verbosity: Verbosity

        func validate() throws {
            if !Member.isValidName(name) { throw ValidationError("--name: letters, spaces, apostrophes, hyphens and dots only, \(Member.maxName) at most") }
        }

        func execute() throws {
            let (members, store, email) = try target.open()
            let c = Member.Consent(at: ISODate.utc(Timestamp(time(nil))), source: "kiosque members add", text: consent ?? members.consentText)
            switch MembersCommand.db({ try store.add(email: email, name: name, consent: c, now: Timestamp(time(nil))) }) {
            case .added: Console.say("\(email): added, active")
            case .activated: Console.say("\(email): was pending, now active")
            case .alreadyActive: Console.say("\(email): already an active member")
            case .refused(let m):
                MembersCommand.fail("\(email) is \(m.status.rawValue) since \(m.leftAt ?? m.updatedAt): only they can subscribe again, through the site's form", Console.contentError)
            }
        }
    }

    struct Remove: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unsubscribe a member (kept as proof, so that no import brings them back; erase deletes them).",
            discussion: MembersCommand.exitStatus([(0, "unsubscribed (or already)"), (MembersCommand.notMember, "no such member")]))

        @OptionGroup var target: MembersCommand.OneAddress

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let (_, store, email) = try target.open()
            guard let m = MembersCommand.db({ try store.member(email: email) }) else {
                MembersCommand.fail("\(email) is not a member", MembersCommand.notMember)
            }
            let changed = MembersCommand.db { try store.unsubscribe(id: m.id, now: Timestamp(time(nil))) }
            Console.say(changed ? "\(email): unsubscribed" : "\(email): already unsubscribed")
        }
    }

    struct Erase: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a member and everything kept about them, consent included (a request under the RGPD).",
            discussion: """
            The send logs (digests/*.sent) still name the address: they are the record of what was mailed.

            \(MembersCommand.exitStatus([(0, "erased"), (MembersCommand.notMember, "no such member")]))
            """)

        @OptionGroup var target: MembersCommand.OneAddress

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let (_, store, email) = try target.open()
            guard MembersCommand.db({ try store.erase(email: email) }) else {
                MembersCommand.fail("\(email) is not a member", MembersCommand.notMember)
            }
            Console.say("\(email): erased")
        }
    }

    struct Import: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the addresses of a recipients file, or of a CSV with an email column (all of them or none).",
            discussion: """
            New addresses come in active (or as the CSV's status column says: active, unsubscribed, bounced). A member \
            already there is never resubscribed: one who unsubscribed stays so; the file may only mark members as gone.

            \(MembersCommand.exitStatus([
                (0, "imported (invalid lines are warnings and are skipped)"),
                (Console.contentError, "the file cannot be read, or a CSV has no email column (nothing imported)"),
            ]))
            """)

        @OptionGroup var site: MembersCommand.Site

        @Argument(help: "A recipients file (one address a line) or, with --csv or a .csv name, a CSV.")
        var file: String

        @Flag(help: "Read the file as CSV (the default for a .csv name).")
        var csv = false

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let (_, _, store) = try site.open()
            guard let data = FileManager.default.contents(atPath: file) else {
                MembersCommand.fail("\(file): cannot read the file", Console.contentError)
            }
            let text = String(decoding: data, as: UTF8.self)
            let read: MemberFiles.Read
            if csv || file.lowercased().hasSuffix(".csv") {
                do { read = try MemberFiles.csv(text, file: file) } catch {
                    Console.report(error.diagnostics)
                    throw ExitCode(Console.contentError)
                }
            } else {
                read = MemberFiles.recipients(text, file: file)
            }
            Console.report(read.problems)
            let now = Timestamp(time(nil))
            let consent = Member.Consent(at: ISODate.utc(now), source: "kiosque members import \((file as NSString).lastPathComponent)",
                                         text: "inscrit(e) avant l’import, dans \((file as NSString).lastPathComponent)")
            let r = MembersCommand.db { try store.importing(read.entries, defaultConsent: consent, now: now) }
            var summary = "\(file): \(r.added) added, \(r.unchanged) already members"
            if r.left > 0 { summary += ", \(r.left) marked as gone (the file says they left)" }
            if r.keptOut > 0 { summary += ", \(r.keptOut) left the list before and stay out" }
            let skipped = read.problems.filter { $0.severity == .warning }.count
            if skipped > 0 { summary += ", \(skipped) line(s) skipped" }
            Console.say(summary)
        }
    }

    struct Export: KiosqueCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the members as a recipients file (the active ones by default), or with --csv as CSV with their consent.",
            discussion: MembersCommand.exitStatus([(0, "printed")]))

        @OptionGroup var site: MembersCommand.Site

        @Option(help: ArgumentHelp("Only these: \(MembersCommand.statuses) (default: active, or every one with --csv).", valueName: "status"))
        var status: Member.Status?

        @Flag(help: "CSV: every column, consent included (members import reads it back).")
        var csv = false

        @OptionGroup var verbosity: Verbosity

        func execute() throws {
            let (_, _, store) = try site.open()
            let list = MembersCommand.db { try store.members(status: status ?? (csv ? nil : .active)) }
            Console.output(csv ? MemberFiles.csv(list) : MemberFiles.recipients(list))
        }
    }
}

extension Member.Status: ExpressibleByArgument {}

private func fail(_ message: String, _ status: Int32) -> Never { MembersCommand.fail(message, status) }
