import ArgumentParser
import Fetch
import Foundation
import KiosqueCore

@main
struct Kiosque: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosque",
        abstract: "A financial news site and its daily newsletter, from feeds and Markdown.",
        version: "kiosque \(kiosqueVersion)",
        subcommands: [BuildCommand.self, InitCommand.self, FetchCommand.self, FeedCommand.self,
                      DigestCommand.self, SendCommand.self, ServeCommand.self, NewCommand.self, CheckCommand.self, MembersCommand.self])
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
