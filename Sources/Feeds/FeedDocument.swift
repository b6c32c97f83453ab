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
    public var title: String
    public var link: String?
    public var language: String?
    public var updated: Timestamp?
    public var items: [FeedItem]
    /// What had to be repaired to read the feed (feedparser's "bozo"); empty when the feed
    /// was well formed. Not part of the inspect JSON, whose shape is fixed.
    public var repairs: [String] = []

    public var recovered: Bool { !repairs.isEmpty }

    public init(format: FeedFormat, title: String, link: String?, language: String?, updated: Timestamp?,
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
    /// Plain text.
    public var title: String
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

    public init(id: String, title: String, link: String? = nil, published: Timestamp? = nil, updated: Timestamp? = nil,
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
}

/// Why a document could not be read as a feed at all.
public struct FeedError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
