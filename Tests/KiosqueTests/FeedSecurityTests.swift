import Foundation
import Testing
@testable import Feeds

/// XML attacks: no external entity or DTD is ever loaded (no file read, no request), and
/// entity expansion stays bounded.
@Suite struct FeedSecurityTests {
    let server = TestServer.shared

    func secretFile() throws -> String {
        let path = NSTemporaryDirectory() + "kiosque-secret-\(UUID().uuidString).txt"
        try "SECRET-FROM-A-LOCAL-FILE".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func xxeToALocalFile() throws {
        let secret = try secretFile()
        defer { try? FileManager.default.removeItem(atPath: secret) }
        for recover in ["", "&eacute;"] {  // the strict parse and the recovering one
            let feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://\(secret)"><!ENTITY % p SYSTEM "file://\(secret)"> %p;]>
            <rss version="2.0"><channel><title>T&xxe;\(recover)</title>
            <item><title>&xxe;</title><description>&xxe;</description><guid>x</guid></item></channel></rss>
            """
            let doc = try? FeedParser.parse(Array(feed.utf8))
            let json = doc?.inspectJSON() ?? ""
            #expect(!json.contains("SECRET"))
        }
    }

    @Test func xxeToALocalURLMakesNoRequest() throws {
        let url = server.url("/secret.txt?t=xxe")
        let dtd = server.url("/secret.txt?t=xxe-dtd")
        let feeds = [
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"\(url)\">]><rss version=\"2.0\"><channel><title>&xxe;</title></channel></rss>",
            "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"\(dtd)\"><rss version=\"2.0\"><channel><title>&nbsp;&xxe;</title></channel></rss>",
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % d SYSTEM \"\(dtd)\"> %d;]><rss version=\"2.0\"><channel><title>x</title></channel></rss>",
        ]
        for feed in feeds {
            let json = (try? FeedParser.parse(Array(feed.utf8)).inspectJSON()) ?? ""
            #expect(!json.contains("SECRET"))
        }
        let reached = server.requests().compactMap { $0["path"] as? String }.filter { $0.contains("t=xxe") }
        #expect(reached.isEmpty)
    }

    @Test func billionLaughsStaysBounded() throws {
        var dtd = "<!ENTITY lol \"lol\">"
        for i in 1...9 {
            let prev = i == 1 ? "lol" : "lol\(i - 1)"
            dtd += "<!ENTITY lol\(i) \"" + String(repeating: "&\(prev);", count: 10) + "\">"
        }
        let feed = "<?xml version=\"1.0\"?><!DOCTYPE rss [\(dtd)]><rss version=\"2.0\"><channel><title>&lol9;</title>"
            + "<item><title>&lol9;</title><description>&lol9;</description><guid>g</guid></item></channel></rss>"
        let started = Date()
        let doc = try? FeedParser.parse(Array(feed.utf8))
        #expect(Date().timeIntervalSince(started) < 2)
        #expect((doc?.inspectJSON().utf8.count ?? 0) < 10_000)
    }

    /// feedparser's 2,100 fixtures, in `../shared/conformance/` beside the repository.
    static let fixtures = packageRoot + "/../shared/conformance/feedparser-fixtures/tests"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: fixtures), "needs ../shared/conformance beside the repository"))
    func everyConformanceFixtureParsesOrFailsCleanly() throws {
        // None may crash or hang.
        let root = Self.fixtures
        let files = try #require(FileManager.default.enumerator(atPath: root)?.allObjects as? [String])
        var parsed = 0
        for file in files where file.hasSuffix(".xml") || file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: root + "/" + file) else { continue }
            if (try? FeedParser.parse([UInt8](data))) != nil { parsed += 1 }
        }
        #expect(parsed > 2000)
    }
}
