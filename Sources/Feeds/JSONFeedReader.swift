import HTML
import Foundation
import KiosqueCore

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).
enum JSONFeedReader {
    static func read(_ bytes: [UInt8], url: String?) throws(FeedError) -> FeedDocument {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw FeedError("invalid JSON")
        }
        guard let feed = object as? [String: Any] else { throw FeedError("JSON, but not a JSON Feed object") }
        // "https://jsonfeed.org/version/1.1"; some writers put the bare number ("1.0").
        guard let version = feed["version"] as? String,
              version.contains("jsonfeed.org/version/") || (version.first == "1" && feed["items"] is [Any]) else {
            throw FeedError("JSON, but not a JSON Feed (no jsonfeed.org version)")
        }
        let feedAuthor = author(feed)
        // Relative URLs are relative to the feed: its address, else the `feed_url` it gives.
        let url = url ?? string(feed["feed_url"]).flatMap { URLPolicy.scheme($0).map { $0 == "http" || $0 == "https" } == true ? $0 : nil }
        let items = (feed["items"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map { i -> FeedItem in
            var item = FeedItem(id: "", title: string(i["title"]).map(titleText))
            if let id = i["id"] as? String { item.id = resolveIdentifier(id.trimmingWhitespace, against: url) }
            else if let n = i["id"] as? NSNumber { item.id = n.stringValue }
            item.link = (string(i["url"]) ?? string(i["external_url"])).map { resolveURL($0, against: url) }
            item.published = string(i["date_published"]).flatMap(FeedDate.parse)
            item.updated = string(i["date_modified"]).flatMap(FeedDate.parse)
            item.author = author(i) ?? feedAuthor
            item.summaryHTML = string(i["summary"]).map(paragraphs)
            item.contentHTML = string(i["content_html"]) ?? string(i["content_text"]).map(paragraphs)
            item.categories = (i["tags"] as? [Any] ?? []).compactMap(string)
            item.image = (string(i["image"]) ?? string(i["banner_image"])).map { resolveURL($0, against: url) }
            item.base = item.link ?? url
            FeedParser.complete(&item)
            return item
        }
        return FeedDocument(format: .jsonFeed, title: string(feed["title"]).map(titleText),
                            link: string(feed["home_page_url"]).map { resolveURL($0, against: url) },
                            language: string(feed["language"]), updated: nil, items: items)
    }

    private static func string(_ v: Any?) -> String? {
        guard let s = (v as? String)?.trimmingWhitespace, !s.isEmpty else { return nil }
        return s
    }

    /// 1.1's `authors` list, else 1.0's `author`.
    private static func author(_ o: [String: Any]) -> String? {
        if let list = o["authors"] as? [Any], let first = list.first as? [String: Any], let name = string(first["name"]) { return name }
        return (o["author"] as? [String: Any]).flatMap { string($0["name"]) }
    }

    /// Plain text as HTML paragraphs.
    private static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { "<p>" + XMLEscaping.escape($0.trimmingWhitespace) + "</p>" }.joined()
    }
}
