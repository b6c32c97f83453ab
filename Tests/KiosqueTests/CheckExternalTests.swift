import Fetch
import Foundation
import KiosqueCore
import Testing

/// `kiosque check --external` against the real test server (Support/feed_server.py): HEAD,
/// then GET when HEAD is refused; a 404 is an error at the link's line, a 429's Retry-After
/// is honoured; at most 2 requests at once to a host; answers kept in `.kiosque/links.json`.
@Suite(.serialized) struct CheckExternalTests {
    static let now = "2026-03-01T12:00:00Z"
    let server = TestServer.shared

    func check(_ site: TempSite) throws -> CLI.Result {
        try CLI.run(["check", "--site", site.root, "--now", Self.now, "--external"])
    }

    /// One article whose body links to each of `paths` of the server, one per line from
    /// line 6; `tag` keeps this test's requests apart in the server's log.
    func site(_ paths: [String], tag: String) throws -> (TempSite, String) {
        let site = try TempSite()
        let body = paths.map { "- [lien](\(server.url($0))?t=\(tag))\n" }.joined()
        let file = try site.article("liens", title: "Des liens vers d’autres sites", date: "2026-02-06T10:00:00Z", body: body)
        return (site, file)
    }

    func requests(_ tag: String) -> [(method: String, path: String)] {
        server.requests().compactMap { r in
            guard let path = r["path"] as? String, let query = path.range(of: "?t=\(tag)") else { return nil }
            return (r["method"] as? String ?? "", String(path[..<query.lowerBound]))
        }
    }

    @Test func eachLinkIsAskedOnceAndReportedAtItsLine() throws {
        let tag = UUID().uuidString
        let (site, file) = try site(["/link/ok", "/missing", "/link/no-head", "/redirect", "/busy"], tag: tag)
        defer { site.remove() }
        let r = try check(site)
        #expect(r.status == 1, "\(r.stdout)")
        let url = { (p: String) in "\(self.server.url(p))?t=\(tag)" }
        #expect(r.stdout.contains("\(file):7: error: external link '\(url("/missing"))': HTTP 404 (fix or remove the link)\n"), "\(r.stdout)")
        let busy = r.stdout.split(separator: "\n").filter { $0.contains("/busy") }
        #expect(busy.count == 1 && busy[0].hasPrefix("\(file):10: warning: external link '\(url("/busy"))': HTTP 429"), "\(r.stdout)")
        #expect(busy.first?.contains("(Retry-After)") == true)
        #expect(!r.stdout.contains("/link/ok") && !r.stdout.contains("/link/no-head") && !r.stdout.contains("/redirect"), "\(r.stdout)")
        #expect(r.stdout.contains("check: 1 error, 1 warning in "))

        // HEAD first; GET only where HEAD was refused; the redirect followed.
        let asked = requests(tag)
        #expect(asked.filter { $0.method == "GET" }.map(\.path) == ["/link/no-head"], "\(asked)")
        #expect(Set(asked.filter { $0.method == "HEAD" }.map(\.path)) == ["/link/ok", "/missing", "/link/no-head", "/redirect", "/busy"])

        // The answers are kept: a second check asks nothing, the 429 included (Retry-After: 120 s).
        let cache = try #require(FileManager.default.contents(atPath: site.path(".kiosque/links.json")))
        let links = try #require((try JSONSerialization.jsonObject(with: cache) as? [String: Any])?["links"] as? [String: Any])
        #expect(links.count == 5, "\(links.keys)")
        let again = try check(site)
        func findings(_ r: CLI.Result) -> [Substring] { r.stdout.split(separator: "\n").dropLast() }
        #expect(findings(again) == findings(r), "\(again.stdout)")
        #expect(requests(tag).count == asked.count, "the second check asked again")

        // The 429's Retry-After holds for its host: a new link there is not asked before then.
        try site.write(file, try String(contentsOfFile: site.path(file), encoding: .utf8) + "- [nouveau](\(url("/link/ok"))-bis)\n")
        let later = try check(site)
        #expect(requests(tag).count == asked.count, "a link of a host that said Retry-After was asked")
        #expect(later.stdout.contains("\(file):11: warning: external link '\(url("/link/ok"))-bis': not checked: its server asked not to be asked again before "), "\(later.stdout)")
    }

    @Test func aTemplateLinkIsAskedOnceAndReportedOnce() throws {
        let tag = UUID().uuidString
        let (site, _) = try site([], tag: tag)
        defer { site.remove() }
        let missing = "\(server.url("/missing"))?t=\(tag)"
        try site.write("templates/footer.mustache", "<footer><a href=\"\(missing)\">Partenaire</a></footer>\n")
        let r = try check(site)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("/missing") }
        #expect(lines.count == 1, "\(r.stdout)")
        #expect(lines.first?.hasPrefix("public/404.html: error: external link '\(missing)' in the templates: HTTP 404 (fix or remove the link; on ") == true, "\(r.stdout)")
        #expect(lines.first?.hasSuffix(" other pages too)") == true)
        #expect(requests(tag).count == 1, "asked once for every page")
    }

    @Test func aStaleCacheIsAskedAgain() throws {
        let tag = UUID().uuidString
        let (site, _) = try site(["/link/ok"], tag: tag)
        defer { site.remove() }
        #expect(try check(site).status == 0)
        let path = site.path(".kiosque/links.json")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        // Answered 25 hours ago.
        let old = ISODate.utc(Timestamp(Date().timeIntervalSince1970) - 25 * 3600)
        text = text.replacingOccurrences(of: #""checked" : "[^"]+""#, with: "\"checked\" : \"\(old)\"", options: .regularExpression)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try check(site).status == 0)
        #expect(requests(tag).count == 2)
    }

    @Test func atMostTwoRequestsAtOnceToAHost() throws {
        let tag = UUID().uuidString
        // Two hosts of the same server: 127.0.0.1 and localhost.
        let site = try TempSite()
        defer { site.remove() }
        var body = ""
        for n in 0..<8 {
            body += "- [a](http://127.0.0.1:\(server.port)/link/slow/\(n)?t=\(tag)) [b](http://localhost:\(server.port)/link/slow/\(n)?t=\(tag))\n"
        }
        try site.article("lents", date: "2026-02-06T10:00:00Z", body: body)
        #expect(try check(site).status == 0)
        #expect(requests(tag).count == 16)
        let most = server.mostAtOnce(query: "t=\(tag)")
        #expect(most["127.0.0.1:\(server.port)"] == 2, "\(most)")
        #expect(most["localhost:\(server.port)"] == 2, "\(most)")
    }

    @Test func aServerThatDoesNotAnswerInTenSecondsIsAWarning() throws {
        let tag = UUID().uuidString
        let (site, file) = try site(["/link/timeout"], tag: tag)
        defer { site.remove() }
        let r = try check(site)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("\(file):6: warning: external link '\(server.url("/link/timeout"))?t=\(tag)': could not check it: timed out after 10 s (check it in a browser)"), "\(r.stdout)")
        // Not kept: the next check asks again.
        let cache = FileManager.default.contents(atPath: site.path(".kiosque/links.json")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(!cache.contains("/link/timeout"))
    }

    @Test func withoutExternalNothingIsAsked() throws {
        let tag = UUID().uuidString
        let (site, _) = try site(["/missing"], tag: tag)
        defer { site.remove() }
        let r = try CLI.run(["check", "--site", site.root, "--now", Self.now])
        #expect(r.status == 0)
        #expect(requests(tag).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: site.path(".kiosque")))
    }
}
