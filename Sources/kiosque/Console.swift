import ArgumentParser
import Foundation
import KiosqueCore
import Logging

/// `--quiet` and `--verbose`, on every command.
struct Verbosity: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print errors only (and what the command was asked to print).")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also print debug lines: what each step did and how long it took.")
    var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("give --quiet or --verbose, not both") }
    }

    var level: Logger.Level { quiet ? .error : verbose ? .debug : .info }
}

/// A subcommand: its `--quiet` or `--verbose` applies to every line, the libraries' included,
/// before it starts.
protocol KiosqueCommand: ParsableCommand {
    var verbosity: Verbosity { get }
    func execute() throws
}

extension KiosqueCommand {
    func run() throws {
        Console.start(level: verbosity.level)
        try execute()
    }
}

/// What the commands print, through swift-log: a report on standard output, problems and
/// notices on standard error, debug lines with `--verbose`.
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

    /// Every logger of the process writes here from now on, at `level`; in colour on a
    /// terminal unless NO_COLOR is set (https://no-color.org). Once per process: later calls
    /// change nothing.
    static func start(level: Logger.Level) {
        lock.withLock {
            guard !started else { return }
            started = true
            let colour = isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            LoggingSystem.bootstrap { ConsoleLogHandler(label: $0, level: level, colour: colour) }
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var started = false

    /// Started at the default level if the command did not start it (it is not a `KiosqueCommand`).
    private static let log: Logger = {
        start(level: .info)
        return Logger(label: "kiosque")
    }()

    static func report(_ diagnostics: [Diagnostic]) {
        for d in diagnostics.sorted() { log.log(level: d.severity == .error ? .error : .warning, "\(d.description)") }
    }

    /// A line of the command's report, on standard output.
    static func say(_ s: String) { log.info("\(s)") }

    /// What the command was asked to print, exactly, on standard output even with `--quiet`.
    static func output(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }

    /// Something to know that is not a problem, on standard error.
    static func note(_ s: String) { log.notice("\(s)") }

    static func warning(_ s: String) { log.warning("\(s)") }

    static func error(_ s: String) { log.error("\(s)") }

    static func debug(_ s: @autoclosure () -> String) { log.debug("\(s())") }

    /// The `Exit status:` part of a command's help, one status a line in 78 columns; bad usage
    /// (64, from the argument parser) ends every list.
    static func exitStatus(_ statuses: [(Int32, String)]) -> String {
        var lines = ["Exit status:"]
        for (code, what) in statuses + [(64, "bad command-line usage")] {
            var line = "  " + String(code).padding(toLength: 4, withPad: " ", startingAt: 0)
            var first = true
            for word in what.split(separator: " ") {
                if !first && line.count + 1 + word.count > 78 {
                    lines.append(line)
                    line = String(repeating: " ", count: 6)
                    first = true
                }
                line += (first ? "" : " ") + word
                first = false
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

/// swift-log's lines as the commands print them: `info` on standard output as it is,
/// the others on standard error, `error:` and `warning:` in colour when asked.
struct ConsoleLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let colour: Bool

    init(label: String, level: Logger.Level, colour: Bool) {
        self.label = label
        logLevel = level
        self.colour = colour
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = event.message.description
        switch event.level {
        case .info: Self.write(text, to: .standardOutput)
        case .trace, .debug:
            let topic = label.hasPrefix("kiosque.") ? label.dropFirst("kiosque.".count) + ": " : ""
            Self.write(paint("debug:", "2") + " \(topic)\(text)", to: .standardError)
        case .warning: Self.write(highlight("warning:", in: text, "1;33"), to: .standardError)
        case .error, .critical: Self.write(highlight("error:", in: text, "1;31"), to: .standardError)
        case .notice: Self.write(text, to: .standardError)
        }
    }

    /// One write per line, unbuffered: standard output and standard error stay in order.
    static func write(_ text: String, to handle: FileHandle) { handle.write(Data((text + "\n").utf8)) }

    private func paint(_ s: String, _ sgr: String) -> String { colour ? "\u{1B}[\(sgr)m\(s)\u{1B}[0m" : s }

    /// `word` painted where it says what a line is: at its start, or after `file:line: `.
    private func highlight(_ word: String, in text: String, _ sgr: String) -> String {
        guard colour else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix(word) { return paint(word, sgr) + line.dropFirst(word.count) }
            guard let r = line.range(of: ": " + word) else { return String(line) }
            return line[..<r.lowerBound] + ": " + paint(word, sgr) + line[r.upperBound...]
        }.joined(separator: "\n")
    }
}
