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
    public init(new: Int = 0, updated: Int = 0, duplicates: Int = 0, keptByEditor: Int = 0) {
        self.new = new
        self.updated = updated
        self.duplicates = duplicates
        self.keptByEditor = keptByEditor
    }
}

/// Items -> article files, against the fetch state: one story, one file; a file once
/// written is the editor's. Pure apart from reading and writing files under `content/`.
struct Ingester {
    let config: Config
    var state: FetchState
    let now: Timestamp
    let chooser: SectorChooser
    /// Indexes over `state.stories`: canonical link -> file, day -> files.
    private var byLink: [String: String] = [:]
    private var byDay: [String: [String]] = [:]

    init(config: Config, state: FetchState, now: Timestamp) {
        self.config = config
        self.state = state
        self.now = now
        chooser = SectorChooser(sectors: config.sectors)
        for story in state.stories.values.sorted(by: { $0.file < $1.file }) { index(story) }
    }

    private mutating func index(_ story: FetchState.Story) {
        if let link = story.link, byLink[link] == nil { byLink[link] = story.file }
        byDay[story.day, default: []].append(story.file)
    }

    mutating func ingest(_ items: [FeedItem], feed: Config.Feed) -> IngestCounts {
        var counts = IngestCounts()
        var idsInThisFeed = Set<String>()
        for item in items {
            guard idsInThisFeed.insert(item.id).inserted else {
                counts.duplicates += 1
                continue
            }
            let key = FetchState.seenKey(feed: feed.url, item: item.id)
            if let file = state.seen[key] {
                switch refresh(file, with: item, feed: feed) {
                case .updated: counts.updated += 1
                case .kept: counts.keptByEditor += 1
                case .same: break
                }
                continue
            }
            if let file = sameStory(as: item, feed: feed) {
                state.seen[key] = file
                addSource(feed.name, to: file)
                counts.duplicates += 1
                continue
            }
            if let file = write(item, feed: feed) {
                state.seen[key] = file
                counts.new += 1
            }
        }
        return counts
    }

    private enum Refresh { case updated, kept, same }

    /// A seen item: rewritten when the feed updated it and nobody touched the file.
    private mutating func refresh(_ file: String, with item: FeedItem, feed: Config.Feed) -> Refresh {
        guard var story = state.stories[file], story.source == feed.name,
              let version = item.updated ?? item.published, version > (story.version ?? .min) else { return .same }
        guard let current = FileManager.default.contents(atPath: absolute(file)),
              StableHash.hex(current) == story.hash else { return .kept }
        let article = articleFile(item, feed: feed, date: item.date ?? now, alsoReportedBy: story.alsoReportedBy)
        guard let hash = try? writeFile(article.text, to: file) else { return .same }
        story.hash = hash
        story.version = version
        story.title = article.title
        state.stories[file] = story
        return .updated
    }

    /// The story an item repeats, from another feed or under another guid: same canonical
    /// link, or a near-identical title the same day from another source.
    private func sameStory(as item: FeedItem, feed: Config.Feed) -> String? {
        let link = StoryMatch.canonicalLink(item.link)
        let day = config.site.timeZone.day(of: item.date ?? now).description
        let words = StoryMatch.words(item.title)
        if let link, let file = byLink[link] { return file }
        return byDay[day, default: []].first { file in
            guard let story = state.stories[file] else { return false }
            return story.source != feed.name && StoryMatch.nearlySameTitle(words, StoryMatch.words(story.title))
        }
    }

    private mutating func addSource(_ source: String, to file: String) {
        guard var story = state.stories[file], story.source != source, !story.alsoReportedBy.contains(source) else { return }
        story.alsoReportedBy.append(source)
        if let current = FileManager.default.contents(atPath: absolute(file)), StableHash.hex(current) == story.hash,
           let hash = try? writeFile(ArticleFile.settingAlsoReportedBy(story.alsoReportedBy, in: String(decoding: current, as: UTF8.self)), to: file) {
            story.hash = hash
        }
        state.stories[file] = story
    }

    /// A new story's file, at a slug nobody used: not on disk, not in the state (a file an
    /// editor deleted keeps its name). The same bytes already there (a run that crashed
    /// before saving its state) are adopted, not duplicated.
    private mutating func write(_ item: FeedItem, feed: Config.Feed) -> String? {
        let date = item.date ?? now
        let article = articleFile(item, feed: feed, date: date, alsoReportedBy: [])
        let text = article.text
        let day = config.site.timeZone.day(of: date)
        var base = Slug.make(article.title)
        if base.isEmpty { base = "article-" + StableHash.hex(item.id).prefix(8) }
        var free: String?
        for n in 1...1000 {
            let slug = n == 1 ? base : "\(base)-\(n)"
            precondition(Slug.isValid(slug))
            let file = relative("\(ContentLayout.articlesFolder)/\(day.path)/\(slug).md")
            if state.stories[file] != nil { continue }
            guard let existing = FileManager.default.contents(atPath: absolute(file)) else { free = file; break }
            if existing == Data(text.utf8) { free = file; break }
        }
        // Every name taken (a thousand stories of one title in a day): skip it rather than
        // write over anybody's file.
        guard let file = free, let hash = try? writeFile(text, to: file) else { return nil }
        let story = FetchState.Story(
            file: file, hash: hash, source: feed.name, link: StoryMatch.canonicalLink(item.link), title: article.title,
            day: day.description, version: item.updated ?? item.published, alsoReportedBy: [])
        state.stories[file] = story
        index(story)
        return file
    }

    private func articleFile(_ item: FeedItem, feed: Config.Feed, date: Timestamp, alsoReportedBy: [String]) -> ArticleFile {
        let summary = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
        let sector = chooser.choose(title: item.title, summary: summary, feedSector: feed.sector, feedName: feed.name)
        return ArticleFile(item: item, source: feed.name, sector: sector, date: date, alsoReportedBy: alsoReportedBy)
    }

    /// Writes atomically; returns the hash recorded for the editor-ownership check.
    private func writeFile(_ text: String, to file: String) throws -> String {
        let data = Data(text.utf8)
        try AtomicFile.write(data, to: absolute(file))
        return StableHash.hex(data)
    }

    /// `content/articles/…` relative to the site folder, from a path relative to `content/`.
    private func relative(_ underContent: String) -> String {
        let content = config.resolve(config.paths.content)
        let root = config.root.hasSuffix("/") ? config.root : config.root + "/"
        let full = (content as NSString).appendingPathComponent(underContent)
        return full.hasPrefix(root) ? String(full.dropFirst(root.count)) : full
    }

    private func absolute(_ file: String) -> String { config.resolve(file) }
}
