import ArgumentParser
import Foundation
import KiosqueCore

@main
struct Kiosque: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosque",
        abstract: "A financial news site and its daily newsletter, from feeds and Markdown.",
        subcommands: [BuildCommand.self, InitCommand.self, FetchCommand.self, FeedCommand.self])
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

enum Console {
    /// Exit status when kiosque.yaml is missing or invalid.
    static let configError: Int32 = 3
    /// Exit status when content or templates have errors.
    static let contentError: Int32 = 1
    /// Exit status when some feeds could not be fetched or read (the others were).
    static let feedsFailed: Int32 = 2
    /// Exit status when another `kiosque fetch` holds the site's lock.
    static let fetchLocked: Int32 = 4

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics.sorted() { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    }

    static func say(_ s: String) { print(s) }
}
