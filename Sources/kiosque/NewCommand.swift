import ArgumentParser
import Content
import Foundation
import KiosqueCore

struct NewCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Write a new draft article and print its path (for $EDITOR \"$(kiosque new …)\").",
        discussion: """
        Writes content/articles/YYYY/MM/DD/<slug>.md (the day of --date in site.timezone) with \
        title, date, sector and draft: true; a slug already taken gets -2, -3…; never over an \
        existing file. Prints only the path: relative to the current folder when the file is \
        inside it, else absolute.

        \(Console.exitStatus([
            (0, "written"),
            (Console.contentError, "unknown sector (the sectors are listed), or the file could not be written"),
            (Console.configError, "kiosque.yaml missing or invalid, or the content folder missing"),
        ]))
        """)

    @Argument(help: "The headline.")
    var title: String

    @Option(help: "A sector slug of kiosque.yaml.")
    var sector: String

    @Option(help: "The article's date (ISO 8601; without an offset, in site.timezone). Default: now.")
    var date: String?

    @OptionGroup var siteOptions: SiteOptions
    @OptionGroup var verbosity: Verbosity

    func validate() throws {
        guard !title.trimmingWhitespace.isEmpty else { throw ValidationError("the title is empty") }
    }

    func execute() throws {
        let config = try siteOptions.loadConfig()
        do {
            try ContentLoader.requireFolder(config)
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode(Console.configError)
        }
        var instant = Timestamp(Date().timeIntervalSince1970)
        if let date {
            guard let t = ISODate.parse(date, in: config.site.timeZone) else {
                throw ValidationError("--date must be an ISO 8601 date such as 2026-02-06T09:30:00Z or 2026-02-06")
            }
            instant = t
        }
        do {
            let path = try NewArticle(title: title, sector: sector, date: instant, config: config).write()
            Console.output(Self.shown(path) + "\n")
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(Console.contentError)
        }
    }

    /// Relative to the current folder when the file is inside it, else absolute: either way
    /// a path the caller's shell (and `$EDITOR`) opens from where it runs.
    static func shown(_ path: String) -> String {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        let file = canonical(path), here = canonical(FileManager.default.currentDirectoryPath)
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }
}
