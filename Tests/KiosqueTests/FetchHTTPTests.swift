import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// `kiosque fetch` against a real HTTP server on 127.0.0.1 (Support/feed_server.py). Each
/// test adds a query of its own to the paths, so that its requests can be counted apart.
@Suite struct FetchHTTPTests {
    let server = TestServer.shared
    static let now: Timestamp = 1_795_910_400

    func site(_ path: String) throws -> TestSite {
        try TestSite(feeds: [(server.url(path), "Serveur", nil)])
    }

    func run(_ site: TestSite, now: Timestamp = FetchHTTPTests.now, _ tune: (inout FetchOptions) -> Void = { _ in }) throws -> FeedReport {
        let config = try site.config()
        var options = FetchOptions(site: config.site)
        options.timeout = 5
        tune(&options)
        return try FetchRun(config: config, options: options, now: now).run().feeds[0]
    }

    @Test func conditionalGetSecondRunIs304AndWritesNothing() throws {
        let site = try site("/feed.xml?t=conditional")
        defer { site.remove() }
        let first = try run(site)
        #expect(first.status == .fetched)
        #expect(first.counts.new == 1)
        let files = site.articles()
        #expect(files == ["content/articles/2026/11/23/premier-article-du-serveur-de-test.md"])
        let text = site.read(files[0])
        #expect(text.contains("source_url: \"\(server.url("/articles/1"))\""))

        let second = try run(site)
        #expect(second.status == .unchanged)
        #expect(second.counts == IngestCounts())
        #expect(site.articles().map(site.read) == [text])
        let sent = server.requests().filter { $0["path"] as? String == "/feed.xml?t=conditional" }
        #expect(sent.count == 2)
        #expect(sent.last?["if_none_match"] as? String == "\"v1\"")
        #expect(sent.last?["if_modified_since"] as? String == "Mon, 23 Nov 2026 08:00:00 GMT")
        #expect((sent.first?["user_agent"] as? String)?.hasPrefix("Kiosque/") == true)
        #expect((sent.first?["user_agent"] as? String)?.hasSuffix("(+https://www.example.com/)") == true)
    }

    @Test func timeout() throws {
        let site = try site("/slow.xml?t=timeout")
        defer { site.remove() }
        let started = Date()
        let report = try run(site) { $0.timeout = 1 }
        #expect(report.status == .failed("timed out after 1 s"))
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func redirectIsFollowedAndLinksResolveAgainstTheFinalURL() throws {
        let site = try site("/redirect?t=redirect")
        defer { site.remove() }
        let report = try run(site)
        #expect(report.status == .fetched)
        #expect(report.counts.new == 1)
    }

    @Test func redirectLoop() throws {
        let site = try site("/loop?t=loop")
        defer { site.remove() }
        #expect(try run(site).status == .failed("more than 5 redirects"))
    }

    @Test(arguments: [("/missing", "HTTP 404"), ("/error", "HTTP 500"), ("/page.html", "an HTML page, not a feed")])
    func failures(path: String, why: String) throws {
        let site = try site(path + "?t=failures")
        defer { site.remove() }
        #expect(try run(site).status == .failed(why))
    }

    @Test func tooManyRequestsIsRespected() throws {
        let site = try site("/busy?t=429")
        defer { site.remove() }
        let first = try run(site)
        #expect(first.status == .failed("HTTP 429; skipped until \(ISODate.utc(Self.now + 120)) (Retry-After)"))
        let soon = try run(site, now: Self.now + 60)
        #expect(soon.status == .deferred(until: Self.now + 120))
        #expect(server.requestCount("/busy?t=429") == 1)
        _ = try run(site, now: Self.now + 121)
        #expect(server.requestCount("/busy?t=429") == 2)
    }

    @Test func gzip() throws {
        let site = try site("/gzip.xml?t=gzip")
        defer { site.remove() }
        let report = try run(site)
        #expect(report.status == .fetched)
        #expect(report.counts.new == 1)
    }

    @Test func oversizeBodyIsCutOff() throws {
        let site = try site("/big.xml?t=big")
        defer { site.remove() }
        let started = Date()
        #expect(try run(site) { $0.maxBodyBytes = 1 << 20 }.status == .failed("body larger than 1 MiB, cut off"))
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func gzipBombIsCutOff() throws {
        let site = try site("/bomb.xml?t=bomb")
        defer { site.remove() }
        #expect(try run(site) { $0.maxBodyBytes = 1 << 20 }.status == .failed("body larger than 1 MiB, cut off"))
    }

    @Test func boundedConcurrencyFetchesEveryFeed() throws {
        let feeds = (0..<24).map { (server.url("/latency/\($0).xml?t=pool"), "Flux \($0)", String?.none) }
        let site = try TestSite(feeds: feeds)
        defer { site.remove() }
        let config = try site.config()
        var options = FetchOptions(site: config.site)
        options.concurrency = 8
        let report = try FetchRun(config: config, options: options, now: Self.now).run()
        #expect(report.feeds.allSatisfy { $0.status == .fetched && $0.counts.new == 1 })
        // The server counts the requests it answers at once (each takes 100 ms): several, never
        // more than the option allows.
        let most = server.mostAtOnce(query: "t=pool")
        let peak = most["127.0.0.1:\(server.port)"] ?? 0
        #expect(peak > 1 && peak <= 8, "\(most)")
    }

    @Test func inspectLoaderReadsURLs() throws {
        let body = try FeedLoader(options: FetchOptions()).load(.http(server.url("/redirect?t=loader")))
        #expect(body.url == server.url("/feed.xml"))
        #expect(body.charset == "utf-8")
    }
}
