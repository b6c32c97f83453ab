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
}

public struct FetchReport: Sendable {
    public var feeds: [FeedReport]
    public var anyFailed: Bool { feeds.contains { if case .failed = $0.status { return true } else { return false } } }
}

/// One `kiosque fetch`: take the site's lock, fetch every feed (HTTP ones together,
/// bounded), then parse and ingest them one by one in the configured order, and save the
/// state. One feed's failure is reported and the others go on.
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
    public var statePath: String { config.resolve("\(FetchRun.stateFolder)/state.json") }
    public var lockPath: String { config.resolve("\(FetchRun.stateFolder)/fetch.lock") }

    /// Throws when the run cannot start (lock held, state unreadable) or the state cannot be saved.
    public func run() throws -> FetchReport {
        let lock = try FetchLock(path: lockPath)
        defer { withExtendedLifetime(lock) {} }
        var ingester = Ingester(config: config, state: try FetchState.load(statePath), now: now)

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
            let before = ingester.state
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
            if let body {
                do {
                    let doc = try FeedParser.parse(body.bytes, url: body.url, httpCharset: body.charset)
                    report.repairs = doc.repairs
                    report.counts = ingester.ingest(doc.items, feed: feed)
                } catch {
                    report.status = .failed(error.description)
                }
            }
            ingester.state.feeds[feed.url] = feedState
            if ingester.state != before {
                try FetchState.journal(ingester.state.delta(since: before, feed: feed.url), statePath: statePath)
            }
            reports.append(report)
        }
        // The whole state once, at the end; until then each feed's changes are in the journal.
        try ingester.state.save(statePath)
        return FetchReport(feeds: reports)
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
                if let until = response.headers["retry-after"].flatMap(retryAfter) {
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

    /// `Retry-After: 120` or an HTTP date; at most a week away.
    func retryAfter(_ value: String) -> Timestamp? {
        let until: Timestamp
        if let seconds = Int64(value.trimmingWhitespace) {
            until = now + max(0, seconds)
        } else if let date = FeedDate.parse(value) {
            until = date
        } else {
            return nil
        }
        return min(until, now + 7 * 86_400)
    }
}
