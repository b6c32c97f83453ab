import Content
@testable import Digest
import Foundation
import KiosqueCore
import Members
@testable import Site
import Search
import Testing

/// The declarations of template variables are the truth: the view models provide exactly the
/// declared names (every page kind rendered on a site that has every optional value), and
/// README.md's tables are the declarations, word for word.
@Suite struct TemplateVariablesTests {
    /// 330 generated articles (six pages per sector), and on 2026-02-21 a featured article with
    /// an image of `content/media/` (captioned and credited), a source and its URL, another
    /// featured one with an image of `content/media/` (so that the home's `featured` shows its
    /// copies), a remote image, and others: every optional value appears somewhere.
    static func site() throws -> TempSite {
        let site = try TempSite(extraConfig: """
            digest:
              from: "Le Kiosque <lettre@example.com>"
              subscribe_url: "https://lists.example.com/inscription"
            members:

            """)
        try site.write("content/pages/a-propos.md", "---\ntitle: À propos\nmenu: header\n---\nQui nous sommes.\n")
        try site.write("content/pages/mentions-legales.md", "---\ntitle: Mentions légales\nmenu: footer\nweight: 20\n---\nL’éditeur.\n")
        for n in 0..<330 { try GeneratedArticles.write(n, into: site) }
        try site.article("sonatel-resultats", title: "La Sonatel publie des résultats record", date: "2026-02-21T09:00:00Z",
                         summary: "Le chiffre d’affaires progresse de 7 %.", tags: ["telecoms"], featured: true,
                         source: "APS", sourceURL: "https://aps.example/sonatel", image: "/media/2026/02/21/sonatel.png",
                         extraFrontMatter: "image_caption: \"Le siège de la Sonatel à Dakar — Photo APS\"\n")
        try MediaBuildTests.write(site, "content/media/2026/02/21/sonatel.png", try MediaBuildTests.png(600, 400, seed: 9))
        try site.article("dette-senegal", title: "Le Sénégal lève 300 milliards de FCFA", date: "2026-02-21T10:00:00Z",
                         summary: "L’emprunt obligataire est sursouscrit.", source: "Le Soleil", image: "https://img.example.com/dette.jpg")
        try site.article("port-dakar", title: "Le port de Dakar bat son record", date: "2026-02-20T08:00:00Z",
                         summary: "Le trafic de conteneurs progresse de 9 %.", featured: true, source: "APS",
                         image: "/media/2026/02/21/sonatel.png",
                         extraFrontMatter: "image_caption: \"Des conteneurs sur le môle 8 — Photo APS\"\n")
        try site.article("cacao-prix", title: "Le prix du cacao bord champ relevé", date: "2026-02-21T11:00:00Z",
                         summary: "Abidjan relève le prix garanti aux producteurs.", tags: ["Cacao"], image: "/media/2026/02/21/sonatel.png",
                         extraFrontMatter: "image_caption: \"Un entrepôt de cacao à San-Pédro — Photo AIP\"\n")
        try site.article("brvm-cloture", title: "La BRVM clôture la semaine en hausse", date: "2026-02-21T16:00:00Z", sector: "marches",
                         summary: "Le BRVM Composite gagne 1,2 % sur la semaine.")
        // Built as `kiosque serve` builds: a draft's page carries the preview banner.
        try site.article("brouillon-bceao", title: "La BCEAO prépare un nouveau billet", date: "2026-02-20T09:00:00Z",
                         summary: "Un projet encore confidentiel.", draft: true)
        return site
    }

    static func model(_ site: TempSite) throws -> (SiteModel, TemplateSet) {
        let config = try Config.load(siteDirectory: site.root)
        let content = ContentLoader.load(config: config)
        #expect(content.diagnostics.isEmpty, "\(content.diagnostics)")
        return (SiteModel(config: config, articles: content.articles, pages: content.pages,
                          rules: PublishingRules(now: defaultNow, drafts: true, banners: true), media: MediaLibrary.load(config: config)),
                try TemplateSet.load(overrides: nil))
    }

    /// The context of every page of every kind, and every article's list item.
    static func pageContexts(_ model: SiteModel, _ templates: TemplateSet) -> [(String, [String: Any])] {
        let digests = [20, 21].map { ArchivedDigest(day: Day(year: 2026, month: 2, day: $0), html: "<p>La lettre</p>", web: "<p>Le corps</p>") }
        let renderer = SiteRenderer(model: model, templates: templates, digests: digests, search: SitePlan.searchIndex(model, nil))
        let views = ViewModels(model: model, templates: templates, hasDigests: true)
        return renderer.pages.compactMap { renderer.view($0) }.map { ($0.template, $0.context) }
            + model.articles.indices.map { ("item", views.itemFields($0)) }
    }

    /// What differs between a context and its declaration; `seen` gets each declared path present.
    static func differences(_ context: [String: Any], _ scope: TemplateScope, at path: String = "",
                            seen: inout Set<String>) -> [String] {
        var out = context.keys.filter { scope[$0] == nil }.sorted().map { "\(path)\($0): provided but not declared" }
        for v in scope.variables {
            let p = path + v.name
            guard let value = context[v.name] else {
                if !v.optional { out.append("\(p): declared but missing") }
                continue
            }
            seen.insert(p)
            let fits: Bool
            switch v.kind {
            case .text, .html: fits = value is String
            case .number: fits = value is Int
            case .flag: fits = value is Bool
            case .texts: fits = value is [String]
            case .object(let s):
                fits = value is [String: Any]
                if let d = value as? [String: Any] { out += differences(d, s, at: p + ".", seen: &seen) }
            case .list(let s):
                fits = value is [[String: Any]]
                for d in value as? [[String: Any]] ?? [] { out += differences(d, s, at: p + "[].", seen: &seen) }
            }
            if !fits { out.append("\(p): a \(type(of: value)), declared \(TemplateDocs.kind(v.kind))") }
        }
        return out
    }

