import KiosqueCore

/// One story as the editor wrote it: front matter plus a CommonMark body.
public struct Article: Sendable {
    /// Path relative to the site folder, e.g. `content/articles/2026/02/06/slug.md`: the
    /// name used in messages, and the article's identity.
    public var file: String
    /// The day folder and file name give the URL, so a file keeps its address when an
    /// editor fixes its date.
    public var folderDay: Day
    public var slug: String

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

    /// `articles/2026/02/06/slug/`, relative to the site's base URL.
    public var path: String { "articles/\(folderDay.path)/\(slug)/" }

    /// When it goes live: `publish_date`, else `date`.
    public var goesLive: Timestamp { publishDate ?? date }
}
