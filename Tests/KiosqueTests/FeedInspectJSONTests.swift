import Foundation
import Testing
@testable import Feeds

/// The exact JSON of `kiosque feed inspect --json`: tools depend on it.
@Suite struct FeedInspectJSONTests {
    @Test func exactShape() throws {
        let doc = FeedDocument(format: .rss20, title: "Marchés \"du\" jour", link: nil, language: "fr", updated: 1_770_370_200,
                               items: [FeedItem(id: "a1", title: "Titre\nsur deux lignes", link: "https://x.example/a1",
                                                published: 1_770_370_200, categories: ["BRVM", "Bourse"])])
        #expect(doc.inspectJSON() == """
        {
          "format": "rss2.0",
          "title": "Marchés \\"du\\" jour",
          "link": null,
          "language": "fr",
          "updated": "2026-02-06T09:30:00Z",
          "items": [
            {
              "id": "a1",
              "title": "Titre\\nsur deux lignes",
              "link": "https://x.example/a1",
              "published": "2026-02-06T09:30:00Z",
              "updated": null,
              "author": null,
              "summary_html": null,
              "content_html": null,
              "categories": ["BRVM", "Bourse"],
              "image": null
            }
          ]
        }

        """)
    }

    @Test func validJSONWithKeysInOrder() throws {
        let json = try FeedFixtures.parse("rss20-complete.xml").inspectJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "rss2.0")
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items[1]["author"] is NSNull)
        let keys = ["\"id\"", "\"title\"", "\"link\"", "\"published\"", "\"updated\"", "\"author\"", "\"summary_html\"",
                    "\"content_html\"", "\"categories\"", "\"image\""]
        let firstItem = json[json.range(of: "\"items\"")!.upperBound...]
        let positions = keys.map { firstItem.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func emptyItems() {
        let doc = FeedDocument(format: .jsonFeed, title: "", link: nil, language: nil, updated: nil, items: [])
        #expect(doc.inspectJSON().contains("\"items\": []"))
    }
}
