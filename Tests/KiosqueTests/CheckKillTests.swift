import Foundation
import Testing

/// `kiosque check --external` killed (SIGKILL) at seeded instants: `.kiosque/links.json`,
/// the one file it writes, is absent or a whole cache (the old one or the new), and the next
/// check completes, leaves no temporary file and has nothing else of the site changed.
@Suite(.serialized) struct CheckKillTests {
    @Test func aKilledCheckLeavesTheLinkCacheWholeOrAbsent() throws {
        let server = TestServer.shared
        let site = try TempSite()
        defer { site.remove() }
        let tag = UUID().uuidString
        // Fresh links every run (the cache would answer the old ones), some slow, one broken.
        var round = 0
        func writeArticle() throws {
            round += 1
            var body = "- [manquant](\(server.url("/missing"))?t=\(tag)-\(round))\n"
            for n in 0..<6 { body += "- [lent](\(server.url("/link/slow/\(n)"))?t=\(tag)-\(round))\n" }
            try site.article("liens", date: "2026-02-06T10:00:00Z", body: body)
        }
        let args = ["check", "--site", site.root, "--now", "2026-03-01T12:00:00Z", "--external"]
        let cache = site.path(".kiosque/links.json")
        let log = site.path("check.log")
        func cacheIsWhole(_ when: String, _ t: Double) {
            guard let data = FileManager.default.contents(atPath: cache) else { return }
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?["links"] is [String: Any], "\(when): links.json is not a whole cache (seed \(KillHarness.seed), instant \(t))")
        }
        func others() -> [String: Data] { fileTree(site.root).filter { !$0.key.hasPrefix(".kiosque/") && $0.key != "check.log" } }

        try writeArticle()
        let timed = try KillHarness.run(args, killAfter: nil, log: log)
        #expect(timed.status == 1, "the broken link is an error")
        var killed = 0
        for t in KillHarness.instants(duration: timed.seconds) {
            try writeArticle()
            let before = others()
            let run = try KillHarness.run(args, killAfter: t, log: log)
            if run.killed { killed += 1 }
            cacheIsWhole("after a kill", t)
            let next = try KillHarness.run(args, killAfter: nil, log: log)
            #expect(next.status == 1, "the next check did not finish (seed \(KillHarness.seed), instant \(t))")
            cacheIsWhole("after the next check", t)
            let text = FileManager.default.contents(atPath: cache).map { String(decoding: $0, as: UTF8.self) } ?? ""
            #expect(text.contains("/missing?t=\(tag)-\(round)"), "the next check did not record this round (instant \(t))")
            let debris = ((try? FileManager.default.contentsOfDirectory(atPath: site.path(".kiosque"))) ?? []).filter { $0 != "links.json" }
            #expect(debris.isEmpty, "left \(debris) (seed \(KillHarness.seed), instant \(t))")
            #expect(others() == before, "check changed the site (instant \(t))")
        }
        print("CheckKillTests: \(KillHarness.points) instants, \(killed) runs killed before the end, seed \(KillHarness.seed)")
    }
}
