import Content
import Foundation
import KiosqueCore
import Testing

/// `kiosque new`: a draft the build's own parser reads back as written, at the day of its
/// date in the site's zone, never over a file, and its path alone on standard output.
@Suite("kiosque new")
struct NewCommandTests {
    /// Runs `kiosque new` on the site; the printed path, resolved from `directory`.
    func new(_ site: TempSite, _ args: [String], in directory: String? = nil) throws -> (CLI.Result, String?) {
        let r = try CLI.run(["new"] + args + (directory == nil ? ["--site", site.root] : []), in: directory)
        guard r.status == 0 else { return (r, nil) }
        let printed = r.stdout.trimmingCharacters(in: .newlines)
        let full = printed.hasPrefix("/") ? printed : ((directory ?? FileManager.default.currentDirectoryPath) as NSString).appendingPathComponent(printed)
        return (r, full)
    }

    /// The file parsed by the build's front-matter parser, as `kiosque build` reads it.
    func parsed(_ site: TempSite, _ path: String) throws -> (Article?, [Diagnostic]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let prefix = site.path("content/articles") + "/"
        #expect(path.hasPrefix(prefix), "\(path) is not under content/articles")
        let relative = String(path.dropFirst(prefix.count))
        return FrontMatter.parse(text, file: "content/articles/" + relative, relative: relative, config: try Config.load(siteDirectory: site.root))
    }

