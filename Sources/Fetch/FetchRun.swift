import Feeds
import Foundation
import KiosqueCore

/// What happened to one feed in a run.
public struct FeedReport: Sendable {
    public enum Status: Sendable, Equatable {
        case fetched
        /// 304 Not Modified.
        case unchanged
        /// Skipped: the server asked (Retry-After) not to come back before then.
        case deferred(until: Timestamp)
        case failed(String)
    }

    public var feed: Config.Feed
    public var status: Status
    public var counts = IngestCounts()
    /// How a malformed feed was read anyway.
    public var repairs: [String] = []
    /// Values left out and items not written, and why (see `Ingester.FeedResult`).
    public var notes: [String] = []

    public var failed: Bool { if case .failed = status { return true } else { return false } }
}

public struct FetchReport: Sendable {
    public var feeds: [FeedReport]
    public var anyFailed: Bool { feeds.contains(where: \.failed) }
    /// Not one feed could be read: something is wrong with the machine or its network.
    public var allFailed: Bool { !feeds.isEmpty && feeds.allSatisfy(\.failed) }
}

/// One `kiosque fetch`: take the site's lock, complete what a killed run left in the journal,
/// fetch every feed (HTTP ones together, bounded), then parse and ingest them one by one in the
/// configured order, and save the state. One feed's failure is reported and the others go on.
public struct FetchRun {
    public var config: Config
    public var options: FetchOptions
    public var now: Timestamp

    public init(config: Config, options: FetchOptions, now: Timestamp) {
        self.config = config
        self.options = options
        self.now = now
    }

    public static let stateFolder = ".kiosque"
    /// See `Ingester.filesPerFeedPerRun`.
    public static var filesPerFeedPerRun: Int { Ingester.filesPerFeedPerRun }
    public var statePath: String { config.resolve("\(FetchRun.stateFolder)/state.json") }
    public var lockPath: String { config.resolve("\(FetchRun.stateFolder)/fetch.lock") }
    var journalPath: String { statePath + ".journal" }

    /// Throws when the run cannot start (lock held, state or journal unreadable) or the state
    /// or journal cannot be written.
    public func run() throws(LoadFailure) -> FetchReport {
        let lock: FileLock
        do {
            // Refused at once: a cron run must not queue up behind a stuck one.
            lock = try FileLock(path: lockPath, wait: false)
        } catch let busy as FileLock.Busy {
            throw LoadFailure("another kiosque fetch is running on this site\(busy.holder.map { " (process \($0))" } ?? ""); try again when it is done",
                              lockHeld: true)
        } catch {
            throw LoadFailure("\(error)")
        }
        defer { withExtendedLifetime(lock) {} }
        DurableFile.removeLeftover(of: statePath)
        let files = OwnedFiles(root: config.root, journal: try FetchJournal(path: journalPath))
        var state = try FetchState.load(statePath)
        try JournalRecovery.recover(&state, statePath: statePath, files: files)
        var ingester = Ingester(config: config, state: state, now: now, files: files, options: options)

        let locations = config.feeds.map { FeedLocation($0.url, relativeTo: config.root) }
        var httpIndex: [Int: Int] = [:]
        var requests: [HTTPRequest] = []
        for (i, location) in locations.enumerated() {
            guard case .http(let url) = location, !isDeferred(config.feeds[i], ingester.state) else { continue }
            let known = ingester.state.feeds[config.feeds[i].url]
            httpIndex[i] = requests.count
            requests.append(HTTPRequest(url: url, etag: known?.etag, lastModified: known?.lastModified))
        }
        let responses = HTTPClient(options: options).fetchAll(requests)

        var reports: [FeedReport] = []
        for (i, feed) in config.feeds.enumerated() {
            var report = FeedReport(feed: feed, status: .fetched)
            var feedState = ingester.state.feeds[feed.url] ?? FetchState.FeedState()
            let body: FeedBody?
            switch locations[i] {
            case .file(let path):
                do {
                    body = try FeedLoader.readFile(path, limit: options.maxBodyBytes)
                } catch {
                    body = nil
                    report.status = .failed(error.description)
                }
            case .http:
                guard let r = httpIndex[i] else {
                    report.status = .deferred(until: feedState.retryAfter ?? now)
                    reports.append(report)
                    continue
                }
                body = interpret(responses[r], feedState: &feedState, report: &report)
            }
            if let doc = body.flatMap({ parse($0, report: &report) }) {
                report.repairs = doc.repairs
                let result = try ingester.ingest(doc.items, feed: feed)
                report.counts = result.counts
                report.notes = result.notes
                if result.counts.left > 0 || result.retried > 0 {
                    // The next run must get the whole feed again, not a 304.
                    feedState.etag = nil
                    feedState.lastModified = nil
                }
            }
            if let delta = ingester.takeDelta(feed: feed.url, feedState: feedState) {
                try files.journal.append(.delta(delta))
            }
            reports.append(report)
        }
        // The whole state once, at the end; until then each feed's changes are in the journal.
        if files.journal.appended {
            try ingester.state.save(statePath)
            files.journal.remove()
        }
        return FetchReport(feeds: reports)
    }

    private func parse(_ body: FeedBody, report: inout FeedReport) -> FeedDocument? {
        do {
            return try FeedParser.parse(body.bytes, url: body.url, httpCharset: body.charset)
        } catch {
            report.status = .failed(error.description)
            return nil
        }
    }

    private func isDeferred(_ feed: Config.Feed, _ state: FetchState) -> Bool {
        guard let until = state.feeds[feed.url]?.retryAfter else { return false }
        return until > now
    }

    /// An HTTP result -> the body to parse, or the report's status and the feed's state.
    private func interpret(_ result: Result<HTTPResponse, HTTPFailure>, feedState: inout FetchState.FeedState,
                           report: inout FeedReport) -> FeedBody? {
        switch result {
        case .failure(let failure):
            report.status = .failed(failure.description)
            return nil
        case .success(let response):
            feedState.lastFetched = now
            feedState.retryAfter = nil
            switch response.status {
            case 200..<300:
                feedState.etag = response.headers["etag"]
                feedState.lastModified = response.headers["last-modified"]
                return FeedBody(bytes: response.body, url: response.url, charset: response.charset)
            case 304:
                report.status = .unchanged
            case 429, 503:
                var why = "HTTP \(response.status)"
                if let until = response.retryAfter(now: now) {
                    feedState.retryAfter = until
                    why += "; skipped until \(ISODate.utc(until)) (Retry-After)"
                }
                report.status = .failed(why)
            default:
                report.status = .failed("HTTP \(response.status)")
            }
            return nil
        }
    }
}
