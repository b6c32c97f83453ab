import HTML
import Content
import Feeds
import Foundation
import KiosqueCore

/// What one feed's items did to `content/`.
public struct IngestCounts: Sendable, Equatable {
    public var new = 0
    public var updated = 0
    /// Items that were another item's story (same guid, link or wire title).
    public var duplicates = 0
    /// Items whose file an editor changed or deleted: left alone.
    public var keptByEditor = 0
    /// Items not looked at: this run had written its share of files for the feed.
    public var left = 0
    public init(new: Int = 0, updated: Int = 0, duplicates: Int = 0, keptByEditor: Int = 0, left: Int = 0) {
        self.new = new
        self.updated = updated
        self.duplicates = duplicates
        self.keptByEditor = keptByEditor
        self.left = left
    }
}

/// Items -> article files, against the fetch state: one story, one file; a file once
/// written is the editor's. Every article is checked with the build's own parser before it
/// is written, and written through `OwnedFiles`.
struct Ingester {
    /// Files written per feed and run, at most (new articles, corrections, `also_reported_by`):
    /// a feed of thousands of items is taken in batches, in its own order, and the summary
    /// says how many it left. Two hundred is more than any news feed publishes between two
    /// runs of a cron every 15 minutes.
    static let filesPerFeedPerRun = 200

    /// One feed's part of a run.
    struct FeedResult {
        var counts = IngestCounts()
        /// What the editor should know: values left out, items not written and why.
        var notes: [String] = []
        var filesWritten = 0
        /// Items not written this time that the next run tries again (it must then get the
        /// whole feed, not a 304).
        var retried = 0

        mutating func retry(_ title: String, _ why: String) {
            notes.append("\(Ingester.quoted(title)) not written: \(why); it is tried again next run")
            retried += 1
        }
    }

    let config: Config
    private(set) var state: FetchState
    let now: Timestamp
    let files: OwnedFiles
    private let chooser: SectorChooser
    private var index: StoryIndex
    private var names = SlugAllocator()
    /// What changed since the last `takeDelta`.
    private var changedSeen = Set<String>(), changedStories = Set<String>()

    init(config: Config, state: FetchState, now: Timestamp, files: OwnedFiles) {
        self.config = config
        self.state = state
        self.now = now
        self.files = files
        chooser = SectorChooser(sectors: config.sectors)
        index = StoryIndex(Array(state.stories.values))
    }

    /// Throws only when the journal cannot be written (see `OwnedFiles.write`).
    mutating func ingest(_ items: [FeedItem], feed: Config.Feed) throws(LoadFailure) -> FeedResult {
        var result = FeedResult()
        var idsInThisFeed = Set<String>()
        for item in items {
            guard idsInThisFeed.insert(item.id).inserted else {
                result.counts.duplicates += 1
                continue
            }
            let key = FetchState.seenKey(feed: feed.url, item: item.id)
            if let file = state.seen[key] {
                try refresh(file, with: item, feed: feed, into: &result)
            } else if result.filesWritten >= Self.filesPerFeedPerRun {
                result.counts.left += 1
            } else if let file = index.sameStory(link: StoryMatch.canonicalLink(item.link), title: item.headline,
                                                 day: day(of: item.date ?? now).description, source: feed.name) {
                markSeen(key, file)
                try addSource(feed.name, to: file, seenKey: key, into: &result)
                result.counts.duplicates += 1
            } else {
                try add(item, key: key, feed: feed, into: &result)
            }
        }
        return result
    }

    /// The feed's changes since the last call, with its new HTTP state, for the journal;
    /// nil when nothing changed.
    mutating func takeDelta(feed: String, feedState: FetchState.FeedState) -> FetchState.Delta? {
        defer { changedSeen = []; changedStories = [] }
        guard state.feeds[feed] != feedState || !changedSeen.isEmpty || !changedStories.isEmpty else { return nil }
        state.feeds[feed] = feedState
        return FetchState.Delta(feed: feed, feedState: feedState,
                                seen: Dictionary(uniqueKeysWithValues: changedSeen.map { ($0, state.seen[$0]!) }),
                                stories: Dictionary(uniqueKeysWithValues: changedStories.map { ($0, state.stories[$0]!) }))
    }

    /// A new story's file, at a name nobody used.
    private mutating func add(_ item: FeedItem, key: String, feed: Config.Feed, into result: inout FeedResult) throws(LoadFailure) {
        let date = item.date ?? now
        let article = articleFile(item, feed: feed, date: date, alsoReportedBy: [])
        let text = article.text
        let day = day(of: date)
        var base = Slug.make(article.title)
        if base.isEmpty { base = "article-" + StableHash.hex(item.id).prefix(8) }
        let folder = contentFolder + "/\(ContentLayout.articlesFolder)/\(day.path)"
        if let why = rejection(text, of: "\(folder)/\(base).md") {
            result.retry(article.title, why)
            return
        }
        let bytes = Data(text.utf8)
        let file: String, alreadyThere: Bool
        switch names.name(in: folder, base: base, bytes: bytes, isKnown: { state.stories[$0] != nil }, absolute: files.absolute) {
        case .exhausted(let last):
            result.retry(article.title, "every name up to \(folder)/\(last) is taken")
            return
        case .holding(let existing):
            (file, alreadyThere) = (existing, true)
        case .free(let free):
            (file, alreadyThere) = (free, false)
        }
        let story = FetchState.Story(
            file: file, hash: StableHash.hex(bytes), source: feed.name, link: StoryMatch.canonicalLink(item.link),
            title: article.title, day: day.description, alsoReportedBy: [], itemHash: ArticleFile.itemHash(item))
        if !alreadyThere {
            switch try files.write(bytes, as: OwnedFiles.Intent(story: story, seen: [key], previousHash: nil)) {
            case .written:
                result.filesWritten += 1
            case .leftAlone:
                result.retry(article.title, "a file appeared at \(file) meanwhile")
                return
            case .failed(let why):
                result.retry(article.title, why)
                return
            }
        }
        record(story)
        markSeen(key, file)
        index.add(story)
        result.counts.new += 1
        result.notes += article.leftOut.map { "\(Self.quoted(article.title)): \($0)" }
    }

