import DefaultTemplates
import Foundation
import KiosqueCore
import Mustache
import Site
import Testing

@Suite("Templates")
struct TemplatesTests {
    @Test func overridingOneTemplateKeepsTheOthers() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.write("templates/item.mustache",
                       "<li class=\"perso\"><a href=\"{{url}}\">{{title}}</a> <em>{{sector_name}}</em></li>\n")
        try site.build()
        let home = try site.text("index.html")
        let sector = try site.text("secteurs/economie/index.html")
        #expect(Markup.html(sector, "//ul[@class='list']/li[@class='perso']/em") == ["Économie", "Économie", "Économie"])
        #expect(Markup.html(sector, "//ul[@class='list']/li/p[@class='summary']").isEmpty)
        let day = try site.text("dates/2026/02/06/index.html")
        #expect(Markup.html(day, "//li[@class='perso']").count == 2)
        // The other templates are still the built-in ones.
        #expect(Markup.html(home, "//header[@class='masthead']/div/a[@class='brand']") == ["Le Kiosque de test"])
        #expect(Markup.html(home, "//footer[@class='site-footer']").count == 1)
        let article = try #require(site.output(SmallSite.budget.file))
        #expect(Markup.html(article, "//article[@class='article']/h1") == [SmallSite.budget.title])
        #expect(Markup.html(article, "//p[@class='meta']/time").count == 1)
        // And so are the assets.
        #expect(FileManager.default.contents(atPath: site.path("public/" + (try site.stylesheet())))
                == FileManager.default.contents(atPath: packageRoot + "/templates/static/style.css"))
    }

    @Test func overridingTheStylesheetAndAddingAnAsset() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.write("templates/static/style.css", "body { color: red }\n")
        try site.write("templates/static/img/logo.svg", "<svg/>")
        try site.write("templates/.hidden.mustache", "{{#unclosed}}")
        try site.build()
        let css = try site.stylesheet()
        #expect(site.output(css) == "body { color: red }\n")
        // Named by its bytes, and linked under that name.
        #expect(css == "style.\(StableHash.hex("body { color: red }\n").prefix(10)).css")
        #expect(Markup.html(try site.text("index.html"), "//link[@rel='stylesheet']/@href") == ["https://www.example.com/" + css])
        #expect(!site.exists("style.css"))
        #expect(site.output("img/logo.svg") == "<svg/>")
        #expect(site.exists("favicon.svg"))
    }

    @Test func partialsCanBeOverriddenAndAddedTemplatesUsed() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.write("templates/footer.mustache", "<footer id=\"pied\">{{> mention}}</footer>\n")
        try site.write("templates/mention.mustache", "<p>Mention légale de {{site.title}}</p>")
        try site.build()
        let html = try site.text("404.html")
        #expect(Markup.html(html, "//footer[@id='pied']/p") == ["Mention légale de Le Kiosque de test"])
    }

    @Test func unclosedSectionIsAnErrorNamingTheFileAndALine() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        try site.write("templates/home.mustache", "{{<base}}\n{{$main}}\n{{#x}}\n<p>ouvert</p>\n{{/main}}\n{{/base}}\n")
        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        let d = try #require(error.diagnostics.first { $0.file == "templates/home.mustache" }, "\(error)")
        #expect(d.severity == .error)
        let line = try #require(d.line)
        #expect((1...7).contains(line))
        #expect(fileTree(site.publicDir) == before)
    }

    @Test func mismatchedCloseIsReportedAtItsLine() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.write("templates/item.mustache", "<li>\n{{#featured}}\n<b>une</b>\n{{/image}}\n</li>\n")
        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        let d = try #require(error.diagnostics.first { $0.file == "templates/item.mustache" }, "\(error)")
        #expect(d.line == 4, "\(d)")

        // An error on the very first line is reported on line 1.
        try site.write("templates/item.mustache", "<li>{{/image}}</li>\n<p>\n")
        let first = try #require(throws: DiagnosticsError.self) { try site.build() }
        let d1 = try #require(first.diagnostics.first { $0.file == "templates/item.mustache" }, "\(first)")
        #expect(d1.line == 1, "\(d1)")
        #expect(d1.message.contains("{{/image}}"), "\(d1)")
    }

    @Test func errorsInSeveralTemplatesAndArticlesAreReportedTogether() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.write("templates/day.mustache", "{{#a}}\n")
        try site.write("templates/sector.mustache", "{{/b}}\n")
        try site.write("content/articles/2026/02/06/x.md", "sans front matter\n")
        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        let files = Set(error.diagnostics.map(\.file))
        #expect(files.isSuperset(of: ["templates/day.mustache", "templates/sector.mustache",
                                      "content/articles/2026/02/06/x.md"]), "\(error)")
    }

    @Test func configuredTemplatesFolderIsUsedAndNamed() throws {
        let site = try TempSite(extraConfig: "paths:\n  templates: gabarits\n")
        defer { site.remove() }
        try site.write("gabarits/not-found.mustache", "{{#oops}}\n")
        let error = try #require(throws: DiagnosticsError.self) { try site.build() }
        #expect(error.diagnostics.contains { $0.file == "gabarits/not-found.mustache" }, "\(error)")
    }

    @Test func defaultTemplatesMatchTheRepositoryFolder() throws {
        let folder = packageRoot + "/templates"
        let onDisk = fileTree(folder).filter { !($0.key as NSString).lastPathComponent.hasPrefix(".") }
        let builtIn = DefaultTemplates.files
        #expect(Set(builtIn.map(\.path)) == Set(onDisk.keys), "built-in list and templates/ differ")
        #expect(builtIn.count == Set(builtIn.map(\.path)).count, "duplicate paths")
        for f in builtIn {
            #expect(onDisk[f.path] == Data(f.bytes), "templates/\(f.path) differs from the built-in copy")
        }
    }

    @Test func templateSetLoadsTheDefaultsAlone() throws {
        let set = try TemplateSet.load(overrides: nil)
        #expect(Set(set.assets.map(\.path)) == [set.stylesheet, "favicon.svg", "logo.png", "search/search.js"])
        #expect(set.stylesheet.hasPrefix("style.") && set.stylesheet.count == "style.0123456789.css".count)
        for name in TemplateSet.pageTemplates + ["base", "item", "header", "footer"] {
            #expect(set.library.getTemplate(named: name) != nil, "\(name)")
        }
    }
}
