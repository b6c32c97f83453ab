import Foundation
import KiosqueCore
import Site
import Testing

/// `content/pages/<slug>.md` -> `/<slug>/`, in the menus and the sitemap.
@Suite struct StandalonePagesTests {
    static func page(title: String, menu: String? = nil, weight: Int? = nil, extra: String = "", body: String) -> String {
        var fm = "---\ntitle: \"\(title)\"\n"
        if let menu { fm += "menu: \(menu)\n" }
        if let weight { fm += "weight: \(weight)\n" }
        return fm + extra + "---\n" + body
    }

    static func site() throws -> TempSite {
        let site = try SmallSite.make()
        try site.write("content/pages/mentions-legales.md", page(title: "Mentions légales", menu: "footer", weight: 20, body: """
        ## Éditeur

        Le Kiosque, SARL au capital de 1 000 000 F CFA.<script>alert(1)</script>

        """))
        try site.write("content/pages/contact.md", page(title: "Contact", menu: "footer", weight: 10, body: "Écrivez-nous.\n"))
        try site.write("content/pages/a-propos.md", page(title: "À propos", menu: "header", extra: "description: \"Qui nous sommes\"\n",
                                                         body: "Une rédaction à Abidjan.\n"))
        try site.write("content/pages/lettre.md", page(title: "La lettre", body: "Chaque matin, l’essentiel.\n"))
        try site.write("content/pages/en-travaux.md", page(title: "En travaux", menu: "footer", extra: "draft: true\n", body: "Bientôt.\n"))
        return site
    }

    @Test func aPageIsPublishedAtItsSlugWithItsBodySanitized() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.build()
        let html = try site.text("mentions-legales/index.html")
        #expect(Markup.html(html, "//article[@class='standalone']/h1") == ["Mentions légales"])
        #expect(Markup.html(html, "//article[@class='standalone']//h2") == ["Éditeur"])
        #expect(Markup.html(html, "//title") == ["Mentions légales · Le Kiosque de test"])
        #expect(Markup.html(html, "//link[@rel='canonical']/@href") == [SmallSite.base + "mentions-legales/"])
        // No description written: the body's first paragraph.
        #expect(Markup.html(html, "//meta[@name='description']/@content").first?.hasPrefix("Le Kiosque, SARL") == true)
        #expect(!html.contains("<script>alert"))
        #expect(Markup.html(try site.text("a-propos/index.html"), "//meta[@name='description']/@content") == ["Qui nous sommes"])
        // A draft is not published, nor in a menu.
        #expect(!site.exists("en-travaux/index.html"))
        #expect(!html.contains("En travaux"))
        let sitemap = try site.text("sitemap.xml")
        for slug in ["mentions-legales", "contact", "a-propos", "lettre"] {
            #expect(sitemap.contains("<loc>\(SmallSite.base)\(slug)/</loc>"), "\(slug) in the sitemap")
        }
        #expect(!sitemap.contains("en-travaux"))
    }

    @Test func menusListTheirPagesByWeightThenTitleOnEveryPage() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.build()
        for file in ["index.html", SmallSite.budget.file, "secteurs/economie/index.html", "lettre/index.html"] {
            let html = try #require(site.output(file))
            #expect(Markup.html(html, "//ul[@class='header-menu']/li/a") == ["À propos"], "\(file)")
            #expect(Markup.html(html, "//ul[@class='footer-menu']/li/a") == ["Contact", "Mentions légales"], "\(file)")
            #expect(Markup.html(html, "//ul[@class='footer-menu']/li/a/@href") == [SmallSite.base + "contact/", SmallSite.base + "mentions-legales/"])
        }
    }

    @Test func renamingAMenuPageRewritesEveryPageAndEditingAnotherOnlyItself() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.build()
        try site.write("content/pages/lettre.md", Self.page(title: "La lettre", body: "Chaque soir, l’essentiel.\n"))
        var report = try site.build()
        #expect(report.incremental)
        // The page, and the sitemap when its lastmod (the file's time, to the second) moved.
        #expect(report.written >= 1 && report.written <= 2, "\(report.written) files written")
        #expect(try site.text("lettre/index.html").contains("Chaque soir"))
        try site.write("content/pages/contact.md", Self.page(title: "Nous écrire", menu: "footer", weight: 10, body: "Écrivez-nous.\n"))
        report = try site.build()
        #expect(Markup.html(try site.text(SmallSite.brvm.file), "//ul[@class='footer-menu']/li/a") == ["Nous écrire", "Mentions légales"])
        #expect(report.written > 10)
    }

    @Test func badPagesAreErrorsNamingFileAndLine() throws {
        let site = try SmallSite.make()
        defer { site.remove() }
        try site.write("content/pages/contact.md", Self.page(title: "Contact", menu: "sidebar", body: "x\n"))
        try site.write("content/pages/secteurs.md", Self.page(title: "Secteurs", body: "x\n"))
        try site.write("content/pages/Equipe.md", Self.page(title: "Équipe", extra: "weight: lourd\n", body: "x\n"))
        let r = try CLI.run(["build", "--site", site.root])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("content/pages/contact.md:3: error: 'menu' must be header or footer, not 'sidebar'"), "\(r.stderr)")
        #expect(r.stderr.contains("content/pages/secteurs.md: error: a page named 'secteurs' would take the site's /secteurs/ folder"), "\(r.stderr)")
        #expect(r.stderr.contains("content/pages/Equipe.md: error: a page's file name is its URL"), "\(r.stderr)")
        #expect(r.stderr.contains("content/pages/Equipe.md:3: error: 'weight' must be a whole number, not 'lourd'"), "\(r.stderr)")
    }
}
