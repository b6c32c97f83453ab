import KiosqueCore

/// `/digests/YYYY-MM-DD/`: a newsletter's web version, `digests/YYYY-MM-DD.html` as
/// `kiosque digest` wrote it.
enum DigestPage: PageKind {
    typealias Input = ArchivedDigest

    static func inputs(_ site: SiteContext) -> [Input] { site.digests }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.digest(input.day)) }

    static func render(_ input: Input, _ site: SiteContext) -> String { input.html }

    static func sign(_ input: Input, _ s: inout PageSignature) { s.add(input.html) }
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
}
