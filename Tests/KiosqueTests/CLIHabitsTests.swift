import Fetch
import Foundation
import Testing

/// What a user of any command line expects: `--version`, `--quiet` and `--verbose` on every
/// command, colour only on a terminal and never with NO_COLOR, exit codes in every `--help`.
@Suite struct CLIHabitsTests {
    /// Every command a user runs, as typed after `kiosque`.
    static let commands = [["build"], ["init"], ["fetch"], ["feed", "inspect"], ["digest"], ["send"], ["serve"], ["new"], ["check"],
                           ["members", "serve"], ["members", "list"], ["members", "add"], ["members", "remove"],
                           ["members", "import"], ["members", "export"], ["members", "erase"]]

    static func site() throws -> TempSite {
        let site = try TempSite()
        try site.article("or-record", title: "L’or franchit un nouveau record à Londres", date: "2026-02-05T08:00:00Z",
                         summary: "L’once dépasse 3 000 dollars.", tags: ["or"])
        return site
    }

    static func build(_ site: TempSite, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"] + extra)
    }

    @Test func versionIsTheOneTheUserAgentSays() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout == "kiosque \(kiosqueVersion)\n")
        #expect(FetchOptions().userAgent == "Kiosque/\(kiosqueVersion)")
    }

    @Test func quietShowsErrorsOnly() throws {
        let site = try Self.site()
        defer { site.remove() }
        // A warning (an unknown key of the front matter) and the report: not with --quiet.
        try site.article("bourse", title: "La bourse de Lagos recule", date: "2026-02-06T08:00:00Z",
                         summary: "Le NGX All-Share perd 1 %.", extraFrontMatter: "auteure: Awa\n")
        let normal = try Self.build(site)
        #expect(normal.status == 0)
        #expect(normal.stdout.hasPrefix("built 2 articles"), "\(normal.stdout)")
        #expect(normal.stderr.contains(": warning: unknown key 'auteure'"), "\(normal.stderr)")
        let quiet = try Self.build(site, ["--quiet", "--clean"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty, "\(quiet.stdout)\(quiet.stderr)")
        // Errors still show, with their exit status.
        try site.write("templates/item.mustache", "<li>{{titre}}</li>\n")
        let failed = try Self.build(site, ["-q"])
        #expect(failed.status == 1)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr == """
            templates/item.mustache:1: error: unknown variable 'titre' (did you mean 'title'?)
            build failed: 1 file(s) with errors; the output was left as it was

            """, "\(failed.stderr)")
        // What a command was asked to print is not chatter: it stays.
        let feed = try CLI.run(["feed", "inspect", "--quiet", TestServer.shared.url("/feed.xml")])
        #expect(feed.status == 0)
        #expect(feed.stdout.contains("item(s)"), "\(feed.stdout)")
        #expect(feed.stderr.isEmpty, "\(feed.stderr)")
    }

    @Test func verboseAddsDebugLinesAndChangesNothingElse() throws {
        let site = try Self.site()
        defer { site.remove() }
        let normal = try Self.build(site, ["--clean"])
        let verbose = try Self.build(site, ["--clean", "--verbose"])
        #expect(verbose.status == 0)
        // The report is the same but for its timing.
        func untimed(_ s: String) -> String { s.replacing(#/ in \d+ ms/#, with: "") }
        #expect(untimed(verbose.stdout) == untimed(normal.stdout))
        let debug = verbose.stderr.split(separator: "\n").map(String.init)
        #expect(debug.count == 3, "\(verbose.stderr)")
        for (line, phase) in zip(debug, ["content and templates: 1 articles, 1 files parsed; templates checked",
                                         "model: 1 articles published", "output: "]) {
            #expect(line.hasPrefix("debug: build: \(phase)") && line.hasSuffix(" ms"), "\(line)")
        }
        #expect(normal.stderr.isEmpty)

        // Each HTTP transfer's status.
        let ok = try CLI.run(["feed", "inspect", "-v", TestServer.shared.url("/feed.xml")])
        #expect(ok.stderr.contains("debug: http: GET \(TestServer.shared.url("/feed.xml")): HTTP 200, "), "\(ok.stderr)")
        let missing = try CLI.run(["feed", "inspect", "-v", TestServer.shared.url("/missing")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("debug: http: GET \(TestServer.shared.url("/missing")): HTTP 404, "), "\(missing.stderr)")
    }

    @Test func quietAndVerboseAreOnEveryCommandButNotTogether() throws {
        for command in Self.commands {
            let help = try CLI.run(command + ["--help"])
            #expect(help.stdout.contains("-q, --quiet") && help.stdout.contains("-v, --verbose"), "\(command): \(help.stdout)")
        }
        let both = try CLI.run(["build", "--quiet", "--verbose"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("give --quiet or --verbose, not both"), "\(both.stderr)")
    }

    /// `command` run on a pseudo-terminal (util-linux's `script`): what the terminal shows.
    static func onTerminal(_ arguments: [String], environment: String) throws -> String {
        let exe = try #require(CLI.executable())
        let command = ([exe] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try CommandRun("/bin/sh", ["-c", "env \(environment) script -qec \"\(command)\" /dev/null < /dev/null"]).output
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.article("bourse", title: "La bourse de Lagos recule", date: "2026-02-06T08:00:00Z",
                         summary: "Le NGX All-Share perd 1 %.", extraFrontMatter: "auteure: Awa\n")
        try site.write("templates/item.mustache", "<li>{{titre}}</li>\n")
        let args = ["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"]
        let red = "\u{1B}[1;31merror:\u{1B}[0m", yellow = "\u{1B}[1;33mwarning:\u{1B}[0m"

        let terminal = try Self.onTerminal(args, environment: "-u NO_COLOR")
        #expect(terminal.contains("templates/item.mustache:1: \(red) unknown variable 'titre'"), "\(terminal.debugDescription)")
        #expect(terminal.contains(": \(yellow) unknown key 'auteure'"), "\(terminal.debugDescription)")

        let noColor = try Self.onTerminal(args, environment: "NO_COLOR=1")
        #expect(noColor.contains("templates/item.mustache:1: error: unknown variable 'titre'"), "\(noColor.debugDescription)")
        #expect(!noColor.contains("\u{1B}["), "\(noColor.debugDescription)")

        let piped = try CLI.run(args, environment: ["NO_COLOR": ""])
        #expect(piped.status == 1)
        #expect(piped.stderr.contains("templates/item.mustache:1: error: unknown variable 'titre'"))
        #expect(!piped.stderr.contains("\u{1B}["))
    }

    @Test(arguments: [
        (["build"], [0, 1, 3, 64]),
        (["init"], [0, 1, 64]),
        (["fetch"], [0, 2, 3, 4, 64]),
        (["feed", "inspect"], [0, 2, 64]),
        (["digest"], [0, 1, 2, 3, 4, 64]),
        (["send"], [0, 2, 3, 4, 5, 6, 64]),
        (["serve"], [0, 1, 3, 64]),
        (["new"], [0, 1, 3, 64]),
        (["check"], [0, 1, 3, 64]),
        (["members", "serve"], [0, 1, 3, 4, 64]),
        (["members", "list"], [0, 3, 4, 64]),
        (["members", "add"], [0, 1, 3, 4, 64]),
        (["members", "remove"], [0, 2, 3, 4, 64]),
        (["members", "import"], [0, 1, 3, 4, 64]),
        (["members", "export"], [0, 3, 4, 64]),
        (["members", "erase"], [0, 2, 3, 4, 64]),
    ])
    func everyHelpListsItsExitCodes(command: [String], codes: [Int]) throws {
        let help = try CLI.run(command + ["--help"])
        #expect(help.status == 0)
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "Exit status:"), "\(command): \(help.stdout)")
        let listed = lines[(start + 1)...].prefix { $0.hasPrefix("  ") }
            .compactMap { line in line.hasPrefix("      ") ? nil : Int(line.split(separator: " ")[0]) }
        #expect(listed == codes, "\(command): \(help.stdout)")
        #expect(lines.allSatisfy { $0.count <= 80 || $0.hasPrefix("USAGE:") }, "\(command): \(help.stdout)")
    }
}
