import HTML
import KiosqueCore

/// The feed formats Kiosque reads, named as `kiosque feed inspect --json` prints them.
public enum FeedFormat: String, Sendable, CaseIterable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case jsonFeed = "jsonfeed"
}

/// One parsed feed, whatever its format: the shape of `kiosque feed inspect --json`.
public struct FeedDocument: Sendable {
    public var format: FeedFormat
    /// Nil when the feed has none.
    public var title: String?
    public var link: String?
    public var language: String?
    public var updated: Timestamp?
    public var items: [FeedItem]
    /// What had to be repaired to read the feed (feedparser's "bozo"); empty when the feed
    /// was well formed. Not part of the inspect JSON, whose shape is fixed.
    public var repairs: [String] = []

    public var recovered: Bool { !repairs.isEmpty }

    /// Every text of the feed, decoded once more where it was encoded twice
    /// (`FeedEncoding.undoingDoubleEncoding`), and said so.
    mutating func undoDoubleEncoding() {
        var repaired = 0
        func fix(_ s: inout String?) {
            guard let old = s else { return }
            let new = FeedEncoding.undoingDoubleEncoding(old)
            if new != old { s = new; repaired += 1 }
        }
        fix(&title)
        for i in items.indices {
            fix(&items[i].title)
            fix(&items[i].author)
            fix(&items[i].summaryHTML)
            fix(&items[i].contentHTML)
            for c in items[i].categories.indices {
                var category: String? = items[i].categories[c]
                fix(&category)
                items[i].categories[c] = category ?? ""
            }
        }
        if repaired > 0 { repairs.append("\(repaired) text(s) encoded twice in UTF-8 decoded") }
    }

    public init(format: FeedFormat, title: String?, link: String?, language: String?, updated: Timestamp?,
                items: [FeedItem], repairs: [String] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.language = language
        self.updated = updated
        self.items = items
        self.repairs = repairs
    }
}

/// One story of a feed. HTML fields hold the feed's HTML as given: untrusted, to be passed
/// through `HTMLSanitizer` before it goes anywhere a browser reads it.
public struct FeedItem: Sendable, Hashable {
    /// The guid (Atom id, JSON Feed id); else the link; else a hash of title and text.
    public var id: String
    /// Plain text, as the feed gives it: nil when the item has none (`headline` makes one).
    public var title: String?
    /// Absolute when the feed gave enough to resolve it.
    public var link: String?
    public var published: Timestamp?
    public var updated: Timestamp?
    public var author: String?
    public var summaryHTML: String?
    public var contentHTML: String?
    public var categories: [String]
    public var image: String?
    /// The base URL in effect for the item's HTML (xml:base, else the feed's address), to
    /// resolve relative links and images when the HTML is sanitized.
    public var base: String?

    public init(id: String, title: String?, link: String? = nil, published: Timestamp? = nil, updated: Timestamp? = nil,
                author: String? = nil, summaryHTML: String? = nil, contentHTML: String? = nil,
                categories: [String] = [], image: String? = nil, base: String? = nil) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.summaryHTML = summaryHTML
        self.contentHTML = contentHTML
        self.categories = categories
        self.image = image
        self.base = base
    }

    /// The date a story is filed under: published, else updated.
    public var date: Timestamp? { published ?? updated }

    /// What an article and a listing call the item: its title, else the start of its text,
    /// else "(sans titre)". A feed's own text never gets it: `feed inspect --json` shows the
    /// title as the feed gives it.
    public var headline: String {
        if let title, !title.isEmpty { return title }
        let text = HTMLSanitizer.plainText(summaryHTML ?? contentHTML ?? "")
        if text.isEmpty { return "(sans titre)" }
        return String(text.prefix(80)).trimmingWhitespace + (text.count > 80 ? "…" : "")
    }
}

/// Why a document could not be read as a feed at all.
public struct FeedError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
