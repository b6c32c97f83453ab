import Content
import Foundation
import KiosqueCore

/// schema.org `NewsArticle` for article pages, as search engines read it.
enum JSONLD {
    /// Written field by field (keys sorted, for stable bytes): one per article page, where
    /// Foundation's encoder cost 5 % of a full build.
    /// `text`, `sectorName` and `siteTitle` as pages print them (typeset).
    static func newsArticle(_ a: Article, text: ArticleText, civil: CivilTime, sectorName: String, urls: SiteURLs,
                            site: Config.Site, siteTitle: String, image: String?, logo: String?) -> String {
        let q = QuotedString.quoted
        func organization(_ name: String, logo: String? = nil) -> String {
            #"{"@type":"Organization","# + (logo.map { #""logo":{"@type":"ImageObject","url":"# + q($0) + "}," } ?? "")
                + #""name":"# + q(name) + "}"
        }
        let url = q(urls.absolute(a.path))
        var fields = [
            #""@context":"https://schema.org""#, #""@type":"NewsArticle""#, #""articleSection":"# + q(sectorName),
            #""author":"# + organization(text.source ?? siteTitle),
            // Kiosque keeps no history of edits: the story's date is its last known change.
            #""dateModified":"# + q(ISODate.format(civil)), #""datePublished":"# + q(ISODate.format(civil)),
            #""description":"# + q(text.summary), #""headline":"# + q(text.title),
        ]
        if let image { fields.append(#""image":["# + q(image) + "]") }
        fields.append(#""inLanguage":"# + q(site.language))
        if let source = a.sourceURL { fields.append(#""isBasedOn":"# + q(source)) }
        if !text.tags.isEmpty { fields.append(#""keywords":["# + text.tags.map(q).joined(separator: ",") + "]") }
        fields += [#""mainEntityOfPage":"# + url, #""publisher":"# + organization(siteTitle, logo: logo), #""url":"# + url]
        return scriptSafe("{" + fields.joined(separator: ",") + "}")
    }

    /// JSON inside `<script>`: no `<` at all, so no `</script>` or `<!--` can end it early.
    static func scriptSafe(_ json: String) -> String {
        guard json.containsByte(UInt8(ascii: "<")) else { return json }
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
