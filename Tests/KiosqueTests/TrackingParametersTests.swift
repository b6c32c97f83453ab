import Feeds
@testable import Fetch
import Testing

/// Source links lose their campaign and click identifiers at fetch, and nothing else.
@Suite struct TrackingParametersTests {
    @Test(arguments: [
        ("https://a.example/x?utm_source=rss&utm_medium=flux", "https://a.example/x"),
        ("https://a.example/x?id=42&utm_campaign=lettre&p=2", "https://a.example/x?id=42&p=2"),
        ("https://a.example/x?UTM_Source=rss#suite", "https://a.example/x#suite"),
        ("https://a.example/x?fbclid=IwAR0&gclid=Cj0&msclkid=9", "https://a.example/x"),
        ("https://a.example/x?xtor=RSS-1&mc_cid=a1&mc_eid=b2&ref=accueil", "https://a.example/x?ref=accueil"),
        // Kept as written: no tracking parameter, a look-alike name, a value that merely says utm.
        ("https://a.example/x?id=42&page=2", "https://a.example/x?id=42&page=2"),
        ("https://a.example/x?utmost=1&q=utm_source", "https://a.example/x?utmost=1&q=utm_source"),
        ("https://a.example/x#utm_source=rss", "https://a.example/x#utm_source=rss"),
        ("https://a.example/x?q=caf%C3%A9&utm_term=a", "https://a.example/x?q=caf%C3%A9"),
    ])
    func strip(_ url: String, _ expected: String) {
        #expect(TrackingParameters.strip(url) == expected)
    }

    @Test func fetchWritesTheSourceLinkWithoutThem() {
        let item = FeedItem(id: "x", title: "La BRVM en hausse", link: "https://sika.example/brvm?id=7&utm_source=rss&utm_medium=flux")
        let article = ArticleFile(item: item, source: "Sika", sector: ("actions", "r"), date: 1_800_000_000)
        #expect(article.sourceURL == "https://sika.example/brvm?id=7")
        #expect(article.text.contains("source_url: \"https://sika.example/brvm?id=7\""))
    }
}
