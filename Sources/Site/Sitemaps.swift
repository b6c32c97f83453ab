import KiosqueCore

/// sitemaps.org sitemaps (an index over parts once the site passes 50,000 URLs, as the
/// protocol requires) and a Google News sitemap of the last two days.
enum Sitemaps {
    static let maxURLs = 50_000
    static let newsWindow: Timestamp = 2 * 86_400

    struct Entry: Sendable {
        var path: String
        var lastmod: Timestamp
    }

    static func partCount(_ entries: Int) -> Int { entries <= maxURLs ? 0 : (entries + maxURLs - 1) / maxURLs }

    static func urlset(_ entries: ArraySlice<Entry>, urls: SiteURLs) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for e in entries {
            x += "<url><loc>\(XMLEscaping.escape(urls.absolute(e.path)))</loc><lastmod>\(ISODate.utc(e.lastmod))</lastmod></url>\n"
        }
        return x + "</urlset>\n"
    }

    static func index(parts: Int, lastmod: Timestamp?, urls: SiteURLs) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for n in 1...max(parts, 1) {
            x += "<sitemap><loc>\(XMLEscaping.escape(urls.absolute(SiteURLs.sitemapPart(n))))</loc>"
            if let lastmod { x += "<lastmod>\(ISODate.utc(lastmod))</lastmod>" }
            x += "</sitemap>\n"
        }
        return x + "</sitemapindex>\n"
    }

    /// What a sitemap's bytes are made of: each entry's path and date.
    static func sign(_ entries: ArraySlice<Entry>, _ s: inout PageSignature) {
        s.add(entries.count)
        for e in entries {
            s.add(e.path)
            s.add(Int(e.lastmod))
        }
    }

    /// Articles of the two days before the newest one: relative to the content, not the
    /// clock, so the same content gives the same bytes.
    static func newsArticles(_ model: SiteModel) -> [Int] {
        guard let newest = model.articles.first?.date else { return [] }
        return Array(model.articles.indices.prefix { model.articles[$0].date > newest - newsWindow })
    }

    static func news(_ views: ViewModels, _ indices: [Int]) -> String {
        let model = views.model, urls = views.urls
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">

        """
        let site = model.config.site
        for i in indices {
            let a = model.articles[i]
            x += "<url><loc>\(XMLEscaping.escape(urls.absolute(a.path)))</loc><news:news><news:publication>"
            x += "<news:name>\(XMLEscaping.escape(views.siteTitle))</news:name><news:language>\(XMLEscaping.escape(site.language))</news:language>"
            x += "</news:publication><news:publication_date>\(ISODate.utc(a.date))</news:publication_date>"
            x += "<news:title>\(XMLEscaping.escape(views.text(i).title))</news:title></news:news></url>\n"
        }
        return x + "</urlset>\n"
    }

    static func robots(urls: SiteURLs) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(urls.absolute(SiteURLs.sitemap))\nSitemap: \(urls.absolute(SiteURLs.newsSitemap))\n"
    }
}
