import Content
import KiosqueCore

/// `/<slug>/`: a standalone page, `content/pages/<slug>.md` (À propos, Mentions légales…).
enum StandalonePageKind: PageKind {
    typealias Input = StandalonePage

    static let template: (name: String, variables: TemplateScope)? = ("page", TemplateScope(extending: TemplateVariables.page, [
        .object("standalone", "the page", TemplateScope([
            .text("title", "its title"),
            .html("body_html", "its body, sanitized"),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] { site.model.pages }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.page(input)) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views
        var meta = views.pageMeta(title: "\(input.title) · \(site.siteTitle)", description: input.description, path: SiteURLs.page(input))
        if input.draft, site.model.rules.banners { meta["preview_banner"] = "Brouillon : non publié" }
        var ctx = views.page(meta)
        ctx["standalone"] = ["title": FrenchTypography.text(input.title), "body_html": views.bodyHTML(markdown: input.body)]
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) { s.mix(input.hash) }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.pages.map { Sitemaps.Entry(path: SiteURLs.page($0), lastmod: $0.modified) }
    }
}
