import Foundation
import KiosqueCore
import Site
import Testing

/// What `kiosque build` must never do: delete or replace a file it did not write, unpublish
/// a site by accident, ignore a file without a word, or leave debris.
@Suite struct BuildSafetyTests {
    static let now = "2026-03-01T12:00:00Z"

    func build(_ site: TempSite, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["build", "--site", site.root, "--now", Self.now] + extra)
    }

    /// A site of `count` generated articles, built.
    func builtSite(_ count: Int = 20) throws -> TempSite {
        let site = try TempSite()
        for n in 0..<count { try GeneratedArticles.write(n, into: site) }
        let r = try build(site)
        #expect(r.status == 0, "\(r.stderr)")
        return site
    }

    @Test func aFirstBuildIntoAFolderOfOtherFilesStopsAndTouchesNothing() throws {
        let site = try builtSite(3)
        defer { site.remove() }
        try site.write("important/notes.txt", "Numéros des correspondants à Dakar\n")
        try site.write("important/archives/2025.csv", "date;cours\n")
        let before = fileTree(site.path("important"))
        let r = try build(site, ["--output", site.path("important")])
        #expect(r.status == 1)
        #expect(r.stderr.contains("important: error: the folder holds files that Kiosque did not write"), "\(r.stderr)")
        #expect(r.stderr.contains("--clean-destination"))
        #expect(fileTree(site.path("important")) == before)
        #expect(!FileManager.default.fileExists(atPath: site.path("important/index.html")))

        // On purpose: the folder's contents are replaced.
        let forced = try build(site, ["--output", site.path("important"), "--clean-destination"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(site.exists("index.html", in: site.path("important")))
        #expect(!site.exists("notes.txt", in: site.path("important")))
    }

    @Test func anEmptyFolderIsFilledWithoutAsking() throws {
        let site = try TempSite()
        defer { site.remove() }
        try GeneratedArticles.write(1, into: site)
        try FileManager.default.createDirectory(atPath: site.path("www"), withIntermediateDirectories: true)
        let r = try build(site, ["--output", site.path("www")])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(site.exists("index.html", in: site.path("www")))
    }

    @Test func filesKiosqueDidNotWriteAreKeptByEveryBuild() throws {
        let site = try builtSite()
        defer { site.remove() }
        let ours = Set(fileTree(site.publicDir).keys)
        try site.write("public/google5f1c2e.html", "google-site-verification: google5f1c2e.html\n")
        try site.write("public/docs/rapport-annuel.pdf", "%PDF-1.4 rapport\n")
        try FileManager.default.createDirectory(atPath: site.path("public/telechargements"), withIntermediateDirectories: true)
        let foreign = ["google5f1c2e.html", "docs/rapport-annuel.pdf"]
        func expectKept(_ when: String) {
            for f in foreign { #expect(site.exists(f), "\(f) was removed by \(when)") }
        }

        try GeneratedArticles.write(30, into: site)
        let incremental = try build(site)
        #expect(incremental.status == 0, "\(incremental.stderr)")
        expectKept("an incremental build")

        let full = try build(site, ["--clean"])
        #expect(full.status == 0, "\(full.stderr)")
        expectKept("a full build")
        #expect(FileManager.default.fileExists(atPath: site.path("public/telechargements")), "an empty folder was removed")
        // Named once, in one warning.
        let warnings = full.stderr.split(separator: "\n").filter { $0.contains("not write are kept") }
        #expect(warnings.count == 1, "\(full.stderr)")
        #expect(warnings.first?.contains("docs/rapport-annuel.pdf") == true && warnings.first?.contains("google5f1c2e.html") == true)
        #expect(warnings.first?.contains("templates/static/") == true)
        #expect(!full.stderr.contains("telechargements"))

        // The inventory lives in the output: deleting the build cache loses nothing.
        try FileManager.default.removeItem(atPath: site.path(".kiosque"))
        let afresh = try build(site)
        #expect(afresh.status == 0, "\(afresh.stderr)")
        expectKept("a build after .kiosque/ was deleted")

        let cleaned = try build(site, ["--clean-destination"])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        for f in foreign { #expect(!site.exists(f), "\(f) survived --clean-destination") }
        #expect(Set(fileTree(site.publicDir).keys).isSuperset(of: ours))
    }

    @Test func aForeignFileWhereAPageNowGoesStopsTheBuild() throws {
        let site = try builtSite(3)
        defer { site.remove() }
        let mine = "public/articles/2026/02/05/seance-44/index.html"
        try site.write(mine, "<p>Ma page faite à la main</p>\n")
        let before = fileTree(site.publicDir)
        try GeneratedArticles.write(44, into: site)  // its page goes exactly there
        for args in [[], ["--clean"]] {
            let r = try build(site, args)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("\(mine): error: this file was not written by Kiosque"), "\(r.stderr)")
            #expect(fileTree(site.publicDir) == before)
        }
    }

    @Test func anEmptiedContentFolderDoesNotUnpublishTheSite() throws {
        let site = try builtSite(20)
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        try FileManager.default.removeItem(atPath: site.path("content/articles"))
        try FileManager.default.createDirectory(atPath: site.path("content/articles"), withIntermediateDirectories: true)
        for args in [[], ["--clean"]] {
            let r = try build(site, args)
            #expect(r.status == 1, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("this build would unpublish 20 of the 20 articles"), "\(r.stderr)")
            #expect(r.stderr.contains("--allow-removals"))
            #expect(fileTree(site.publicDir) == before, "\(args)")
        }
        let allowed = try build(site, ["--allow-removals"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(files(in: site.publicDir, endingWith: "index.html").filter { $0.hasPrefix("articles/") }.isEmpty)
    }

    @Test func removingAFewArticlesNeedsNoPermission() throws {
        let site = try builtSite(20)
        defer { site.remove() }
        // Five of twenty: within the allowance (more than 5 and more than 10 % stops).
        for n in 0..<5 {
            let a = GeneratedArticles.article(n)
            try FileManager.default.removeItem(atPath: site.path("content/articles/\(a.folder)/\(a.slug).md"))
        }
        #expect(try build(site).status == 0)
        // Six of fifteen: stopped.
        for n in 5..<11 {
            let a = GeneratedArticles.article(n)
            try FileManager.default.removeItem(atPath: site.path("content/articles/\(a.folder)/\(a.slug).md"))
        }
        let r = try build(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("would unpublish 6 of the 15 articles of the site (40 %), such as articles/"), "\(r.stderr)")
    }

    @Test func aMissingContentFolderIsAConfigurationError() throws {
        let site = try builtSite(2)
        defer { site.remove() }
        let config = try String(contentsOfFile: site.path("kiosque.yaml"), encoding: .utf8)
        try site.write("kiosque.yaml", config + "paths:\n  content: contenu\n")
        let before = fileTree(site.publicDir)
        let r = try build(site)
        #expect(r.status == 3)
        let line = config.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        #expect(r.stderr.contains("kiosque.yaml:\(line): error: the content folder"), "\(r.stderr)")
        #expect(r.stderr.contains("'paths.content' is 'contenu'"))
        #expect(fileTree(site.publicDir) == before)
    }

    @Test func markdownFilesTheBuildDoesNotReadAreNamed() throws {
        let site = try TempSite()
        defer { site.remove() }
        try GeneratedArticles.write(1, into: site)
        let text = GeneratedArticles.article(2).text
        for rel in ["content/note.md", "content/pages/equipe/a-propos.md", "content/articles/2026/02/03/bilan.markdown",
                    "content/articles/2026/02/03/bilan-2.MD", "content/articles/2026/02/03/_brouillon.md",
                    "content/articles/2026/02/03/photo.jpg"] {
            try site.write(rel, text)
        }
        let report = try site.build()
        #expect(report.articles == 1)
        let named = Dictionary(report.warnings.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(named["content/note.md"]?.message.contains("articles go in content/articles/YYYY/MM/DD/<slug>.md") == true)
        #expect(named["content/pages/equipe/a-propos.md"]?.hint == "move it to content/pages/a-propos.md")
        #expect(named["content/articles/2026/02/03/bilan.markdown"]?.hint == "rename it to bilan.md")
        #expect(named["content/articles/2026/02/03/bilan-2.MD"]?.hint == "rename it to bilan-2.md")
        #expect(named["content/articles/2026/02/03/_brouillon.md"] == nil)
        #expect(named["content/articles/2026/02/03/photo.jpg"] == nil)
        #expect(report.warnings.count == 4, "\(report.warnings)")
    }

    @Test func theSummaryCountsWhatWasNotPublished() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("publie", date: "2026-02-06T10:00:00Z")
        try site.article("brouillon", date: "2026-02-06T11:00:00Z", draft: true)
        try site.article("programme", date: "2026-02-06T12:00:00Z", publishDate: "2026-04-01T07:00:00Z")
        try site.article("plus-tard", date: "2026-05-02T08:30:00Z")
        try site.article("perime", date: "2026-02-05T10:00:00Z", expiryDate: "2026-02-20T00:00:00Z")
        let r = try build(site)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("built 1 articles; not published: 1 draft, 2 scheduled (next 2026-04-01 07:00 UTC), 1 expired"), "\(r.stdout)")
        let drafts = try build(site, ["--drafts"])
        #expect(drafts.stdout.contains("built 2 articles; not published: 0 drafts, 2 scheduled"), "\(drafts.stdout)")
    }

    /// The output folder is replaced wholesale, so it may not be any of the site's own files.
    @Test(arguments: ["kiosque.yaml", "feeds", "feeds/samples", ".kiosque", "recipients.txt", ".", "content/articles", "digests",
                      "templates/out", "/"])
    func theOutputMayNotBeTheSitesOwnFiles(_ output: String) throws {
        let site = try TempSite(extraConfig: """
        feeds:
          - url: "feeds/samples/brvm.xml"
        digest:
          from: "Lettre <lettre@example.com>"

        """)
        defer { site.remove() }
        try GeneratedArticles.write(1, into: site)
        try site.write("feeds/samples/brvm.xml", "<rss version=\"2.0\"><channel><title>BRVM</title></channel></rss>\n")
        try site.write("recipients.txt", "lecteur@example.com\n")
        try site.write("digests/2026-02-02.html", "<p>lettre</p>\n")
        try site.write(".kiosque/state.json", "{}\n")
        try site.write("templates/static/style.css", "body{}\n")
        let before = fileTree(site.root)
        let r = try build(site, ["--output", output.hasPrefix("/") ? output : site.path(output)])
        #expect(r.status == 3, "\(output): \(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("is, holds or sits inside the site's own files"), "\(r.stderr)")
        #expect(fileTree(site.root) == before, "\(output)")
    }

    @Test func aSecondBuildWaitsForTheFirst() throws {
        let site = try TempSite()
        defer { site.remove() }
        try GeneratedArticles.write(1, into: site)
        let log = site.path("second.log")
        var lock: FileLock? = try FileLock(path: site.path(".kiosque/build.lock"), wait: false)
        nonisolated(unsafe) var run: KillHarness.Run?
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            run = try? KillHarness.run(["build", "--site", site.root, "--now", Self.now], killAfter: nil, log: log)
            done.signal()
        }
        var waited = false
        for _ in 0..<600 where !waited {
            usleep(10_000)
            waited = (site.output("second.log", in: site.root) ?? "").contains("waiting for another kiosque build of this site (process \(getpid()))")
        }
        #expect(waited, "\(site.output("second.log", in: site.root) ?? "")")
        #expect(!site.exists("index.html"), "the second build wrote while the first held the lock")
        withExtendedLifetime(lock) {}
        lock = nil
        #expect(done.wait(timeout: .now() + 60) == .success)
        #expect(run?.status == 0)
        #expect(site.exists("index.html"))
    }

    /// `kiosque fetch` writes article files while `kiosque build` reads them: the build sees
    /// whole files only (each is renamed into place), so it never fails on half an article.
    @Test func fetchAndBuildAtOnceStaySafe() throws {
        let site = try TestSite(feeds: [("fil.xml", "Le Fil", "economie")])
        defer { site.remove() }
        func feed(_ items: Range<Int>) -> [UInt8] {
            var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Le Fil</title>"
            for n in items {
                let a = GeneratedArticles.article(n)
                let title = a.text.split(separator: "\n")[1].dropFirst("title: ".count)
                xml += "<item><title>\(title.dropFirst().dropLast()) — dépêche \(n)</title><guid>fil-\(n)</guid>"
                xml += "<link>https://fil.example/\(n)</link><pubDate>Fri, 06 Feb 2026 \(String(format: "%02d", 6 + n % 12)):00:00 +0000</pubDate>"
                xml += "<description><![CDATA[<p>\(GeneratedArticles.sentences[n % 8]) \(String(repeating: GeneratedArticles.sentences[(n + 1) % 8] + " ", count: 40))</p>]]></description></item>"
            }
            return Array((xml + "</channel></rss>").utf8)
        }
        for round in 0..<6 {
            try site.write("fil.xml", feed(0..<(round + 1) * 80))
            let log = site.root + "/fetch-\(round).log"
            nonisolated(unsafe) var fetched: KillHarness.Run?
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                fetched = try? KillHarness.run(["fetch", "--site", site.root], killAfter: nil, log: log)
                done.signal()
            }
            var builds = 0
            repeat {
                let b = try CLI.run(["build", "--site", site.root, "--now", Self.now])
                #expect(b.status == 0, "round \(round): \(b.stderr)")
                #expect(!b.stderr.contains("error"), "round \(round): \(b.stderr)")
                builds += 1
            } while done.wait(timeout: .now()) == .timedOut
            #expect(fetched?.status == 0, "round \(round)")
            #expect(builds > 0)
        }
        #expect(site.articles().count == 480)
        #expect(try CLI.run(["build", "--site", site.root, "--now", Self.now]).status == 0)
    }

    @Test func theDebrisOfAKilledBuildIsRemovedFirst() throws {
        let site = try builtSite(3)
        defer { site.remove() }
        try site.write(".public.tmp-424242/site-abc/index.html", "<p>moitié</p>\n")
        try site.write(".public.tmp-424243/7", "<p>page en attente</p>\n")
        try site.write(".kiosque/build/.content.bin.tmp-424242", "tronqué")
        try site.write("public/index.html.kiosque-new-31337", "<p>ancien débris</p>\n")
        #expect(try build(site).status == 0)
        #expect(!FileManager.default.fileExists(atPath: site.path(".public.tmp-424242")))
        #expect(!FileManager.default.fileExists(atPath: site.path(".public.tmp-424243")))
        #expect(!FileManager.default.fileExists(atPath: site.path(".kiosque/build/.content.bin.tmp-424242")))
        // A temporary name of the builds before the staging folder: gone with the next full build, never "kept".
        let full = try build(site, ["--clean"])
        #expect(full.status == 0)
        #expect(!site.exists("index.html.kiosque-new-31337"))
        #expect(!full.stderr.contains("kept"), "\(full.stderr)")
    }

    /// A disk that fills up during a build: a clear error, and the site as it was; once there
    /// is room again, the next build completes it. Needs root for a small tmpfs.
    @Test func aFullDiskLeavesTheSiteAsItWas() throws {
        guard let disk = SmallDisk.mount(size: "4m", for: "aFullDiskLeavesTheSiteAsItWas") else { return }
        let site = try TempSite(at: disk.path + "/site")
        for n in 0..<20 { try GeneratedArticles.write(n, into: site) }
        #expect(try build(site).status == 0)
        let before = fileTree(site.publicDir)
        // Fill the disk, leaving room for the new articles' files but not for their pages.
        for n in 20..<40 { try GeneratedArticles.write(n, into: site) }
        disk.fill(leaving: 24 * 1024)
        for args in [[], ["--clean"]] {
            let r = try build(site, args)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("No space left on device"), "\(args): \(r.stderr)")
            let after = fileTree(site.publicDir)
            #expect(after == before, "\(args): \(Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }.sorted().prefix(5))")
            #expect(BuildKillTests.debris(site).isEmpty, "\(BuildKillTests.debris(site))")
        }
        disk.empty()
        #expect(try build(site).status == 0)
        let clean = site.path("clean")
        #expect(try build(site, ["--clean", "--output", clean]).status == 0)
        #expect(fileTree(site.publicDir) == fileTree(clean))
    }
}
