import ArgumentParser
import Fetch
import Foundation
import KiosqueCore
import Site

struct CheckCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report what a build would (and every broken link) without writing anything into the site.",
        discussion: """
        Content and template errors and warnings, the build's checks on the output folder, then \
        every link, image and #fragment of every page, the same story filed twice, empty bodies \
        and images without alt text; with --external, every link off the site too (cached 24 h \
        in .kiosque/links.json, the only file it writes). One line per problem, \
        path:line: error|warning: message, then a summary; --json prints one JSON object instead.

        \(Console.exitStatus([
            (0, "no error (there may be warnings)"),
            (Console.contentError, "errors"),
            (Console.configError, "kiosque.yaml missing or invalid, the content folder missing, or an output folder that is one of the site's own"),
        ]))
        """)

    @OptionGroup var siteOptions: SiteOptions

    @Flag(help: "Check the links to other sites too (HEAD, then GET; 8 at a time, 2 per host, 10 s each).")
    var external = false

    @Flag(help: "Print one JSON object: errors, warnings, summary.")
    var json = false

    @Flag(help: "Check drafts too, as build --drafts would publish them.")
    var drafts = false

    @Flag(help: "Check articles whose publish_date is still ahead too, as build --future would.")
    var future = false

    @OptionGroup var preview: PreviewOptions
    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        let started = Date()
        var report = CheckReport()
        do {
            let config = try preview.apply(to: Config.load(siteDirectory: siteOptions.site))
            let now = try preview.now(config)
            report = SiteCheck(config: config, rules: PublishingRules(now: now, drafts: drafts, future: future)).run(external: external)
            if external && !report.hasConfigError {
                // The cache's clock is the real one, whatever --now says.
                let outcome = ExternalLinks(config: config, now: Timestamp(started.timeIntervalSince1970))
                    .check(report.external.map { ($0.url, $0.sources) })
                for d in outcome.diagnostics { report.add(.externalLink, d) }
                report.externalChecked = outcome.checked
            }
        } catch let e as DiagnosticsError {
            for d in e.diagnostics { report.add(.config, d) }
        }
        let seconds = Date().timeIntervalSince(started)
        Console.output(json ? report.json(seconds: seconds) : report.text(seconds: seconds))
        if report.hasConfigError { throw ExitCode(Console.configError) }
        if !report.errors.isEmpty { throw ExitCode(Console.contentError) }
    }
}
