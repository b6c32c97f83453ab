import Foundation
import KiosqueCore

/// Everything `kiosque fetch` remembers between runs, in one file (`.kiosque/state.json`),
/// replaced atomically: what was seen, which files it wrote (and their hashes, so that an
/// editor's change is never overwritten), and each feed's validators and back-off.
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
        /// The item's updated (else published) instant when written, to notice updates.
        public var version: Timestamp?
        public var alsoReportedBy: [String]
    }

    public var version = 1
    /// By feed URL as configured.
    public var feeds: [String: FeedState] = [:]
    /// `feed URL` + newline + item id -> the story's file.
    public var seen: [String: String] = [:]
    /// By file.
    public var stories: [String: Story] = [:]

    public init() {}

    public static func seenKey(feed: String, item: String) -> String { feed + "\n" + item }

    /// The state in `path`; an empty one when the file does not exist yet.
    public static func load(_ path: String) throws(LoadFailure) -> FetchState {
        guard FileManager.default.fileExists(atPath: path) else { return FetchState() }
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadFailure("cannot read \(path)") }
        do {
            return try JSONDecoder().decode(FetchState.self, from: data)
        } catch {
            throw LoadFailure("\(path) is not a valid fetch state (\(error)); move it away to start afresh")
        }
    }

    /// Temp file, then rename: a crash leaves the old state or the new one, never half of one.
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: path)
    }
}