    /// Every path a scope declares, nested ones included.
    static func paths(_ scope: TemplateScope, at path: String = "") -> Set<String> {
        var out: Set<String> = []
        for v in scope.variables {
            out.insert(path + v.name)
            switch v.kind {
            case .object(let s): out.formUnion(paths(s, at: path + v.name + "."))
            case .list(let s): out.formUnion(paths(s, at: path + v.name + "[]."))
            default: break
            }
        }
        return out
    }

    @Test func theViewModelsProvideExactlyTheDeclaredNames() throws {
        let site = try Self.site()
        defer { site.remove() }
        let (model, templates) = try Self.model(site)
        let contexts = Self.pageContexts(model, templates)
        #expect(Set(contexts.map(\.0)) == Set(TemplateVariables.roots.keys).subtracting(["header", "footer"]))

        // `template:path` for a template's own names; `path` for those every page shares.
        let shared = Set(TemplateVariables.page.variables.map(\.name))
        func key(_ template: String, _ path: String) -> String {
            shared.contains(String(path.prefix { $0 != "." && $0 != "[" })) && template != "item" ? path : "\(template):\(path)"
        }
        var seen: Set<String> = []
        for (template, context) in contexts {
            let scope = try #require(TemplateVariables.roots[template])
            var paths: Set<String> = []
            let problems = Self.differences(context, scope, seen: &paths)
            #expect(problems.isEmpty, "\(template).mustache: \(problems.joined(separator: "; "))")
            seen.formUnion(paths.map { key(template, $0) })
        }
        // header and footer see `site` and `nav` as every page has them.
        #expect(Set(TemplateVariables.roots["header"]!.variables.map(\.name)) == ["site", "nav"])
        // Every declared name is provided somewhere: nothing declared is stale.
        for template in Set(contexts.map(\.0)) {
            let never = Self.paths(TemplateVariables.roots[template]!)
                .filter { !seen.contains(key(template, $0)) }
            #expect(never.isEmpty, "\(template).mustache declares names no page of the test site has: \(never.sorted())")
        }
    }

    @Test func theDigestViewProvidesExactlyTheDeclaredNames() throws {
        let site = try Self.site()
        defer { site.remove() }
        let (model, templates) = try Self.model(site)
        let day = Day(year: 2026, month: 2, day: 21)
        let view = DigestView(views: ViewModels(model: model, templates: templates), selection: DigestSelection(model: model, day: day),
                              subject: "L’essentiel du samedi 21 février 2026", unsubscribeURL: "https://lists.example.com/unsubscribe")
        var seen: Set<String> = []
        for cap in [nil, 1] {
            let problems = Self.differences(view.context(cap: cap), DigestVariables.scope, seen: &seen)
            #expect(problems.isEmpty, "digest (cap \(cap.map(String.init) ?? "none")): \(problems.joined(separator: "; "))")
        }
        #expect(Self.paths(DigestVariables.scope).subtracting(seen).isEmpty)
        #expect(DigestVariables.roots.keys.sorted() == ["digest", "digest-web", "digest.txt"])
    }

    /// `page.preview_banner` (set by `kiosque serve`) shows right after the masthead, escaped.
    @Test func basePlacesThePreviewBannerAfterTheHeader() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("uemoa-croissance", title: "L’UEMOA table sur 6 % de croissance", date: "2026-02-05T08:00:00Z",
                         summary: "La commission relève sa prévision.")
        let (model, templates) = try Self.model(site)
        let renderer = SiteRenderer(model: model, templates: templates)
        let first = try #require(renderer.pages.first { renderer.article($0) == 0 })
        var context = try #require(renderer.view(first)).context
        var page = try #require(context["page"] as? [String: Any])
        page["preview_banner"] = "Brouillon : pas encore publié <draft>"
        context["page"] = page
        let html = templates.render(context, "article")
        #expect(html.contains("</header>\n\n<p class=\"preview-banner\" role=\"status\">Brouillon : pas encore publié &lt;draft&gt;</p>\n<main"),
                "\(html)")
        #expect(!renderer.render(first).contains("preview-banner"))
        let css = try String(contentsOfFile: packageRoot + "/templates/static/style.css", encoding: .utf8)
        #expect(css.contains(".preview-banner {"))
    }

    /// README.md's tables, as the declarations write them, in the order README.md shows them.
    static let readmeTables: [(what: String, table: String)] = [
        ("every page", TemplateDocs.table(TemplateVariables.page.variables)),
        ("items", TemplateDocs.table(TemplateVariables.listItem.variables)),
    ] + ["home", "article", "sector", "day", "tag", "tags", "page", "calendar", "digest-archive", "digest-page", "search"].map {
        ("\($0).mustache", TemplateDocs.table(TemplateVariables.pages[$0]!.own))
    } + [("digest.mustache", TemplateDocs.table(DigestVariables.scope.variables)),
         ("confirm.mustache", TemplateDocs.table(MembersVariables.confirm.variables)),
         ("members-page.mustache", TemplateDocs.table(MembersVariables.page.variables))]

    @Test func readmeTablesAreTheDeclarations() throws {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        var from = readme.startIndex
        for (what, table) in Self.readmeTables {
            let found = readme.range(of: table, range: from..<readme.endIndex)
            #expect(found != nil, "README.md lacks the table of \(what) (or has it out of order); it should read:\n\(table)")
            if let found { from = found.upperBound }
        }
        #expect(TemplateVariables.pages["not-found"]!.own.isEmpty, "not-found has variables: give README.md their table")
        #expect(Set(TemplateVariables.pages.keys) == Set(TemplateSet.pageTemplates))
    }
}
