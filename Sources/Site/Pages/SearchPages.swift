import KiosqueCore
import Search

/// `/search/`: the search page. It reads `?q=` (the masthead's form lands here, with or
/// without JavaScript) and runs `search.js` in the reader's browser.
enum SearchPage: PageKind {
    struct Input: Sendable {}

    static let template: (name: String, variables: TemplateScope)? = ("search", TemplateScope(extending: TemplateVariables.page, [
        .object("search", "the search", TemplateScope([
            .text("url", "this page's absolute URL (the form's action)"),
            .text("script_url", "`search/search.js`, the client"),
        ])),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] { site.search == nil ? [] : [Input()] }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.search) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        var meta = site.views.pageMeta(title: "Recherche · \(site.siteTitle)", description: "Chercher dans les archives de \(site.siteTitle).",
                                       path: SiteURLs.search)
        meta["noindex"] = true
        var ctx = site.views.page(meta)
        ctx["search"] = ["url": site.urls.absolute(SiteURLs.search), "script_url": site.urls.absolute(SiteURLs.searchScript)]
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {}
}

/// `/search/index.json`: what every query reads first (counts, stop words, elisions).
enum SearchManifestPage: PageKind {
    struct Input: Sendable {
        var articles: Int
        var buckets: Int
        var newestDay: Int
    }

    static func inputs(_ site: SiteContext) -> [Input] {
        site.search.map { [Input(articles: $0.count, buckets: $0.buckets, newestDay: $0.newestDay)] } ?? []
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.search + "index.json" }

    static func render(_ input: Input, _ site: SiteContext) -> String { site.search!.manifestFile() }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.articles)
        s.add(input.buckets)
        s.add(input.newestDay)
    }
}

/// One file of the index in each of its buckets: postings (`t/`, the recent ones `r/`),
/// prefixes (`p/`) and article metadata (`m/`). Signed by the hash of the bucket's state, so a build rewrites
/// only the buckets an added, edited or removed article falls in.
enum SearchBucketPage: PageKind {
    struct Input: Sendable {
        var part: SearchPart
        var bucket: Int
        var buckets: Int
        var contents: UInt64
    }

    static func inputs(_ site: SiteContext) -> [Input] {
        guard let index = site.search else { return [] }
        return SearchPart.allCases.flatMap { part in
            index.signatures(of: part).enumerated().map {
                Input(part: part, bucket: $0, buckets: index.buckets, contents: $1)
            }
        }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String {
        SiteURLs.search + "\(input.part.rawValue)/\(input.bucket).\(input.part.fileExtension)"
    }

    static func render(_ input: Input, _ site: SiteContext) -> String { site.search!.file(input.part, input.bucket) }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.buckets)
        s.mix(input.contents)
    }
}
