import KiosqueCore

/// `/tags/<slug>/`, `/tags/<slug>/page/N/`: the articles of a tag, newest first, 20 a page.
enum TagPage: PageKind {
    struct Input: Sendable {
        var list: PagedList
        /// As most of its articles write it.
        var name: String
    }

    static let template: (name: String, variables: TemplateScope)? = ("tag", TemplateScope(extending: TemplateVariables.page, [
        .object("tag", "the tag", TemplateScope([
            .text("name", "as most of its articles write it"),
            .text("slug", "its slug (case and accents folded)"),
            .text("url", "its first page"),
            .text("rss_url", "its RSS feed"),
            .text("index_url", "the page of every tag"),
        ])),
        .list("articles", "this page's articles, newest first", of: TemplateVariables.listItem),
        .object("pagination", "where this page is", PagedList.paginationVariables),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        site.model.tags.flatMap { tag in PagedList.pages(tag.slug, tag.articles).map { Input(list: $0, name: tag.name) } }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String {
        SiteURLs.file(for: SiteURLs.tag(input.list.slug, page: input.list.number))
    }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls, list = input.list, slug = list.slug
        let title = list.number == 1 ? "#\(input.name) · \(site.siteTitle)" : "#\(input.name), page \(list.number) · \(site.siteTitle)"
        var meta = views.pageMeta(title: title, description: "#\(input.name) : \(views.count(list.total)) sur \(site.siteTitle).",
                                  path: SiteURLs.tag(slug, page: list.number))
        meta["alternate_rss"] = ["title": "#\(input.name) · \(site.siteTitle)", "url": urls.absolute(SiteURLs.tagRSS(slug))]
        var ctx = views.page(meta)
        ctx["tag"] = ["name": input.name, "slug": slug, "url": urls.absolute(SiteURLs.tag(slug)),
                      "rss_url": urls.absolute(SiteURLs.tagRSS(slug)), "index_url": urls.absolute(SiteURLs.tags)]
        ctx["articles"] = list.articles.map(views.item)
        ctx["pagination"] = list.pagination(views) { urls.absolute(SiteURLs.tag(slug, page: $0)) }
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.name)
        input.list.sign(&s)
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.tags.map { Sitemaps.Entry(path: SiteURLs.tag($0.slug), lastmod: site.model.articles[$0.articles[0]].date) }
    }
}

/// `/tags/<slug>/rss.xml`: a tag's RSS 2.0, its 50 newest articles.
enum TagRSSPage: PageKind {
    struct Input: Sendable {
        var slug: String
        var name: String
        var articles: [Int]
    }

    static func inputs(_ site: SiteContext) -> [Input] {
        site.model.tags.map { Input(slug: $0.slug, name: $0.name, articles: Array($0.articles.prefix(SiteFeeds.count))) }
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.tagRSS(input.slug) }

    static func render(_ input: Input, _ site: SiteContext) -> String {
        SiteFeeds.rss(views: site.views, indices: input.articles, title: "#\(input.name) · \(site.siteTitle)",
                      description: "#\(input.name) : l’actualité de \(site.siteTitle)",
                      selfPath: SiteURLs.tagRSS(input.slug), linkPath: SiteURLs.tag(input.slug))
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        s.add(input.slug)
        s.add(input.name)
        s.articles(input.articles)
    }
}

/// `/tags/`: every tag, the most followed first.
enum TagIndexPage: PageKind {
    struct Input: Sendable {
        /// Most articles first, then by name.
        var tags: [(slug: String, name: String, count: Int)]
    }

    static let template: (name: String, variables: TemplateScope)? = ("tags", TemplateScope(extending: TemplateVariables.page, [
        .list("tags", "every tag, the most used first", of: TemplateScope([
            .text("name", "as most of its articles write it"),
            .text("url", "its page"),
            .number("count", "how many articles have it"),
        ])),
        .text("count_text", "`42 mots-clés`"),
        .flag("empty", "true when no article has a tag"),
    ]))

    static func inputs(_ site: SiteContext) -> [Input] {
        let tags = site.model.tags.map { ($0.slug, $0.name, $0.articles.count) }
            .sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }
        return [Input(tags: tags)]
    }

    static func path(_ input: Input, _ site: SiteContext) -> String { SiteURLs.file(for: SiteURLs.tags) }

    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? {
        let views = site.views, urls = site.urls
        var ctx = views.page(views.pageMeta(title: "Mots-clés · \(site.siteTitle)",
                                            description: "Tous les mots-clés de \(site.siteTitle).", path: SiteURLs.tags))
        ctx["tags"] = input.tags.map { ["name": $0.name, "url": urls.absolute(SiteURLs.tag($0.slug)), "count": $0.count] }
        ctx["count_text"] = input.tags.count == 1 ? "1 mot-clé" : "\(input.tags.count) mots-clés"
        ctx["empty"] = input.tags.isEmpty
        return ctx
    }

    static func sign(_ input: Input, _ s: inout PageSignature) {
        for t in input.tags {
            s.add(t.slug)
            s.add(t.name)
            s.add(t.count)
        }
    }

    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] {
        site.model.articles.first.map { [Sitemaps.Entry(path: SiteURLs.tags, lastmod: $0.date)] } ?? []
    }
}
