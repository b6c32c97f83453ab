import ArgumentParser
import Foundation
import KiosqueCore

@main
struct Kiosque: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosque",
        abstract: "A financial news site and its daily newsletter, from feeds and Markdown.",
        subcommands: [BuildCommand.self, InitCommand.self, FetchCommand.self, FeedCommand.self,
                      DigestCommand.self, SendCommand.self, NewCommand.self, CheckCommand.self])
}

/// Options every command that works on a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "The site folder (holding kiosque.yaml).")
    var site: String = "."

    func loadConfig() throws -> Config {
        do {
            let config = try Config.load(siteDirectory: site)
            Console.report(config.warnings)
            return config
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(Console.configError)
        }
    }
}

/// `--base-url` and `--now`: preview a site or a newsletter at another address or instant.
struct PreviewOptions: ParsableArguments {
    @Option(name: .customLong("base-url"), help: "Use this base URL instead of site.base_url (e.g. http://localhost:8000/ to preview).")
    var baseURL: String?

    @Option(help: "Act as if it were this instant (ISO 8601), e.g. to preview a scheduled day.")
    var now: String?

    func apply(to config: Config) throws -> Config {
        guard let baseURL else { return config }
        guard let url = Config.normalizedBaseURL(baseURL) else {
            throw ValidationError("--base-url must be an absolute http(s) URL such as http://localhost:8000/")
        }
        var c = config
        c.site.baseURL = url
        return c
    }

    func now(_ config: Config) throws -> Timestamp {
        guard let now else { return Timestamp(Date().timeIntervalSince1970) }
        guard let t = ISODate.parse(now, in: config.site.timeZone) else {
            throw ValidationError("--now must be an ISO 8601 date such as 2026-02-06T09:30:00Z")
        }
        return t
    }
}

enum Console {
    /// Exit status when kiosque.yaml is missing or invalid.
    static let configError: Int32 = 3
    /// Exit status when content or templates have errors.
    static let contentError: Int32 = 1
    /// Exit status when no feed could be read, or the fetch state not read or saved (with
    /// `--strict`: when any feed failed).
    static let feedsFailed: Int32 = 2
    /// Exit status when another `kiosque fetch` holds the site's lock.
    static let fetchLocked: Int32 = 4
    /// Exit status when there is nothing to do: no news that day (`digest`), no digest for
    /// that day (`send`).
    static let nothingToDo: Int32 = 2
    /// Exit status when the SMTP server cannot be reached or fails mid-way (`send`).
    static let smtpError: Int32 = 4
    /// Exit status when the server refused some recipients in this run; the others got the mail.
    static let recipientErrors: Int32 = 5
    /// Exit status when some recipients may or may not have the mail (a run stopped while the
    /// server answered): `send --to` or `--force` settles them.
    static let uncertainRecipients: Int32 = 6
    /// Exit status when `digest` could not write its files (the previous ones are untouched).
    static let writeError: Int32 = 4

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics.sorted() { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    }

    static func say(_ s: String) { print(s) }

    /// A line on standard error.
    static func warn(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}