    @Test func writesADraftTheBuildReadsBackAsWritten() throws {
        let site = try TempSite(timezone: "Europe/Paris")
        defer { site.remove() }
        let title = "La BCEAO maintient son taux directeur à 3,25 % : « prudence »"
        let (r, path) = try new(site, [title, "--sector", "marches", "--date", "2026-02-06T23:30:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        // 23 h 30 UTC is already the 7th in Paris: the day folder is the site zone's.
        #expect(path == site.path("content/articles/2026/02/07/la-bceao-maintient-son-taux-directeur-a-3-25-prudence.md"))
        #expect(r.stdout == path.map { $0 + "\n" }, "only the path is printed")
        let (article, diagnostics) = try parsed(site, try #require(path))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(article?.title == title)
        #expect(article?.sector == "marches")
        #expect(article?.draft == true)
        #expect(article?.date == ts("2026-02-06T23:30:00Z"))
        // A draft: not published until an editor says so.
        let report = try site.build()
        #expect(report.articles == 0 && report.unpublished.drafts == 1)
    }

    @Test(arguments: [
        "Le titre \"entre guillemets\" : suite",
        "Une barre \\ oblique et un dièse # ici",
        "---",
        "draft: false",
        "Titre\nsur deux lignes",
        "Un caractère de contrôle \u{07} et un séparateur \u{2028} de ligne",
    ])
    func anyTitleIsQuotedAndReadBackWhole(_ title: String) throws {
        let site = try TempSite()
        defer { site.remove() }
        // After `--`, even "---" is the title, not an option.
        let (r, path) = try new(site, ["--sector", "economie", "--date", "2026-02-06T09:30:00Z", "--site", site.root, "--", title],
                                in: site.root)
        #expect(r.status == 0, "\(r.stderr)")
        let (article, diagnostics) = try parsed(site, try #require(path))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        // White space runs (line breaks included) become one space; everything else stays.
        #expect(article?.title == title.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        #expect(article?.draft == true, "the title cannot add a key")
    }

    @Test func aTakenSlugGetsTwoThenThreeAndNoFileIsTouched() throws {
        let site = try TempSite()
        defer { site.remove() }
        let args = ["Le Trésor ivoirien lève 150 milliards", "--sector", "economie", "--date", "2026-02-06T09:30:00Z"]
        let folder = site.path("content/articles/2026/02/06")
        let (_, first) = try new(site, args)
        try "édité à la main\n".write(toFile: try #require(first), atomically: false, encoding: .utf8)
        let (_, second) = try new(site, args)
        let (_, third) = try new(site, args)
        #expect(first == folder + "/le-tresor-ivoirien-leve-150-milliards.md")
        #expect(second == folder + "/le-tresor-ivoirien-leve-150-milliards-2.md")
        #expect(third == folder + "/le-tresor-ivoirien-leve-150-milliards-3.md")
        #expect(try String(contentsOfFile: first!, encoding: .utf8) == "édité à la main\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.count == 3, "no temporary file left: \(names)")
    }

    @Test func racingRunsEachGetTheirOwnFile() throws {
        let site = try TempSite()
        defer { site.remove() }
        let args = ["new", "La Sonatel annonce un dividende", "--sector", "economie", "--date", "2026-02-06T09:30:00Z",
                    "--site", site.root]
        let results = UnsafeMutableBufferPointer<CLI.Result?>.allocate(capacity: 8)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: 8) { i in slots[i] = try? CLI.run(args) }
        let paths = results.compactMap { $0 }.filter { $0.status == 0 }.map { $0.stdout.trimmingCharacters(in: .newlines) }
        #expect(paths.count == 8)
        #expect(Set(paths).count == 8, "two runs wrote the same file: \(paths.sorted())")
        for p in paths { #expect(try parsed(site, p).1.isEmpty) }
        let names = try FileManager.default.contentsOfDirectory(atPath: site.path("content/articles/2026/02/06"))
        #expect(names.count == 8, "\(names.sorted())")
    }

    @Test func thePathOpensFromAnyFolder() throws {
        let site = try TempSite()
        defer { site.remove() }
        // From the site folder: relative to it.
        let inside = try CLI.run(["new", "Depuis le site", "--sector", "economie", "--date", "2026-02-06"], in: site.root)
        #expect(inside.status == 0, "\(inside.stderr)")
        #expect(inside.stdout == "content/articles/2026/02/06/depuis-le-site.md\n")
        // From a sub-folder of the site: relative to that folder.
        let articles = site.path("content/articles")
        let below = try CLI.run(["new", "Depuis un dossier", "--sector", "economie", "--date", "2026-02-06", "--site", "../.."],
                                in: articles)
        #expect(below.stdout == "2026/02/06/depuis-un-dossier.md\n", "\(below.stderr)")
        // From elsewhere: absolute; and the shell idiom the issue names works as is.
        let elsewhere = TempSite(empty: ())
        defer { elsewhere.remove() }
        let r = try CommandRun("/bin/sh", ["-c", "cd '\(elsewhere.root)' && EDITOR=cat && $EDITOR \"$('\(CLI.executable()!)' new 'Ailleurs' --sector economie --date 2026-02-06 --site '\(site.root)')\""])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.hasPrefix("---\ntitle: \"Ailleurs\"\n"), "\(r.output)")
    }

    @Test func withoutDateItIsNowInTheSiteZone() throws {
        let site = try TempSite(timezone: "Pacific/Kiritimati")  // UTC+14: often another day than UTC
        defer { site.remove() }
        let before = Timestamp(Date().timeIntervalSince1970)
        let (r, path) = try new(site, ["Tout de suite", "--sector", "economie"])
        let after = Timestamp(Date().timeIntervalSince1970)
        #expect(r.status == 0, "\(r.stderr)")
        let file = try #require(path)
        let article = try #require(try parsed(site, file).0)
        #expect(article.date >= before - 1 && article.date <= after)
        let zone = try #require(SiteTimeZone(identifier: "Pacific/Kiritimati"))
        #expect(path?.contains("/content/articles/\(zone.day(of: article.date).path)/") == true)
    }

    @Test func anUnknownSectorListsTheSectorsAndWritesNothing() throws {
        let site = try TempSite()
        defer { site.remove() }
        let (r, _) = try new(site, ["Un titre", "--sector", "economy"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("unknown sector 'economy'"))
        #expect(r.stderr.contains("economie, marches, energie"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: site.path("content/articles")))
    }

    @Test func badUsageAndBadSitesHaveTheirExitCodes() throws {
        let site = try TempSite()
        defer { site.remove() }
        #expect(try new(site, ["Un titre", "--sector", "economie", "--date", "vendredi"]).0.status == 64)
        #expect(try new(site, ["   ", "--sector", "economie"]).0.status == 64)
        let empty = TempSite(empty: ())
        defer { empty.remove() }
        #expect(try CLI.run(["new", "Un titre", "--sector", "economie", "--site", empty.root]).status == 3)
        try FileManager.default.removeItem(atPath: site.path("content"))
        #expect(try new(site, ["Un titre", "--sector", "economie"]).0.status == 3, "a missing content folder is a mistyped paths.content")
        let help = try CLI.run(["new", "--help"])
        #expect(help.stdout.contains("Exit status:") && help.stdout.contains("64"))
    }
}
