import Foundation
import KiosqueCore
import Site
import Testing

@Suite("kiosque init")
struct ScaffoldTests {
    static let created = Date(timeIntervalSince1970: TimeInterval(ts("2026-02-06T15:00:00Z")))

    @Test func initThenBuildWorks() throws {
        let parent = TempSite(empty: ())
        defer { parent.remove() }
        let dir = parent.path("mon-site")
        let written = try SiteScaffold.create(at: dir, now: Self.created)
        #expect(written > 3)
        #expect(FileManager.default.fileExists(atPath: dir + "/kiosque.yaml"))
        #expect(FileManager.default.fileExists(atPath: dir + "/templates/base.mustache"))
        #expect(FileManager.default.fileExists(atPath: dir + "/templates/static/style.css"))
        let sample = "content/articles/2026/02/06/bienvenue-sur-votre-site.md"
        #expect(FileManager.default.fileExists(atPath: dir + "/" + sample))

        let report = try buildSite(dir, now: ts("2026-02-06T16:00:00Z"))
        #expect(report.articles == 1)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let home = try #require(FileManager.default.contents(atPath: dir + "/public/index.html"))
        let html = String(decoding: home, as: UTF8.self)
        #expect(Markup.html(html, "//title") == ["Mon kiosque"])
        #expect(Markup.html(html, "//article[@class='lead-story']/h3/a") == ["Bienvenue sur votre kiosque"])
        #expect(FileManager.default.fileExists(atPath: dir + "/public/articles/2026/02/06/bienvenue-sur-votre-site/index.html"))
        #expect(FileManager.default.fileExists(atPath: dir + "/public/secteurs/marches/index.html"))
    }

    @Test func scaffoldedTemplatesAreTheDefaults() throws {
        let parent = TempSite(empty: ())
        defer { parent.remove() }
        let dir = parent.path("s")
        _ = try SiteScaffold.create(at: dir, now: Self.created)
        let scaffolded = fileTree(dir + "/templates")
        let repo = fileTree(packageRoot + "/templates").filter { !($0.key as NSString).lastPathComponent.hasPrefix(".") }
        #expect(scaffolded == repo)
    }

    @Test func initIntoAnEmptyExistingFolderWorks() throws {
        let empty = TempSite(empty: ())
        defer { empty.remove() }
        #expect(try SiteScaffold.create(at: empty.root, now: Self.created) > 0)
    }

    @Test func initIntoANonEmptyFolderFailsAndWritesNothing() throws {
        let site = try TempSite()
        defer { site.remove() }
        let before = fileTree(site.root)
        #expect(throws: SiteScaffold.Error.self) { try SiteScaffold.create(at: site.root, now: Self.created) }
        #expect(fileTree(site.root) == before)
    }

    @Test func cliInit() throws {
        let parent = TempSite(empty: ())
        defer { parent.remove() }
        let dir = parent.path("nouveau")
        let ok = try CLI.run(["init", dir])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/kiosque.yaml"))
        let again = try CLI.run(["init", dir])
        // README: "It refuses (status 1) a folder that exists and is not empty."
        #expect(again.status == 1)
        #expect(again.stderr.contains("not empty"))
        // The new site builds through the CLI too.
        let build = try CLI.run(["build", "--site", dir])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/public/index.html"))
    }
}
