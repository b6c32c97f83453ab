import KiosqueCore

/// One page of a long list of articles (a sector's, a tag's): newest first, 20 a page.
struct PagedList: Sendable {
    static let perPage = 20

    /// The sector's or the tag's slug.
    var slug: String
    var number: Int
    var pages: Int
    /// How many articles the list has in all.
    var total: Int
    var articles: ArraySlice<Int>

    /// Every page of the list of `articles`.
    static func pages(_ slug: String, _ articles: [Int]) -> [PagedList] {
        let pages = max(1, (articles.count + perPage - 1) / perPage)
        return (1...pages).map { n in
            PagedList(slug: slug, number: n, pages: pages, total: articles.count,
                      articles: articles.dropFirst((n - 1) * perPage).prefix(perPage))
        }
    }

    /// `pagination` of the template: where this page is, with links to the first, the last
    /// and the pages around it (a list of 500 pages does not print 500 links on each).
    func pagination(_ views: ViewModels, url: (Int) -> String) -> [String: Any] {
        var links: [[String: Any]] = []
        var last = 0
        for n in 1...pages where n == 1 || n == pages || abs(n - number) <= 2 {
            if n > last + 1 { links.append(["gap": true]) }
            links.append(["number": n, "url": url(n), "current": n == number])
            last = n
        }
        var pg: [String: Any] = [
            "page": number, "pages": pages, "many": pages > 1,
            "count_text": "Page \(number) sur \(pages) · \(views.count(total))", "links": links,
        ]
        if number > 1 { pg["prev_url"] = url(number - 1) }
        if number < pages { pg["next_url"] = url(number + 1) }
        return pg
    }

    func sign(_ s: inout PageSignature) {
        s.add(slug)
        s.add(number)
        s.add(total)
        s.articles(articles)
    }

    static let paginationVariables = TemplateScope([
        .number("page", "this page's number"),
        .number("pages", "how many pages"),
        .flag("many", "true when there is more than one"),
        .text("count_text", "`Page 2 sur 5 · 87 articles`"),
        .text("prev_url", "the newer page", optional: true),
        .text("next_url", "the older page", optional: true),
        .list("links", "the first, the last and the pages around this one", of: TemplateScope([
            .number("number", "the page's number", optional: true),
            .text("url", "its URL", optional: true),
            .flag("current", "true for this page", optional: true),
            .flag("gap", "true in place of the pages left out (then alone)", optional: true),
        ])),
    ])
}
