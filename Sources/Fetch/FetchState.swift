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

    /// The state in `path` with its journal replayed; an empty one when neither exists yet.
    public static func load(_ path: String) throws(LoadFailure) -> FetchState {
        var state = FetchState()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else { throw LoadFailure("cannot read \(path)") }
            do {
                state = try JSONDecoder().decode(FetchState.self, from: data)
            } catch {
                throw LoadFailure("\(path) is not a valid fetch state (\(error)); move it away to start afresh")
            }
        }
        // What a run that stopped before its final save had ingested. A last line cut by
        // the crash is ignored: its feed is simply ingested again (its files are adopted).
        if let journal = FileManager.default.contents(atPath: journalPath(path)) {
            for line in journal.split(separator: UInt8(ascii: "\n")) {
                guard let delta = try? JSONDecoder().decode(Delta.self, from: Data(line)) else { continue }
                state.apply(delta)
            }
        }
        return state
    }

    /// One feed's changes, appended to the journal as soon as the feed is ingested, so that
    /// a crash mid-run loses nothing without rewriting the whole state after every feed.
    public struct Delta: Codable, Sendable {
        public var feed: String
        public var feedState: FeedState?
        public var seen: [String: String]
        public var stories: [String: Story]
    }

    /// What changed for `feed` between `before` and this state.
    public func delta(since before: FetchState, feed: String) -> Delta {
        Delta(feed: feed, feedState: feeds[feed],
              seen: seen.filter { before.seen[$0.key] != $0.value },
              stories: stories.filter { before.stories[$0.key] != $0.value })
    }

    mutating func apply(_ d: Delta) {
        if let f = d.feedState { feeds[d.feed] = f }
        seen.merge(d.seen) { $1 }
        stories.merge(d.stories) { $1 }
    }

    static func journalPath(_ statePath: String) -> String { statePath + ".journal" }

    /// Appends `delta` to the journal beside `statePath` (one JSON line, one write).
    public static func journal(_ delta: Delta, statePath: String) throws {
        var line = try JSONEncoder().encode(delta)
        line.append(UInt8(ascii: "\n"))
        let path = journalPath(statePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LoadFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw LoadFailure("cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Temp file, then rename: a crash leaves the old state or the new one, never half of
    /// one. The journal, now folded in, goes.
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: path)
        unlink(Self.journalPath(path))
    }
}
