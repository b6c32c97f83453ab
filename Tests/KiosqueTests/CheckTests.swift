import Foundation
import KiosqueCore
@testable import Site
import Testing

/// `kiosque check` on good and broken sites: everything a build reports, found the same way;
/// every link of every page, at its line in the Markdown file or at its page for a template;
/// the article checks; nothing written; the text and JSON reports and the exit codes.
@Suite("kiosque check")
struct CheckTests {
    static let now = "2026-03-01T12:00:00Z"

    func check(_ site: TempSite, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["check", "--site", site.root, "--now", Self.now] + extra)
    }

    /// The lines of a report that are findings (not the summary).
    func findings(_ r: CLI.Result) -> [String] {
        r.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("check: ") }
    }

    /// The diagnostics a build printed on standard error.
    func buildDiagnostics(_ site: TempSite) throws -> (status: Int32, lines: [String]) {
        let r = try CLI.run(["build", "--site", site.root, "--now", Self.now])
        return (r.status, r.stderr.split(separator: "\n").map(String.init).filter { $0.contains(": error: ") || $0.contains(": warning: ") })
    }

    /// Every file below the site folder with its bytes and modification time.
    func snapshot(_ site: TempSite) -> [String: String] {
        var out: [String: String] = [:]
        let e = FileManager.default.enumerator(atPath: site.root)
        while let rel = e?.nextObject() as? String {
            let attrs = (try? FileManager.default.attributesOfItem(atPath: site.path(rel))) ?? [:]
            let date = (attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let bytes = FileManager.default.contents(atPath: site.path(rel)).map { StableHash.of(Array($0).withUnsafeBytes { $0 }) } ?? 0
            out[rel] = "\(date) \(bytes)"
        }
        return out
    }

    /// Three sound articles over two days.
    func soundSite(baseURL: String = "https://www.example.com/") throws -> TempSite {
        let site = try TempSite(baseURL: baseURL)
        try site.article("budget", title: "Le budget 2026 est adopté", date: "2026-02-05T08:00:00Z",
                         body: "Le Parlement a voté le texte.\n\nVoir [le calendrier](/dates/) et [la rubrique](/secteurs/economie/#contenu).\n")
        try site.article("brvm", title: "La BRVM progresse de 1 %", date: "2026-02-06T11:00:00Z", sector: "marches",
                         body: "La séance a été [animée](../../05/budget/).\n\n![La corbeille d’Abidjan](/favicon.svg)\n")
        try site.article("cacao", title: "Le cacao recule à Londres", date: "2026-02-06T15:00:00Z", sector: "energie",
                         body: "Retour [sur la journée](/dates/2026/02/06/#s-marches).\n")
        return site
    }

    @Test func aSoundSiteHasNothingToSay() throws {
        let site = try soundSite()
        defer { site.remove() }
        let r = try check(site)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(findings(r).isEmpty, "\(r.stdout)")
        #expect(r.stdout.wholeMatch(of: /check: 0 errors, 0 warnings in \d+ files \(\d+\.\d s\)\n/) != nil, "\(r.stdout)")
    }

    @Test func aSiteUnderASubPathIsCheckedUnderIt() throws {
        let site = try soundSite(baseURL: "https://www.example.com/actu/")
        defer { site.remove() }
        // Site-root links of bodies are made absolute under the sub-path; the rest of the
        // domain is another site.
        try site.article("ailleurs", date: "2026-02-06T18:00:00Z",
                         body: "La [rubrique](/secteurs/marches/), le [reste du domaine](https://www.example.com/autre/) et [rien](/actu-absente/).\n")
        let r = try check(site)
        #expect(r.status == 1)
        #expect(findings(r) == ["content/articles/2026/02/06/ailleurs.md:6: error: broken link 'https://www.example.com/actu/actu-absente/': the build produces no 'actu-absente/index.html' (fix the address, or remove the link)"], "\(r.stdout)")
    }

    @Test func itWritesNothingIntoTheSite() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.article("vide", title: "Un lien cassé", date: "2026-02-06T16:00:00Z", body: "[ici](/nulle-part/)\n")
        let before = snapshot(site)
        #expect(try check(site).status == 1)
        #expect(snapshot(site) == before, "no output folder, no .kiosque/, nothing changed")
        #expect(!FileManager.default.fileExists(atPath: site.publicDir))
        #expect(!FileManager.default.fileExists(atPath: site.path(".kiosque")))

        // Once built (the content cache is there), changed content: the cache is read, not saved.
        try FileManager.default.removeItem(atPath: site.path("content/articles/2026/02/06/vide.md"))
        #expect(try CLI.run(["build", "--site", site.root, "--now", Self.now]).status == 0)
        try site.article("nouveau", title: "Un nouvel article", date: "2026-02-06T17:00:00Z")
        let built = snapshot(site)
        #expect(try check(site).status == 0)
        #expect(snapshot(site) == built)
    }

    @Test func itReportsEveryProblemTheBuildReports() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.article("mauvaise-date", date: "2026-02-31T08:00:00Z", folder: "2026/02/06")
        try site.article("secteur", date: "2026-02-06T08:00:00Z", sector: "economy")
        try site.article("cle", date: "2026-02-06T08:00:00Z", extraFrontMatter: "tagz: [bceao]\n")
        try site.article("dossier", date: "2026-02-07T08:00:00Z", folder: "2026/02/06")
        try site.write("content/note.md", "# Une note\n")
        try site.write("content/articles/2026/02/06/majuscules.MD", "---\ntitle: \"x\"\n---\n")
        let build = try buildDiagnostics(site)
        #expect(build.status == 1 && build.lines.count >= 6, "\(build.lines)")
        let r = try check(site)
        #expect(r.status == 1)
        for line in build.lines { #expect(findings(r).contains(line), "check did not report: \(line)\n\(r.stdout)") }
    }

    @Test func aTemplateErrorIsReportedAsTheBuildReportsIt() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.write("templates/article.mustache", "{{<base}}{{$main}}\n{{#article}}\n<h1>{{title}}</h1>\n{{/main}}{{/base}}\n")
        let build = try buildDiagnostics(site)
        #expect(build.status == 1 && !build.lines.isEmpty)
        let r = try check(site)
        #expect(r.status == 1)
        for line in build.lines { #expect(findings(r).contains(line), "\(line)\n\(r.stdout)") }
    }

    @Test func bodyLinksAreReportedAtTheirLineInTheFile() throws {
        let site = try soundSite()
        defer { site.remove() }
        let markdown = try site.article("liens", title: "Des liens dans le corps", date: "2026-02-06T10:00:00Z", body: """
        Premier paragraphe, sans lien.

        Voir [la page absente](/articles/2026/02/06/absente/) et, sur la ligne
        suivante, [une page relative](../../05/budget/) qui existe.

        ![](/images/absente.png)

        Une [ancre inconnue](/dates/2026/02/06/#s-inconnu) et une [bonne ancre](/dates/2026/02/06/#s-economie).

        """)
        let html = try site.article("html", title: "Un tableau gardé", date: "2026-02-06T12:00:00Z", sector: "marches",
                                    sourceURL: "/sources/absente", body: """
        <p>Un tableau :</p>
        <table><tr><td>
        <a href="https://www.example.com/secteurs/inexistant/">lien HTML</a>
        </td></tr></table>

        <img src="https://www.example.com/photo.jpg">

        """)
        let r = try check(site)
        #expect(r.status == 1)
        let base = "https://www.example.com/"
        // The front matter (5 lines, `---` included) counts: the body starts on line 6.
        let expected = [
            "\(markdown):8: error: broken link '\(base)articles/2026/02/06/absente/': the build produces no 'articles/2026/02/06/absente/index.html' (fix the address, or remove the link)",
            "\(markdown):11: error: broken link '\(base)images/absente.png': the build produces no 'images/absente.png' (fix the address, or remove the link)",
            "\(markdown):13: error: broken link '\(base)dates/2026/02/06/#s-inconnu': the page has no element with id 's-inconnu' (fix the address, or remove the link)",
            "\(markdown):11: warning: image '\(base)images/absente.png' has no alt text (say what it shows: ![description](…), or alt=\"…\" in HTML)",
            // Raw HTML (line 3 of its block), and source_url in the front matter.
            "\(html):5: error: broken link '\(base)sources/absente': the build produces no 'sources/absente' (fix the address, or remove the link)",
            "\(html):9: error: broken link '\(base)secteurs/inexistant/': the build produces no 'secteurs/inexistant/index.html' (fix the address, or remove the link)",
            "\(html):12: error: broken link '\(base)photo.jpg': the build produces no 'photo.jpg' (fix the address, or remove the link)",
            "\(html):12: warning: image '\(base)photo.jpg' has no alt text (say what it shows: ![description](…), or alt=\"…\" in HTML)",
        ]
        #expect(Set(findings(r)) == Set(expected), "\(r.stdout)")
        #expect(r.stdout.contains("check: 6 errors, 2 warnings in "))
    }

    @Test func aTemplateLinkIsReportedOnceAtItsFirstPage() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.write("templates/footer.mustache", "<footer><a href=\"{{site.url}}mentions-legales/\">Mentions légales</a> <a href=\"#haut\">Haut</a></footer>\n")
        let r = try check(site)
        #expect(r.status == 1)
        let lines = findings(r)
        let legal = lines.filter { $0.contains("mentions-legales") }
        #expect(legal.count == 1, "\(r.stdout)")
        #expect(legal.first?.hasPrefix("public/404.html: error: broken link 'https://www.example.com/mentions-legales/' in the templates: the build produces no 'mentions-legales/index.html'") == true, "\(r.stdout)")
        #expect(legal.first?.contains("other pages too") == true)
        // A fragment of the page itself, with no such id on it.
        let top = lines.filter { $0.contains("broken link '#haut' in the templates: the page has no element with id 'haut'") }
        #expect(top.count == 1, "\(r.stdout)")
    }

    @Test func pathsServedElsewhereAreNotBroken() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.write(Config.fileName, TempSite.configYAML(title: "T", baseURL: "https://www.example.com/", timezone: "Africa/Abidjan",
                                                           description: "D", sectors: TempSite.defaultSectors, extra: "")
            .replacingOccurrences(of: "  language: fr\n", with: "  language: fr\n  served_elsewhere: [/membres/]\n"))
        try site.article("membres", date: "2026-02-06T18:00:00Z", body: "L’[espace membres](/membres/compte/) est ouvert.\n")
        let r = try check(site)
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test func duplicateStoriesAndEmptyBodiesAreWarnings() throws {
        let site = try soundSite()
        defer { site.remove() }
        let guidLine = "guid: \"https://aps.example/?p=42\"\n"
        try site.article("premier", title: "La BCEAO maintient son taux", date: "2026-02-06T08:00:00Z", extraFrontMatter: guidLine)
        let second = try site.article("second", title: "Taux directeur inchangé", date: "2026-02-06T09:00:00Z", extraFrontMatter: guidLine)
        try site.article("source-a", title: "Orange Money en hausse", date: "2026-02-05T09:00:00Z", sourceURL: "https://om.example/a")
        let sourceB = try site.article("source-b", title: "Orange Money progresse", date: "2026-02-06T09:00:00Z", sourceURL: "https://om.example/a")
        let sameTitle = try site.article("titre-bis", title: "La BRVM  progresse de 1 %", date: "2026-02-06T19:00:00Z", sector: "economie")
        let empty = try site.article("vide", title: "Sans texte", date: "2026-02-06T20:00:00Z", body: "\n  \n")
        let r = try check(site)
        #expect(r.status == 0, "warnings only: \(r.stdout)")
        let lines = findings(r)
        #expect(lines.contains("\(second):5: warning: same guid as content/articles/2026/02/06/premier.md (the same story twice? delete one, or give each its own guid)"), "\(r.stdout)")
        #expect(lines.contains("\(sourceB):5: warning: same source_url as content/articles/2026/02/05/source-a.md (the same story twice? delete one, or link each to its own source)"), "\(r.stdout)")
        #expect(lines.contains("\(sameTitle):2: warning: same title on the same day as content/articles/2026/02/06/brvm.md (the same story twice? delete one, or give each its own title)"), "\(r.stdout)")
        #expect(lines.contains("\(empty):6: warning: the article has no text below its front matter (write it, or set draft: true until it is ready)"), "\(r.stdout)")
        #expect(lines.count == 4, "\(r.stdout)")
    }

    @Test func theBuildsSafetyChecksAreReported() throws {
        let site = try TempSite()
        defer { site.remove() }
        for n in 0..<20 { try GeneratedArticles.write(n, into: site) }
        #expect(try CLI.run(["build", "--site", site.root, "--now", Self.now]).status == 0)
        // A hand-made file where a new page goes, and half the articles gone.
        try site.write("public/articles/2026/02/05/seance-44/index.html", "<p>Ma page</p>\n")
        try GeneratedArticles.write(44, into: site)
        let build = try buildDiagnostics(site)
        #expect(build.status == 1)
        var r = try check(site)
        #expect(r.status == 1)
        for line in build.lines { #expect(findings(r).contains(line), "\(line)\n\(r.stdout)") }
        try FileManager.default.removeItem(atPath: site.path("public/articles/2026/02/05/seance-44/index.html"))
        for n in 0..<12 {
            let a = GeneratedArticles.article(n)
            try FileManager.default.removeItem(atPath: site.path("content/articles/\(a.folder)/\(a.slug).md"))
        }
        r = try check(site)
        #expect(r.status == 1)
        #expect(findings(r).contains { $0.hasPrefix("public: error: this build would unpublish 12 of the 20 articles") }, "\(r.stdout)")
    }

    @Test func draftsAreCheckedWithDrafts() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.article("brouillon", date: "2026-02-06T08:00:00Z", draft: true, body: "[ici](/nulle-part/)\n")
        #expect(try check(site).status == 0)
        let r = try check(site, ["--drafts"])
        #expect(r.status == 1)
        #expect(findings(r).contains { $0.hasPrefix("content/articles/2026/02/06/brouillon.md:7: error: broken link") }, "\(r.stdout)")
    }

    @Test func configurationProblemsExitThree() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.write(Config.fileName, "site:\n  title: \"T\"\n  time_zone: UTC\n")
        let r = try check(site)
        #expect(r.status == 3)
        #expect(findings(r).contains { $0.hasPrefix("kiosque.yaml:3: error: 'site.time_zone' is not a key") }, "\(r.stdout)")
        let json = try check(site, ["--json"])
        #expect(json.status == 3)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let errors = object?["errors"] as? [[String: Any]]
        #expect(errors?.first?["kind"] as? String == "config")

        let clash = try soundSite()
        defer { clash.remove() }
        try clash.write(Config.fileName, TempSite.configYAML(title: "T", baseURL: "https://www.example.com/", timezone: "UTC",
                                                            description: "D", sectors: TempSite.defaultSectors, extra: "paths:\n  output: content\n"))
        #expect(try check(clash).status == 3)
        let empty = TempSite(empty: ())
        defer { empty.remove() }
        #expect(try CLI.run(["check", "--site", empty.root]).status == 3)
    }

    @Test func theJSONHasExactlyTheDocumentedShape() throws {
        let site = try soundSite()
        defer { site.remove() }
        try site.article("liens", date: "2026-02-06T10:00:00Z", body: "[ici](/nulle-part/)\n\n![](/favicon.svg)\n")
        let text = try check(site)
        let r = try check(site, ["--json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["errors", "warnings", "summary"])
        let errors = try #require(object["errors"] as? [[String: Any]])
        let warnings = try #require(object["warnings"] as? [[String: Any]])
        #expect(errors.count == 1 && warnings.count == 1)
        for entry in errors + warnings {
            #expect(Set(entry.keys) == ["path", "line", "kind", "message"])
            #expect(CheckReport.Kind(rawValue: entry["kind"] as? String ?? "") != nil)
        }
        #expect(errors[0]["path"] as? String == "content/articles/2026/02/06/liens.md")
        #expect(errors[0]["line"] as? Int == 6)
        #expect(errors[0]["kind"] as? String == "link")
        #expect(warnings[0]["kind"] as? String == "image-alt")
        #expect(warnings[0]["line"] as? Int == 8)
        // The same message as the text line, after "error: ".
        let message = try #require(errors[0]["message"] as? String)
        #expect(text.stdout.contains("liens.md:6: error: " + message + "\n"), "\(text.stdout)")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["errors", "warnings", "files", "articles", "pages", "external_links", "seconds"])
        #expect(summary["errors"] as? Int == 1 && summary["warnings"] as? Int == 1 && summary["articles"] as? Int == 4)
        #expect(summary["files"] as? Int == (summary["articles"] as? Int ?? 0) + (summary["pages"] as? Int ?? 0))
        #expect(text.stdout.contains(" in \(summary["files"] as? Int ?? -1) files ("))
    }

    @Test func theSummarySaysThousandsWithCommas() {
        #expect(Counted.grouped(0) == "0")
        #expect(Counted.grouped(999) == "999")
        #expect(Counted.grouped(1_234) == "1,234")
        #expect(Counted.grouped(12_345_678) == "12,345,678")
        #expect(Counted.otherPages(1) == "" && Counted.otherPages(2) == "; on 1 other page too")
        #expect(Counted.otherPages(1_235) == "; on 1,234 other pages too")
        var report = CheckReport()
        report.articleFiles = 1_000
        report.pages = 234
        report.add(.link, Diagnostic(file: "a.md", line: 3, "x"))
        report.add(.duplicate, Diagnostic(.warning, file: "b.md", "y"))
        #expect(report.summaryLine(seconds: 0.84) == "check: 1 error, 1 warning in 1,234 files (0.8 s)")
    }

    @Test func helpListsTheExitCodes() throws {
        let r = try CLI.run(["check", "--help"])
        #expect(r.stdout.contains("Exit status:"))
        for code in ["0 ", "1 ", "3 ", "64 "] { #expect(r.stdout.contains("  \(code)"), "\(code): \(r.stdout)") }
    }
}
