import ArgumentParser
import Digest
import Foundation
import KiosqueCore
import Site

struct DigestCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Write the day's newsletter: digests/YYYY-MM-DD.html, .txt and .eml.",
        discussion: """
        Writes the three files all or none: a failure leaves the previous ones as they were.

        \(Console.exitStatus([
            (0, "written"),
            (Console.contentError, "content, template or check errors (nothing written)"),
            (Console.nothingToDo, "no news that day (nothing written)"),
            (Console.configError, "kiosque.yaml missing or invalid, or no digest: block"),
            (Console.writeError, "a file could not be written, e.g. the disk is full (nothing written)"),
        ]))
        """)

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var preview: PreviewOptions
    @OptionGroup var verbosity: Verbosity

    @Option(help: "The day (YYYY-MM-DD, in the site's time zone). Default: today.")
    var date: String?

    @Flag(help: "The newest day with news.")
    var latest = false

    func validate() throws {
        if date != nil && latest { throw ValidationError("give --date or --latest, not both") }
        if let date, Day(iso: date) == nil { throw ValidationError("--date must be a day such as 2026-02-06") }
    }

    func execute() throws {
        let config = try preview.apply(to: siteOptions.loadConfig())
        let which: DigestBuilder.Which = latest ? .latest : date.flatMap(Day.init(iso:)).map { .day($0) } ?? .today
        let started = Date()
        do {
            let report = try DigestBuilder(config: config, rules: PublishingRules(now: try preview.now(config))).build(which)
            Console.report(report.warnings)
            let issue = report.issue
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            var line = "digest of \(French.longDate(issue.day)): \(issue.articles) articles"
            if issue.shown < issue.articles {
                line += " (\(issue.shown) in the mail to stay under Gmail's clipping size; the rest are linked on the day page)"
            }
            Console.say(line + ", HTML \(issue.html.utf8.count / 1000) KB, in \(ms) ms")
            for f in report.files { Console.say("  \(f)") }
            Console.say("open it: file://\(report.files[0])")
        } catch DigestComposer.Failure.noNews(let day) {
            Console.error("no news on \(French.longDate(day)) (\(day)): no digest written")
            throw ExitCode(Console.nothingToDo)
        } catch let e as DiagnosticsError {
            Console.report(e.diagnostics)
            let configOnly = e.diagnostics.allSatisfy { $0.file == Config.fileName }
            Console.error("digest failed: nothing was written")
            throw ExitCode(configOnly ? Console.configError : Console.contentError)
        } catch let e as AtomicFile.WriteError {
            Console.error("error: \(e)\ndigest failed: nothing was written, the previous files are as they were")
            throw ExitCode(Console.writeError)
        }
    }
}