    /// A seen item: its file rewritten when the feed corrected the item (its hash changed)
    /// and nobody touched the file since Kiosque wrote it.
    private mutating func refresh(_ file: String, with item: FeedItem, feed: Config.Feed,
                                  into result: inout FeedResult) throws(LoadFailure) {
        guard var story = state.stories[file], story.source == feed.name else { return }
        let itemHash = ArticleFile.itemHash(item)
        guard story.itemHash != itemHash else { return }
        guard story.itemHash != nil else {
            // A state from before item hashes: this is the item as written, not a correction.
            story.itemHash = itemHash
            record(story)
            return
        }
        guard result.filesWritten < Self.filesPerFeedPerRun else {
            result.counts.left += 1
            return
        }
        guard let current = files.unchanged(file, hash: story.hash) else {
            story.itemHash = itemHash  // said once, not on every run
            record(story)
            result.counts.keptByEditor += 1
            return
        }
        // An item without a date keeps the one it was filed under.
        let date = item.date ?? ArticleFile.date(in: String(decoding: current, as: UTF8.self)) ?? now
        let article = articleFile(item, feed: feed, date: date, alsoReportedBy: story.alsoReportedBy)
        let text = article.text
        if let why = rejection(text, of: file) {
            result.retry(article.title, "its correction: " + why)
            return
        }
        var corrected = story
        corrected.itemHash = itemHash
        corrected.title = article.title
        corrected.link = StoryMatch.canonicalLink(item.link) ?? story.link
        let bytes = Data(text.utf8)
        corrected.hash = StableHash.hex(bytes)
        if bytes != current {
            switch try files.write(bytes, as: OwnedFiles.Intent(story: corrected, seen: [], previousHash: story.hash)) {
            case .written:
                result.filesWritten += 1
                result.counts.updated += 1
                result.notes += article.leftOut.map { "\(Self.quoted(article.title)): \($0)" }
            case .leftAlone:
                story.itemHash = itemHash
                record(story)
                result.counts.keptByEditor += 1
                return
            case .failed(let why):
                result.retry(article.title, "its correction: " + why)
                return
            }
        }
        record(corrected)
        index.add(corrected)
    }

    /// Another source ran the story: its file lists it in `also_reported_by`, if the file is
    /// still Kiosque's; the state lists it either way.
    private mutating func addSource(_ source: String, to file: String, seenKey: String,
                                    into result: inout FeedResult) throws(LoadFailure) {
        guard var story = state.stories[file], story.source != source, !story.alsoReportedBy.contains(source) else { return }
        let previous = story
        story.alsoReportedBy.append(source)
        if let current = files.unchanged(file, hash: previous.hash) {
            let text = ArticleFile.settingAlsoReportedBy(story.alsoReportedBy, in: String(decoding: current, as: UTF8.self))
            let bytes = Data(text.utf8)
            var listed = story
            listed.hash = StableHash.hex(bytes)
            if rejection(text, of: file) == nil,
               try files.write(bytes, as: OwnedFiles.Intent(story: listed, seen: [seenKey], previousHash: previous.hash)) == .written {
                story = listed
                result.filesWritten += 1
            }
        }
        record(story)
    }

    private mutating func record(_ story: FetchState.Story) {
        state.stories[story.file] = story
        changedStories.insert(story.file)
    }

    private mutating func markSeen(_ key: String, _ file: String) {
        state.seen[key] = file
        changedSeen.insert(key)
    }

    private func articleFile(_ item: FeedItem, feed: Config.Feed, date: Timestamp, alsoReportedBy: [String]) -> ArticleFile {
        let summary = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
        let sector = chooser.choose(title: item.headline, summary: summary, feedSector: feed.sector, feedName: feed.name)
        return ArticleFile(item: item, source: feed.name, sector: sector, date: date, alsoReportedBy: alsoReportedBy)
    }

    /// The build's own verdict on an article about to be written as `file`: its errors, or
    /// nil when it would be published.
    private func rejection(_ text: String, of file: String) -> String? {
        let relative = file.split(separator: "/").suffix(4).joined(separator: "/")  // under content/articles/
        let errors = FrontMatter.parse(text, file: file, relative: relative, config: config).diagnostics
            .filter { $0.severity == .error }.map(\.message)
        return errors.isEmpty ? nil : "the build would reject it: " + errors.joined(separator: "; ")
    }

    private func day(of t: Timestamp) -> Day { config.site.timeZone.day(of: t) }

    static func quoted(_ title: String) -> String { "'" + (title.count > 80 ? title.prefix(80) + "…" : title) + "'" }

    /// `content/` relative to the site folder (`paths.content` may be anywhere under it).
    private var contentFolder: String {
        let content = config.resolve(config.paths.content)
        let root = config.root.hasSuffix("/") ? config.root : config.root + "/"
        return content.hasPrefix(root) ? String(content.dropFirst(root.count)) : content
    }
}
