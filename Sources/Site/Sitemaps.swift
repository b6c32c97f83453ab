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

    /// Home, every article, each sector's first page, every day page.
    static func entries(_ model: SiteModel) -> [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(model.articles.count + model.days.count + model.config.sectors.count + 1)
        if let newest = model.articles.first { out.append(Entry(path: SiteURLs.home, lastmod: newest.date)) }
        for a in model.articles { out.append(Entry(path: a.path, lastmod: a.date)) }
        for s in model.config.sectors {
            if let first = model.bySector[s.slug]?.first {
                out.append(Entry(path: SiteURLs.sector(s.slug), lastmod: model.articles[first].date))
            }
        }
        for g in model.days { out.append(Entry(path: SiteURLs.day(g.day), lastmod: model.articles[g.articles[0]].date)) }
        return out
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

    /// Articles of the two days before the newest one: relative to the content, not the
    /// clock, so the same content gives the same bytes.
    static func news(_ model: SiteModel, urls: SiteURLs) -> String {
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">

        """
        let site = model.config.site
        if let newest = model.articles.first?.date {
            for a in model.articles.prefix(while: { $0.date > newest - newsWindow }) {
                x += "<url><loc>\(XMLEscaping.escape(urls.absolute(a.path)))</loc><news:news><news:publication>"
                x += "<news:name>\(XMLEscaping.escape(site.title))</news:name><news:language>\(XMLEscaping.escape(site.language))</news:language>"
                x += "</news:publication><news:publication_date>\(ISODate.utc(a.date))</news:publication_date>"
                x += "<news:title>\(XMLEscaping.escape(a.title))</news:title></news:news></url>\n"
            }
        }
        return x + "</urlset>\n"
    }

    static func robots(urls: SiteURLs) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(urls.absolute(SiteURLs.sitemap))\nSitemap: \(urls.absolute(SiteURLs.newsSitemap))\n"
    }
}
