import KiosqueCore

/// One story as the editor wrote it: front matter plus a CommonMark body.
public struct Article: Sendable {
    /// Path relative to the site folder, e.g. `content/articles/2026/02/06/slug.md`: the
    /// name used in messages, and the article's identity.
    public var file: String
    /// The day folder and file name give the URL, so a file keeps its address when an
    /// editor fixes its date.
    public let folderDay: Day
    public let slug: String

    public var title: String
    public var date: Timestamp
    public var sector: String
    public var source: String?
    public var sourceURL: String?
    public var guid: String?
    public var summary: String
    public var tags: [String]
    public var draft: Bool
    public var featured: Bool
    public var image: String?
    public var publishDate: Timestamp?
    public var expiryDate: Timestamp?
    /// CommonMark, rendered when its page is rendered. Nil for an article that came from
    /// the build cache: `ContentLoader.body(of:)` reads it when a page needs it.
    public var body: String?
    /// Hash of the file's bytes: what the build cache and page signatures compare.
    public var hash: UInt64 = 0

    /// `articles/2026/02/06/slug/`, relative to the site's base URL. Stored: every list,
    /// feed, sitemap and signature asks for it.
    public var path: String { storedPath }
    private var storedPath: String

    public init(file: String, folderDay: Day, slug: String, title: String, date: Timestamp, sector: String,
                source: String?, sourceURL: String?, guid: String?, summary: String, tags: [String], draft: Bool,
                featured: Bool, image: String?, publishDate: Timestamp?, expiryDate: Timestamp?, body: String?) {
        self.file = file
        self.folderDay = folderDay
        self.slug = slug
        self.title = title
        self.date = date
        self.sector = sector
        self.source = source
        self.sourceURL = sourceURL
        self.guid = guid
        self.summary = summary
        self.tags = tags
        self.draft = draft
        self.featured = featured
        self.image = image
        self.publishDate = publishDate
        self.expiryDate = expiryDate
        self.body = body
        storedPath = "articles/\(folderDay.path)/\(slug)/"
    }

    /// When it goes live: `publish_date`, else `date`.
    public var goesLive: Timestamp { publishDate ?? date }
}
