/// `/404.html`: the page a server answers with when there is no such page (`noindex`).
enum NotFoundPage: PageKind {
    struct Input: Sendable {}

    static let template: (name: String, variables: TemplateScope)? = ("not-found", TemplateScope(extending: TemplateVariables.page, []))

    static func inputs(_ site: SiteContext) -> [Input] { [Input()] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.notFound }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        var meta = site.views.pageMeta(title: "Page introuvable · \(site.siteTitle)", description: site.views.siteDescription, path: nil)
        meta["noindex"] = true
        return site.views.page(meta)
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {}
}
