import ArgumentParser
import Fetch
import Foundation
import KiosqueCore

struct FetchCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Fetch the feeds of kiosque.yaml into new Markdown articles under content/.",
        discussion: Console.exitStatus([
            (0, "the feeds were read; a feed that failed is listed on standard error (the others were ingested)"),
            (Console.feedsFailed, "no feed could be read, or the fetch state could not be read or saved; with --strict, any feed failed"),
            (Console.configError, "kiosque.yaml missing or invalid (nothing is fetched)"),
            (Console.fetchLocked, "another kiosque fetch is running on this site"),
        ]))

    @OptionGroup var siteOptions: SiteOptions

    @Flag(help: "Exit with status 2 when any feed fails, not only when all do.")
    var strict = false

    @Option(help: "Feeds fetched at once.")
    var concurrency: Int = 8

    @Option(help: "Seconds allowed for each feed, redirects included.")
    var timeout: Double = 30

    @OptionGroup var verbosity: Verbosity

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func execute() throws {
        let config = try siteOptions.loadConfig()
        var options = FetchOptions(site: config.site)
        options.concurrency = concurrency
        options.timeout = timeout
        let run = FetchRun(config: config, options: options, now: Timestamp(Date().timeIntervalSince1970))
        let report: FetchReport
        do {
            report = try run.run()
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(error.lockHeld ? Console.fetchLocked : Console.feedsFailed)
        }
        Console.say(FetchSummary.table(report))
        let failed = report.feeds.filter(\.failed)
        let severity: Diagnostic.Severity = report.allFailed || strict ? .error : .warning
        for f in failed {
            guard case .failed(let why) = f.status else { continue }
            let line = "\(severity.rawValue): feed '\(f.feed.name)' (\(f.feed.url)): \(why)"
            if severity == .error { Console.error(line) } else { Console.warning(line) }
        }
        if report.allFailed {
            Console.error("error: no feed could be read")
            throw ExitCode(Console.feedsFailed)
        }
        if strict && !failed.isEmpty { throw ExitCode(Console.feedsFailed) }
    }
}

/// The per-feed table `kiosque fetch` prints.
enum FetchSummary {
    /// Beyond this, a feed's notes are counted, not listed (a feed of broken links says so once).
    static let notesPerFeed = 20

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
            if f.counts.left > 0 {
                let written = "\(f.counts.new) new" + (f.counts.updated > 0 ? " and \(f.counts.updated) updated" : "")
                notes.append("\(f.feed.name): \(written) items written, \(f.counts.left) left for the next runs "
                             + "(at most \(FetchRun.filesPerFeedPerRun) files a feed per run)")
            }
            if f.counts.keptByEditor > 0 {
                notes.append("\(f.feed.name): \(f.counts.keptByEditor) updated item(s) left alone: their file was edited or deleted")
            }
            for r in f.repairs { notes.append("\(f.feed.name): recovered a malformed feed: \(r)") }
            notes += f.notes.prefix(notesPerFeed).map { "\(f.feed.name): \($0)" }
            if f.notes.count > notesPerFeed { notes.append("\(f.feed.name): … and \(f.notes.count - notesPerFeed) more") }
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
