import DefaultTemplates
import Digest
import Foundation
import KiosqueCore
import Members
@testable import Site
import Testing

/// Templates fail loudly: a name no view model provides, a missing partial, a block that
/// replaces nothing and every syntax error stop the build at load, with the file, the line and
/// words a designer knows; correct templates, custom or built-in, pass.
@Suite struct TemplateCheckTests {
    /// A built-in template with `old` (found once) replaced by `new`, and the line of the change.
    static func variation(_ file: String, replacing old: String, with new: String) throws -> (text: String, line: Int) {
        let original = try #require(DefaultTemplates.files.first { $0.path == file }.map { String(decoding: $0.bytes, as: UTF8.self) })
        let parts = original.components(separatedBy: old)
        try #require(parts.count == 2, "'\(old)' is not in \(file) exactly once")
        return (parts.joined(separator: new), parts[0].filter { $0 == "\n" }.count + 1)
    }

    /// A built site and the CLI's build of it, at an instant after its articles.
    static func site() throws -> TempSite {
        let site = try TempSite()
        try site.article("bceao-taux", title: "La BCEAO maintient son taux directeur", date: "2026-02-05T08:00:00Z",
                         summary: "Le comité de politique monétaire laisse le taux à 3,5 %.", tags: ["bceao", "taux"])
        try site.article("brvm-seance", title: "La BRVM termine en hausse", date: "2026-02-06T16:00:00Z", sector: "marches",
                         summary: "L’indice composite gagne 0,8 %.", source: "Sika Finance")
        try site.build()
        return site
    }

    static func build(_ site: TempSite) throws -> CLI.Result {
        try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"])
    }

    @Test func anUnknownVariableStopsTheBuildAtItsLineWithTheNearestName() throws {
        let site = try Self.site()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        let titre = try Self.variation("article.mustache", replacing: "<h1>{{title}}</h1>", with: "<h1>{{titre}}</h1>")
        try site.write("templates/article.mustache", titre.text)
        let r = try Self.build(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/article.mustache:\(titre.line): error: unknown variable 'titre' (did you mean 'title'?)\n"), "\(r.stderr)")
        #expect(fileTree(site.publicDir) == before)

        // Through a dotted name, the field is what is misspelt.
        let titel = try Self.variation("article.mustache", replacing: "<h1>{{title}}</h1>", with: "<h1>{{article.titel}}</h1>")
        try site.write("templates/article.mustache", titel.text)
        let r2 = try Self.build(site)
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("templates/article.mustache:\(titel.line): error: unknown variable 'article.titel' (did you mean 'article.title'?)\n"),
                "\(r2.stderr)")
        #expect(fileTree(site.publicDir) == before)
    }

    @Test func aMissingPartialStopsTheBuild() throws {
        let site = try Self.site()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        let footer = try Self.variation("footer.mustache", replacing: "<p>{{site.description}}</p>", with: "{{> nav-inexistant}}")
        try site.write("templates/footer.mustache", footer.text)
        let r = try Self.build(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/footer.mustache:\(footer.line): error: partial 'nav-inexistant' does not exist "
                                  + "(add templates/nav-inexistant.mustache, or fix the name)\n"), "\(r.stderr)")
        #expect(fileTree(site.publicDir) == before)

