import Content
import KiosqueCore

/// RSS 2.0 and JSON Feed 1.1 of the latest articles, for readers and the mobile app. Their
/// text is the pages' (typeset by `views`).
enum SiteFeeds {
    static let count = 50

    /// `title` and `description` are typeset here.
    static func rss(views: ViewModels, indices: [Int], title: String, description: String,
                    selfPath: String, linkPath: String) -> String {
        let model = views.model, urls = views.urls
        let title = FrenchTypography.text(title), description = FrenchTypography.text(description)
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
            let a = model.articles[i], text = views.text(i)
            let link = XMLEscaping.escape(urls.absolute(a.path))
            x += "<item>\n<title>\(XMLEscaping.escape(text.title))</title>\n<link>\(link)</link>\n"
            x += "<guid isPermaLink=\"true\">\(link)</guid>\n"
            x += "<pubDate>\(RFC822Date.format(a.date))</pubDate>\n"
            x += "<category>\(XMLEscaping.escape(views.sectorName(a.sector)))</category>\n"
            if let s = text.source { x += "<dc:creator>\(XMLEscaping.escape(s))</dc:creator>\n" }
            x += "<description>\(XMLEscaping.escape(text.summary))</description>\n</item>\n"
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

    static func jsonFeed(views: ViewModels, indices: [Int]) -> String {
        let model = views.model, urls = views.urls, site = model.config.site
        let items = indices.prefix(count).map { i in
            let a = model.articles[i], text = views.text(i)
            return JSONFeed.Item(id: urls.absolute(a.path), url: urls.absolute(a.path), external_url: a.sourceURL.map(urls.resolve),
                                 title: text.title, summary: text.summary, content_html: views.bodyHTML(a),
                                 date_published: ISODate.utc(a.date), image: a.image.map(urls.resolve),
                                 tags: [views.sectorName(a.sector)] + text.tags,
                                 authors: text.source.map { [JSONFeed.Author(name: $0)] })
        }
        return JSON.encode(JSONFeed(title: views.siteTitle, home_page_url: urls.absolute(SiteURLs.home),
                                    feed_url: urls.absolute(SiteURLs.jsonFeed), description: views.siteDescription,
                                    language: site.language, items: items)) + "\n"
    }
}
