import Content
import Foundation
import KiosqueCore

/// schema.org `NewsArticle` for article pages, as search engines read it.
enum JSONLD {
    struct Organization: Encodable {
        var type = "Organization"
        var name: String
        enum CodingKeys: String, CodingKey { case type = "@type", name }
    }

    struct NewsArticle: Encodable {
        var context = "https://schema.org"
        var type = "NewsArticle"
        var headline: String
        var description: String
        var datePublished: String
        var articleSection: String
        var inLanguage: String
        var url: String
        var mainEntityOfPage: String
        var keywords: [String]?
        var image: [String]?
        var author: Organization
        var publisher: Organization
        var isBasedOn: String?
        enum CodingKeys: String, CodingKey {
            case context = "@context", type = "@type", headline, description, datePublished, articleSection,
                 inLanguage, url, mainEntityOfPage, keywords, image, author, publisher, isBasedOn
        }
    }

    static func newsArticle(_ a: Article, civil: CivilTime, sectorName: String, urls: SiteURLs,
                            site: Config.Site, image: String?) -> String {
        let url = urls.absolute(a.path)
        let doc = NewsArticle(
            headline: a.title, description: a.summary, datePublished: ISODate.format(civil),
            articleSection: sectorName, inLanguage: site.language, url: url, mainEntityOfPage: url,
            keywords: a.tags.isEmpty ? nil : a.tags, image: image.map { [$0] },
            author: Organization(name: a.source ?? site.title), publisher: Organization(name: site.title),
            isBasedOn: a.sourceURL)
        return scriptSafe(JSON.encode(doc))
    }

    /// JSON inside `<script>`: no `<` at all, so no `</script>` or `<!--` can end it early.
    static func scriptSafe(_ json: String) -> String {
        guard json.utf8.contains(UInt8(ascii: "<")) else { return json }
        return json.split(separator: "<", omittingEmptySubsequences: false).joined(separator: "\\u003c")
    }
}

enum JSON {
    /// Sorted keys and unescaped slashes: stable bytes, readable URLs.
    static func encode(_ value: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: e.encode(value), as: UTF8.self)) ?? "{}"
    }
}