        // A near name is suggested; a missing parent template is said too.
        try site.write("templates/footer.mustache", "{{> itme}}\n")
        try site.write("templates/day.mustache", "\n{{<bas}}{{/bas}}\n")
        let r2 = try Self.build(site)
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("templates/footer.mustache:1: error: partial 'itme' does not exist (did you mean 'item'?)"), "\(r2.stderr)")
        #expect(r2.stderr.contains("templates/day.mustache:2: error: parent template 'bas' does not exist (did you mean 'base'?)"), "\(r2.stderr)")
    }

    @Test(arguments: [
        // The issue's finding: the section left open is named at its own line.
        ("{{#has_tags}}", "{{#has_tags}}", "{{/has_tags}}", "",
         16, "section 'has_tags' opened on line 16 is never closed"),
        ("{{/base}}", "{{/base}}\n{{/x}}", "", "", 25, "'{{/x}}' on line 25 closes nothing"),
        ("{{#has_tags}}", "{{#has_tags}}", "</ul>{{/has_tags}}", "</ul>{{/tags}}", 16,
         "'{{/tags}}' on line 16 closes 'has_tags' opened on line 16"),
        ("<h1>{{title}}</h1>", "<h1>{{title</h1>", "", "", 7, "tag '{{title</h1>' on line 7 is never closed"),
        ("{{{body_html}}}", "{{{body_html}}", "", "", 12, "'{{{body_html}}' on line 12 is missing its third '}'"),
        ("<h1>{{title}}</h1>", "<h1>{{ti tle}}</h1>", "", "", 7, "'{{ti tle}}' on line 7 is not a valid tag"),
        ("{{/base}}", "{{/base}}\n{{! une note", "", "", 25, "comment '{{! une note' on line 25 is never closed"),
        ("{{$main}}", "{{$main}}{{/main}}\n<p>{{site.title}}</p>\n{{$autre}}", "", "", 3,
         "'{{site.title}}' on line 3 is inside '{{<base}}' (line 1) but outside a block"),
    ])
    func aSyntaxErrorIsSaidInWordsAtItsLine(old: String, new: String, old2: String, new2: String, line: Int, message: String) throws {
        let site = try Self.site()
        defer { site.remove() }
        var text = try Self.variation("article.mustache", replacing: old, with: new).text
        if !old2.isEmpty { text = text.replacingOccurrences(of: old2, with: new2) }
        try site.write("templates/article.mustache", text)
        let r = try Self.build(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/article.mustache:\(line): error: \(message)"), "\(r.stderr)")
        #expect(!r.stderr.contains("sectionCloseNameIncorrect") && !r.stderr.contains("column"), "\(r.stderr)")
    }

    @Test func everyProblemOfEveryTemplateIsReportedAtOnce() throws {
        let site = try Self.site()
        defer { site.remove() }
        let before = fileTree(site.publicDir)
        try site.write("templates/item.mustache", "<li>{{titel}} {{sector_nom}}</li>\n")
        try site.write("templates/header.mustache", "<header>{{#nav}}{{nom}}{{/nav}}\n{{#site}}\n</header>\n")
        try site.write("templates/footer.mustache", "<footer>{{> mentions}}</footer>\n")
        try site.write("templates/home.mustache", "{{<base}}\n{{$mian}}{{sections.name}}{{/mian}}\n{{/base}}\n")
        let r = try Self.build(site)
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == [
            "templates/footer.mustache:1: error: partial 'mentions' does not exist (add templates/mentions.mustache, or fix the name)",
            "templates/header.mustache:2: error: section 'site' opened on line 2 is never closed (close it with {{/site}})",
            "templates/home.mustache:2: error: block 'mian' is not in 'base': its content is never shown (did you mean 'main'?)",
            "templates/item.mustache:1: error: unknown variable 'sector_nom' (did you mean 'sector_name'?)",
            "templates/item.mustache:1: error: unknown variable 'titel' (did you mean 'title'?)",
        ], "\(r.stderr)")
        #expect(r.stderr.contains("build failed: 4 file(s) with errors; the output was left as it was"))
        #expect(fileTree(site.publicDir) == before)
    }

    /// A name that only some of a template's contexts provide is fine there (`base` is under
    /// every page, `article` only under articles); one that none provides is said once.
    @Test func aNameIsUnknownOnlyWhereNoContextProvidesIt() throws {
        let site = try Self.site()
        defer { site.remove() }
        let base = try Self.variation("base.mustache", replacing: "<main id=\"contenu\" class=\"wrap\">",
                                      with: "{{#article}}<p class=\"rappel\">{{sector_name}}</p>{{/article}}<main id=\"contenu\" class=\"wrap\">")
        try site.write("templates/base.mustache", base.text)
        let r = try Self.build(site)
        #expect(r.status == 0, "\(r.stderr)")
        let article = try site.text("articles/2026/02/05/bceao-taux/index.html")
        #expect(Markup.html(article, "//p[@class='rappel']") == ["Économie"])
        #expect(Markup.html(try site.text("index.html"), "//p[@class='rappel']").isEmpty)

        try site.write("templates/base.mustache", base.text.replacingOccurrences(of: "{{sector_name}}", with: "{{sector_nam}}"))
        let r2 = try Self.build(site)
        #expect(r2.status == 1)
        let errors = r2.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == ["templates/base.mustache:\(base.line): error: unknown variable 'sector_nam' (did you mean 'sector_name'?)"],
                "\(r2.stderr)")
    }

    @Test func aCorrectCustomTemplateSetPasses() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.write("templates/layout.mustache", """
            <!DOCTYPE html>
            <html lang="{{site.language}}"><head><title>{{$titre}}{{page.title}}{{/titre}}</title>
            <link rel="stylesheet" href="{{site.stylesheet_url}}"></head>
            <body>{{> entete}}
            {{! Le bandeau de prévisualisation, comme dans base. }}
            {{#page.preview_banner}}<p class="apercu">{{.}}</p>{{/page.preview_banner}}
            <main>{{$main}}<p>Rien ici.</p>{{/main}}</main>
            {{{footer_html}}}</body></html>

            """)
        try site.write("templates/entete.mustache", """
            <header><a class="marque" href="{{site.url}}">{{site.title}}</a>
            <ul>{{#nav}}<li{{#current}} class="ici"{{/current}}>{{#first()}}» {{/first()}}{{name}}</li>{{/nav}}</ul></header>

            """)
        try site.write("templates/article.mustache", """
            {{<layout}}
            {{$titre}}{{article.title}} · {{site.title}}{{/titre}}
            {{$main}}
            {{#article}}
            <h1>{{title}}</h1>
            <p class="rubrique">{{uppercased(sector_name)}}</p>
            {{#has_tags}}<ul>{{#tags}}<li class="tag">{{name}}</li>{{/tags}}</ul>{{/has_tags}}{{^has_tags}}<p class="sans">Sans mot-clé</p>{{/has_tags}}
            {{#source}}<p class="source">{{.}}</p>{{/source}}
            {{=<% %>=}}<p class="date"><% long_date_text %></p><%={{ }}=%>
            <div class="corps">{{{body_html}}}</div>
            {{#newer}}<a rel="next" href="{{url}}">{{title}}</a>{{/newer}}
            <p class="accueil">{{site.title}} · {{page.og_type}}</p>
            {{/article}}
            {{/main}}
            {{/layout}}

            """)
        try site.write("templates/digest.txt.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{site.title}} : {{digest.date_text}}\n{{#sections}}{{#articles}}{{title}}\n{{/articles}}{{/sections}}")
        let r = try Self.build(site)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try site.text("articles/2026/02/05/bceao-taux/index.html")
        #expect(Markup.html(html, "//title") == ["La BCEAO maintient son taux directeur · Le Kiosque de test"])
        #expect(Markup.html(html, "//header/a[@class='marque']") == ["Le Kiosque de test"])
        #expect(Markup.html(html, "//header//li[@class='ici']") == ["» Économie"])
        #expect(Markup.html(html, "//h1") == ["La BCEAO maintient son taux directeur"])
        #expect(Markup.html(html, "//p[@class='rubrique']") == ["ÉCONOMIE"])
        #expect(Markup.html(html, "//li[@class='tag']") == ["bceao", "taux"])
        #expect(Markup.html(html, "//p[@class='date']").first?.hasPrefix("jeudi 5 février 2026") == true)
        #expect(Markup.html(html, "//p[@class='accueil']") == ["Le Kiosque de test · article"])
        #expect(Markup.html(html, "//footer[@class='site-footer']").count == 1)
        #expect(Markup.html(html, "//p[@class='apercu']").isEmpty)
        let other = try site.text("articles/2026/02/06/brvm-seance/index.html")
        #expect(Markup.html(other, "//p[@class='sans']") == ["Sans mot-clé"])
        #expect(Markup.html(other, "//p[@class='source']") == ["Sika Finance"])
    }

    @Test func transformsAndListPositionsAreChecked() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.write("templates/header.mustache", """
            <header>{{uppercase(site.title)}}
            {{index()}}
            {{#nav}}{{index()}} {{capitalized(name)}}{{/nav}}
            {{nav.name}} {{site.title.court}} {{count(nav)}}</header>

            """)
        let r = try Self.build(site)
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors == [
            "templates/header.mustache:1: error: unknown transform 'uppercase' in '{{uppercase(site.title)}}' (did you mean 'uppercased'?)",
            "templates/header.mustache:2: error: '{{index()}}' is only known inside a list's section (use it within {{#list}}…{{/list}})",
            "templates/header.mustache:4: error: unknown variable 'nav.name': 'nav' is a list (show its values with {{#nav}}{{name}}{{/nav}})",
            "templates/header.mustache:4: error: unknown variable 'site.title.court': 'site.title' is text, without fields (write {{site.title}})",
        ], "\(r.stderr)")
    }

    @Test func theDigestTemplatesAreCheckedAgainstTheirOwnDeclaration() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let html = try Self.variation("digest.mustache", replacing: "<title>{{digest.subject}}</title>", with: "<title>{{digest.sujet}}</title>")
        try site.write("templates/digest.mustache", html.text)
        let text = try Self.variation("digest.txt.mustache", replacing: "{{short_summary}}\n{{url}}\n{{/articles}}",
                                      with: "{{resume}}\n{{url}}\n{{/articles}}")
        try site.write("templates/digest.txt.mustache", text.text)
        let r = try CLI.run(["digest", "--site", site.root, "--date", "2026-02-06", "--now", "2026-02-06T18:00:00Z"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/digest.mustache:\(html.line): error: unknown variable 'digest.sujet' (did you mean 'digest.subject'?)"), "\(r.stderr)")
        #expect(r.stderr.contains("templates/digest.txt.mustache:\(text.line): error: unknown variable 'resume' (known here: title, url, summary, "),
                "\(r.stderr)")
        #expect(!site.exists("digests"))
    }

    /// Every variable tag of every built-in template is reached in a context and checked: each
    /// one misspelt in turn is an error at its line.
    @Test func everyTagOfTheDefaultTemplatesIsChecked() throws {
        let roots = TemplateVariables.roots.merging(DigestVariables.roots) { a, _ in a }.merging(MembersVariables.roots) { a, _ in a }
        var files: [String: (bytes: [UInt8], shown: String)] = [:]
        for f in DefaultTemplates.files { files[f.path] = (f.bytes, "templates/\(f.path)") }
        _ = try TemplateSet.make(files, folder: "templates", roots: roots)

        let tag = try Regex(#"\{\{\{?&?\s*([a-z_]+(\.[a-z_]+)*)\s*\}?\}\}"#)
        var checked = 0
        for f in DefaultTemplates.files where f.path.hasSuffix(".mustache") {
            let text = String(decoding: f.bytes, as: UTF8.self)
            for match in text.matches(of: tag) {
                let name = String(text[match.output[1].range!])
                var changed = files
                changed[f.path] = (Array((text[..<match.range.lowerBound] + text[match.range].replacingOccurrences(of: name, with: name + "_x")
                                          + text[match.range.upperBound...]).utf8), "templates/\(f.path)")
                let line = text[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
                let error = try #require(throws: DiagnosticsError.self, "\(f.path):\(line) {{\(name)}}") {
                    try TemplateSet.make(changed, folder: "templates", roots: roots)
                }
                #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix("templates/\(f.path):\(line): error: unknown variable '\(name)_x'") },
                        "\(error)")
                checked += 1
            }
        }
        #expect(checked > 100, "only \(checked) tags seen")
    }
}
