import ArgumentParser
import Fetch
import Foundation
import KiosqueCore

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch the feeds of kiosque.yaml into new Markdown articles under content/.")

    @OptionGroup var siteOptions: SiteOptions

    @Option(help: "Feeds fetched at once.")
    var concurrency: Int = 8

    @Option(help: "Seconds allowed for each feed, redirects included.")
    var timeout: Double = 30

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() throws {
        let config = try siteOptions.loadConfig()
        var options = FetchOptions(site: config.site)
        options.concurrency = concurrency
        options.timeout = timeout
        let run = FetchRun(config: config, options: options, now: Timestamp(Date().timeIntervalSince1970))
        let report: FetchReport
        do {
            report = try run.run()
        } catch let e as LoadFailure where e.description.hasPrefix("another kiosque fetch") {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(Console.fetchLocked)
        }
        Console.say(FetchSummary.table(report))
        if report.anyFailed { throw ExitCode(Console.feedsFailed) }
    }
}

/// The per-feed table `kiosque fetch` prints.
enum FetchSummary {
    static func table(_ report: FetchReport) -> String {
        guard !report.feeds.isEmpty else { return "no feeds in kiosque.yaml (add some under 'feeds:')" }
        var rows: [[String]] = [["feed", "new", "updated", "duplicates", "status"]]
        var notes: [String] = []
        var total = IngestCounts()
        var unchanged = 0, failed = 0, deferred = 0
        for f in report.feeds {
            let status: String
            switch f.status {
            case .fetched: status = "fetched"
            case .unchanged: status = "unchanged (304)"; unchanged += 1
            case .deferred(let until): status = "skipped until \(ISODate.utc(until)) (Retry-After)"; deferred += 1
            case .failed(let why): status = "FAILED: \(why)"; failed += 1
            }
            rows.append([f.feed.name, "\(f.counts.new)", "\(f.counts.updated)", "\(f.counts.duplicates)", status])
            total.new += f.counts.new
            total.updated += f.counts.updated
            total.duplicates += f.counts.duplicates
            if f.counts.keptByEditor > 0 {
                notes.append("\(f.feed.name): \(f.counts.keptByEditor) updated item(s) left alone: their file was edited or deleted")
            }
            for r in f.repairs { notes.append("\(f.feed.name): recovered a malformed feed: \(r)") }
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 || c == 4 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingWhitespace
        }
        lines.append("")
        lines.append("\(total.new) new, \(total.updated) updated, \(unchanged) unchanged, \(total.duplicates) duplicate(s) skipped, "
            + "\(failed) failed\(deferred > 0 ? ", \(deferred) deferred" : "")")
        lines += notes
        return lines.joined(separator: "\n")
    }
}
