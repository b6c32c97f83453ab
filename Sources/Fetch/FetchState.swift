import Foundation
import KiosqueCore

/// Everything `kiosque fetch` remembers between runs, in one file (`.kiosque/state.json`),
/// replaced atomically: what was seen, which files it wrote (and their hashes, so that an
/// editor's change is never overwritten), and each feed's validators and back-off. What a run
/// did since the last save is in its journal (`FetchJournal`).
public struct FetchState: Codable, Sendable, Equatable {
    public struct FeedState: Codable, Sendable, Equatable {
        public var etag: String?
        public var lastModified: String?
        /// After a 429 or 503 with Retry-After: not fetched before this instant.
        public var retryAfter: Timestamp?
        public var lastFetched: Timestamp?
    }

    /// One story: one file, whatever the number of feeds and items that told it.
    public struct Story: Codable, Sendable, Equatable {
        /// Relative to the site folder.
        public var file: String
        /// Of the bytes last written by Kiosque; the file is the editor's once it differs.
        public var hash: String
        public var source: String
        /// Canonical link (tracking parameters removed), for duplicates across feeds.
        public var link: String?
        public var title: String
        /// `YYYY-MM-DD` in the site's time zone.
        public var day: String
        public var alsoReportedBy: [String]
        /// Of the item as last seen (`ArticleFile.itemHash`): a feed's correction changes it.
        /// Nil in a state written before it existed; recorded on first sight, without a rewrite.
        public var itemHash: String?
    }

    public var version = 1
    /// By feed URL as configured.
    public var feeds: [String: FeedState] = [:]
    /// `feed URL` + newline + item id -> the story's file.
    public var seen: [String: String] = [:]
    /// By file.
    public var stories: [String: Story] = [:]
    /// The images Kiosque downloaded (relative to the site folder) -> the hash of their bytes.
    /// Nil in a state from before images were downloaded.
    public var media: [String: String]?

    public init() {}

    public static func seenKey(feed: String, item: String) -> String { feed + "\n" + item }

    /// The state saved in `path`; an empty one when there is none yet.
    public static func load(_ path: String) throws(LoadFailure) -> FetchState {
        guard FileManager.default.fileExists(atPath: path) else { return FetchState() }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadFailure("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(FetchState.self, from: data)
        } catch {
            throw LoadFailure("\(path) is not a valid fetch state (\(error)); move it away to start afresh")
        }
    }

    /// One feed's changes, journaled as soon as the feed is ingested, so that a crash mid-run
    /// loses nothing without rewriting the whole state after every feed.
    public struct Delta: Codable, Sendable, Equatable {
        public var feed: String
        public var feedState: FeedState?
        public var seen: [String: String]
        public var stories: [String: Story]
    }

    mutating func apply(_ d: Delta) {
        if let f = d.feedState { feeds[d.feed] = f }
        seen.merge(d.seen) { $1 }
        stories.merge(d.stories) { $1 }
    }

    /// What an article written through `OwnedFiles` adds: its story and the items it stands for.
    mutating func apply(_ intent: OwnedFiles.Intent) {
        stories[intent.story.file] = intent.story
        for key in intent.seen { seen[key] = intent.story.file }
        addMedia(intent.media)
    }

    mutating func addMedia(_ written: [String: String]?) {
        if let written { media = (media ?? [:]).merging(written) { $1 } }
    }

    /// Temp file, flushed, then renamed: a crash leaves the old state or the new one, never
    /// half of one. The temp's name is fixed, so a save the kill cut short leaves nothing the
    /// next run does not remove (`DurableFile.removeLeftover`).
    public func save(_ path: String) throws(LoadFailure) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(self) } catch { throw LoadFailure("cannot encode the fetch state: \(error)") }
        try DurableFile.replace(path, with: data)
    }
}
