import ArgumentParser
import Foundation
import KiosqueCore
import Site

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Render content/ through templates/ into the static site (public/).")

    @OptionGroup var siteOptions: SiteOptions

    @Flag(help: "Publish drafts too.")
    var drafts = false

    @Flag(help: "Publish articles whose publish_date is still in the future.")
    var future = false

    @Flag(help: "Ignore the build cache (.kiosque/build): parse and render everything, replace the whole output.")
    var clean = false

    @Option(help: "Write the site here instead of paths.output.")
    var output: String?

    @OptionGroup var preview: PreviewOptions

    func run() throws {
        let config = try preview.apply(to: siteOptions.loadConfig())
        let instant = try preview.now(config)
        let started = Date()
        let builder = SiteBuilder(config: config, options: .init(
            rules: PublishingRules(now: instant, drafts: drafts, future: future), output: output, clean: clean))
        do {
            let report = try builder.build()
            Console.report(report.warnings)
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let how = report.incremental
                ? "\(report.written) files written, \(report.unchanged) unchanged, \(report.removed) removed"
                : "\(report.written) files written"
            Console.say("built \(report.articles) articles (\(report.parsed) files parsed), \(how), into \(report.output) in \(ms) ms")
            if let next = report.nextChange {
                Console.say("next scheduled change: \(ISODate.utc(next.time)) (\(next.file) \(next.what)): rebuild then")
            }
        } catch let e as DiagnosticsError {
            Console.report(e.diagnostics)
            let n = Set(e.diagnostics.filter { $0.severity == .error }.map(\.file)).count
            FileHandle.standardError.write(Data("build failed: \(n) file(s) with errors; public/ was left as it was\n".utf8))
            throw ExitCode(Console.contentError)
        }
    }
}
