import KiosqueCore

/// `/digests/YYYY-MM-DD/`: a newsletter's web version: its body (`YYYY-MM-DD.web.html`, as
/// `kiosque digest` wrote it) in the site's layout, without the lines meant for a recipient.
/// One archived before web bodies existed is the mail itself, as it was sent.
enum DigestPage: PageKind {
    typealias Input = ArchivedDigest

    static let template: (name: String, variables: TemplateScope)? = ("digest-page", TemplateScope(extending: TemplateVariables.page, [
        .object("digest", "the newsletter", TemplateScope([
            .text("date_text", "its day, `vendredi 6 février 2026`"),
            .text("iso", "`2026-02-06`"),
            .html("body_html", "`digest-web.mustache` as `kiosque digest` rendered it"),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] { site.digests }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.digest(input.day)) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        guard let web = input.web else { return nil }
        let views = site.views
        let title = "La lettre du \(French.longDate(input.day))"
        var ctx = views.page(views.pageMeta(title: "\(title) · \(site.siteTitle)",
                                            description: "\(title) : l’essentiel de l’actualité de \(site.siteTitle).",
                                            path: SiteURLs.digest(input.day)))
        ctx["digest"] = ["date_text": French.longDate(input.day), "iso": input.day.description, "body_html": web]
        return ctx
    }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        view(input, site).map { site.templates.render($0, template!.name) } ?? input.html
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.web ?? input.html)
        s.add(input.web == nil ? 0 : 1)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.digests.map { Sitemaps.Entry(path: SiteURLs.digest($0.day), lastmod: site.config.site.timeZone.start(of: $0.day)) }
    }
}

/// `/digests/`: every newsletter, newest first (when there is one).
enum DigestArchivePage: PageKind {
    struct Input: Sendable {
        var days: [Day]
    }

    static let template: (name: String, variables: TemplateScope)? = ("digest-archive", TemplateScope(extending: TemplateVariables.page, [
        .list("digests", "every newsletter, newest first", of: TemplateScope([
            .text("text", "its day, `vendredi 6 février 2026`"),
            .text("iso", "`2026-02-06`"),
            .text("url", "its web version"),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] { site.digests.isEmpty ? [] : [Input(days: site.digests.map(\.day))] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.digests) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls
        var ctx = views.page(views.pageMeta(title: "La lettre quotidienne, numéro par numéro · \(site.siteTitle)",
                                            description: "Toutes les lettres quotidiennes de \(site.siteTitle).", path: SiteURLs.digests))
        ctx["digests"] = input.days.reversed().map { ["text": French.longDate($0), "iso": $0.description,
                                                      "url": urls.absolute(SiteURLs.digest($0))] }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        for d in input.days { s.day(d) }
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.digests.last.map { [Sitemaps.Entry(path: SiteURLs.digests, lastmod: site.config.site.timeZone.start(of: $0.day))] } ?? []
    }
}
