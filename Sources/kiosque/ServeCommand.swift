import ArgumentParser
import Foundation
import KiosqueCore
import Preview

struct ServeCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site at http://127.0.0.1:8080/ with drafts, rebuilt and reloaded on every save.",
        discussion: """
        Builds into .kiosque/preview/ (never paths.output), watches content/, templates/, kiosque.yaml and the \
        digests folder, rebuilds what changed and reloads the open pages. A broken save shows its errors in the browser.

        \(Console.exitStatus([
            (0, "stopped by Ctrl-C or SIGTERM"),
            (Console.contentError, "the server could not start (the port is taken, the site cannot be watched)"),
            (Console.configError, "kiosque.yaml missing or invalid at start (later, the browser shows it)"),
        ]))
        """)

    @OptionGroup var siteOptions: SiteOptions

    @Option(help: "The address to listen on (0.0.0.0: every network; the preview is then visible to others).")
    var host = "127.0.0.1"

    @Option(help: "The port (0: any free port).")
    var port: UInt16 = 8080

    @Flag(name: .customLong("no-drafts"), help: "Show the site as it will be published: no drafts, no scheduled articles.")
    var noDrafts = false

    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        _ = try siteOptions.loadConfig()
        signal(SIGPIPE, SIG_IGN)
        if host != "127.0.0.1" && host != "localhost" && host != "::1" {
            Console.warning("warning: listening on \(host): anyone who can reach this machine can see the preview, drafts included")
        }
        let session: PreviewSession
        do {
            session = try PreviewSession(.init(siteDirectory: siteOptions.site, host: host, port: port, drafts: !noDrafts),
                                         listening: { Console.output($0 + "\n") },
                                         say: { Console.say($0) },
                                         complain: { Console.report($0) })
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(Console.contentError)
        }
        // Stopped by a signal: every file of the preview is whole at any instant.
        let failure = ServerLoop.run { try await session.run() }
        Console.error("error: the preview server stopped: \(failure.map { "\($0)" } ?? "unknown reason")")
        throw ExitCode(Console.contentError)
    }
}
