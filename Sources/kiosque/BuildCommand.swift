import ArgumentParser
import Foundation
import KiosqueCore
import Site

struct BuildCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Render content/ through templates/ into the static site (public/).",
        discussion: """
        Files in the output folder that Kiosque did not write are kept (and named in a warning); a folder that \
        holds files but no Kiosque manifest is not written into. A build that would unpublish more than 10 % of \
        the articles (and more than 5) stops. One build at a time per site: a second one waits.

        \(Console.exitStatus([
            (0, "built"),
            (Console.contentError, "content or template errors, or a safety check stopped the build (the output is left exactly as it was)"),
            (Console.configError, "kiosque.yaml missing or invalid, the content folder missing, or an output folder that is one of the site's own"),
        ]))
        """)

    @OptionGroup var siteOptions: SiteOptions

    @Flag(help: "Publish drafts too.")
    var drafts = false

    @Flag(help: "Publish articles whose publish_date is still in the future.")
    var future = false

    @Flag(help: "Ignore the build cache (.kiosque/build): parse and render everything, replace the whole output.")
    var clean = false

    @Option(help: "Write the site here instead of paths.output.")
    var output: String?

    @Flag(name: .customLong("allow-removals"), help: "Let this build unpublish more than 10 % of the articles.")
    var allowRemovals = false

    @Flag(name: .customLong("clean-destination"), help: "Replace the output folder whole: remove the files Kiosque did not write.")
    var cleanDestination = false

    @OptionGroup var preview: PreviewOptions
    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        let config = try preview.apply(to: siteOptions.loadConfig())
        let instant = try preview.now(config)
        let started = Date()
        var options = SiteBuilder.Options(rules: PublishingRules(now: instant, drafts: drafts, future: future), output: output,
                                          clean: clean, allowRemovals: allowRemovals, cleanDestination: cleanDestination)
        options.waiting = { holder in
            Console.note("waiting for another kiosque build of this site\(holder.map { " (process \($0))" } ?? "") to finish…")
        }
        do {
            let report = try SiteBuilder(config: config, options: options).build()
            Console.report(report.warnings)
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            Console.say("built \(report.articles) articles; not published: \(Self.describe(report.unpublished))")
            let how = report.incremental
                ? "\(report.written) files written, \(report.unchanged) unchanged, \(report.removed) removed"
                : "\(report.written) files written"
            Console.say("\(how) (\(report.parsed) content files parsed), into \(report.output) in \(ms) ms")
            if let next = report.nextChange {
                Console.say("next scheduled change: \(ISODate.utc(next.time)) (\(next.file) \(next.what)): rebuild then")
            }
        } catch let e as DiagnosticsError {
            Console.report(e.diagnostics)
            let configOnly = e.diagnostics.allSatisfy { $0.file == Config.fileName }
            if configOnly {
                Console.error("build failed: fix kiosque.yaml; the output was left as it was")
                throw ExitCode(Console.configError)
            }
            let n = Set(e.diagnostics.filter { $0.severity == .error }.map(\.file)).count
            Console.error("build failed: \(n) file(s) with errors; the output was left as it was")
            throw ExitCode(Console.contentError)
        }
    }

    /// `1 draft, 2 scheduled (next 2027-01-05 07:00 UTC), 0 expired`.
    static func describe(_ u: SiteModel.Unpublished) -> String {
        var scheduled = "\(u.scheduled) scheduled"
        if let next = u.nextLive {
            let iso = ISODate.utc(next)
            scheduled += " (next \(iso.prefix(10)) \(iso.dropFirst(11).prefix(5)) UTC)"
        }
        return "\(u.drafts) draft\(u.drafts == 1 ? "" : "s"), \(scheduled), \(u.expired) expired"
    }
}
