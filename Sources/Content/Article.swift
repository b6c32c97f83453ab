import KiosqueCore

/// One story as the editor wrote it: front matter plus a CommonMark body. A class, and
/// immutable: tens of thousands are shared by every index of the site model, and copying a
/// struct of a dozen strings cost a fifth of a no-op rebuild in reference counting.
public final class Article: Sendable {
    /// Path relative to the site folder, e.g. `content/articles/2026/02/06/slug.md`: the
    /// name used in messages, and the article's identity.
    public let file: String
    /// The day folder and file name give the URL, so a file keeps its address when an
    /// editor fixes its date.
    public let folderDay: Day
    public let slug: String

    public let title: String
    public let date: Timestamp
    public let sector: String
    public let source: String?
    public let sourceURL: String?
    public let guid: String?
    public let summary: String
    public let tags: [String]
    public let draft: Bool
    public let featured: Bool
    public let image: String?
    /// What the image shows (`image_alt`), and its caption and credit (`image_caption`,
    /// `Légende — Crédit`).
    public let imageAlt: String?
    public let imageCaption: String?
    /// The site-root `/media/…` paths its body writes: the pages that show the body depend on
    /// those files too, which the body's bytes do not say.
    public let media: [String]
    public let publishDate: Timestamp?
    public let expiryDate: Timestamp?
    /// CommonMark, rendered when its page is rendered. Nil for an article that came from
    /// the build cache: `ContentLoader.body(of:)` reads it when a page needs it.
    public let body: String?
    /// Hash of the file's bytes: what the build cache and page signatures compare.
    public let hash: UInt64

    /// `articles/2026/02/06/slug/`, relative to the site's base URL. Stored: every list,
    /// feed, sitemap and signature asks for it.
    public let path: String

    public init(file: String, folderDay: Day, slug: String, title: String, date: Timestamp, sector: String,
                source: String?, sourceURL: String?, guid: String?, summary: String, tags: [String], draft: Bool,
                featured: Bool, image: String?, imageAlt: String? = nil, imageCaption: String? = nil, media: [String] = [],
                publishDate: Timestamp?, expiryDate: Timestamp?, body: String?, hash: UInt64) {
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
        self.imageAlt = imageAlt
        self.imageCaption = imageCaption
        self.media = media
        self.publishDate = publishDate
        self.expiryDate = expiryDate
        self.body = body
        self.hash = hash
        path = "articles/\(folderDay.path)/\(slug)/"
    }

    /// When it goes live: `publish_date`, else `date`.
    public var goesLive: Timestamp { publishDate ?? date }
}
