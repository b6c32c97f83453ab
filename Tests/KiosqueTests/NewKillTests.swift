import Content
import Foundation
import KiosqueCore
import Testing

/// `kiosque new` killed (SIGKILL) at seeded instants: every article file in the day folder is
/// whole (exactly the draft's bytes) or absent, and the next run, which completes, leaves no
/// temporary file behind.
@Suite(.serialized) struct NewKillTests {
    @Test func aKilledNewLeavesAWholeFileOrNone() throws {
        let site = try TempSite()
        defer { site.remove() }
        let config = try Config.load(siteDirectory: site.root)
        let title = "Le cours du cacao recule de 4 % à Londres"
        let date = "2026-02-06T09:30:00Z"
        let expected = try NewArticle(title: title, sector: "economie", date: ts(date), config: config).text
        let args = ["new", title, "--sector", "economie", "--date", date, "--site", site.root]
        let folder = site.path("content/articles/2026/02/06")
        let log = site.path("new.log")

        func check(_ when: String, instant: Double?) throws {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where !name.hasPrefix(".") {
                let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
                #expect(text == expected, "\(when): \(name) is not whole (seed \(KillHarness.seed), instant \(instant ?? -1))")
            }
            for name in names where name.hasPrefix(".") {
                #expect(name.contains(".md.tmp-"), "\(when): unexpected \(name) (seed \(KillHarness.seed), instant \(instant ?? -1))")
            }
        }

        let timed = try KillHarness.run(args, killAfter: nil, log: log)
        #expect(timed.status == 0)
        var killed = 0
        for t in KillHarness.instants(duration: timed.seconds) {
            let run = try KillHarness.run(args, killAfter: t, log: log)
            if run.killed { killed += 1 }
            try check("after a kill", instant: t)
            let next = try KillHarness.run(args, killAfter: nil, log: log)
            #expect(next.status == 0, "the next run failed (seed \(KillHarness.seed), instant \(t))")
            try check("after the next run", instant: t)
            let debris = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".") }
            #expect(debris.isEmpty, "the next run left \(debris) (seed \(KillHarness.seed), instant \(t))")
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }
        // One file per completed run, at least; a killed run adds one or none.
        #expect(files.count >= KillHarness.points + 1)
        print("NewKillTests: \(KillHarness.points) instants, \(killed) runs killed before the end, seed \(KillHarness.seed)")
    }
}
