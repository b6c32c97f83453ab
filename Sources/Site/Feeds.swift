import Content
import KiosqueCore

/// RSS 2.0 and JSON Feed 1.1 of the latest articles, for readers and the mobile app.
enum SiteFeeds {
    static let count = 50

    static func rss(model: SiteModel, urls: SiteURLs, indices: [Int], title: String, description: String,
                    selfPath: String, linkPath: String) -> String {
        let items = indices.prefix(count)
        var x = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel>
        <title>\(XMLEscaping.escape(title))</title>
        <link>\(XMLEscaping.escape(urls.absolute(linkPath)))</link>
        <description>\(XMLEscaping.escape(description))</description>
        <language>\(XMLEscaping.escape(model.config.site.language))</language>
        <atom:link href="\(XMLEscaping.escape(urls.absolute(selfPath)))" rel="self" type="application/rss+xml"/>

        """
        if let first = items.first { x += "<lastBuildDate>\(RFC822Date.format(model.articles[first].date))</lastBuildDate>\n" }
        for i in items {
            let a = model.articles[i]
            let link = XMLEscaping.escape(urls.absolute(a.path))
            x += "<item>\n<title>\(XMLEscaping.escape(a.title))</title>\n<link>\(link)</link>\n"
            x += "<guid isPermaLink=\"true\">\(link)</guid>\n"
            x += "<pubDate>\(RFC822Date.format(a.date))</pubDate>\n"
            x += "<category>\(XMLEscaping.escape(model.sectorName(a.sector)))</category>\n"
            if let s = a.source { x += "<dc:creator>\(XMLEscaping.escape(s))</dc:creator>\n" }
            x += "<description>\(XMLEscaping.escape(a.summary))</description>\n</item>\n"
        }
        x += "</channel>\n</rss>\n"
        return x
    }

    struct JSONFeed: Encodable {
        var version = "https://jsonfeed.org/version/1.1"
        var title: String
        var home_page_url: String
        var feed_url: String
        var description: String
        var language: String
        var items: [Item]
        struct Item: Encodable {
            var id: String
            var url: String
            var external_url: String?
            var title: String
            var summary: String
            var content_html: String
            var date_published: String
            var image: String?
            var tags: [String]
            var authors: [Author]?
        }
        struct Author: Encodable { var name: String }
    }

    static func jsonFeed(model: SiteModel, urls: SiteURLs, indices: [Int], image: (Article) -> String?,
                         render: (Article) -> String) -> String {
        let site = model.config.site
        let items = indices.prefix(count).map { model.articles[$0] }.map { a in
            JSONFeed.Item(id: urls.absolute(a.path), url: urls.absolute(a.path), external_url: a.sourceURL.map(urls.resolve),
                          title: a.title, summary: a.summary, content_html: render(a),
                          date_published: ISODate.utc(a.date), image: image(a),
                          tags: [model.sectorName(a.sector)] + a.tags,
                          authors: a.source.map { [JSONFeed.Author(name: $0)] })
        }
        return JSON.encode(JSONFeed(title: site.title, home_page_url: urls.absolute(SiteURLs.home),
                                    feed_url: urls.absolute(SiteURLs.jsonFeed), description: site.description,
                                    language: site.language, items: items)) + "\n"
    }
}
