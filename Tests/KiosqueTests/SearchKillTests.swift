import Foundation
import Testing

/// `kiosque build` killed at seeded instants while it rewrites the search index (articles
/// added, edited and deleted; the index kept between builds thrown away or not): after each
/// kill every index file is one its client can read (its old or its new version, whole), and
/// the next build makes the clean build's index, byte for byte, and answers the client's
/// queries as it does.
@Suite(.serialized) struct SearchKillTests {
    static var queries: [(String, [String: Any])] {
        [("BCEAO", [:]), ("cacao ivoirien", [:]), ("Sonatel dividende", ["limit": 5]), ("mise à jour", [:]), ("coton", ["sector": "energie"])]
    }

    @Test func killedBuildsLeaveAnIndexTheClientReads() throws {
        let s = try BuildKillTests.Switcher()
        defer { s.site.remove() }
        func answers(_ dir: String) throws -> [[String]] { try SearchClient.search(dir, Self.queries).map { $0.map(\.path) } }
        var want: [Bool: [[String]]] = [:], files: [Bool: [String: Data]] = [:]
        for b in [false, true] {
            try s.show(b)
            let dir = s.site.path("reference-\(b)")
            #expect(try s.build(["--clean"], output: dir).status == 0, "\(s.log)")
            want[b] = try answers(dir)
            files[b] = fileTree(dir).filter { $0.key.hasPrefix("search/") }
            try FileManager.default.removeItem(atPath: dir)
        }
        #expect(want[false] != want[true], "the two contents must answer differently")
        try s.show(false)
        #expect(try s.build().status == 0, "\(s.log)")
        try s.show(true)
        let timed = try s.build()
        #expect(timed.status == 0, "\(s.log)")

        var current = true, killed = 0, violations: [String] = []
        var g = KillHarness.Generator(seed: KillHarness.seed ^ 0x5EA)
        for (k, instant) in KillHarness.instants(duration: timed.seconds, seed: KillHarness.seed ^ 0x5EA).enumerated() {
            let point = "seed \(KillHarness.seed), point \(k), kill at \(String(format: "%.4f", instant)) s"
            let from = current, to = !current
            try s.show(to)
            if g.next() % 4 == 0 { try? FileManager.default.removeItem(atPath: s.site.path(".kiosque/build/search/catalog.bin")) }
            let run = try s.build(killAfter: instant)
            if run.killed { killed += 1 } else if run.status != 0 { violations.append("\(point): exit \(run.status)") }
            for (path, bytes) in fileTree(s.site.publicDir) where path.hasPrefix("search/") && bytes != files[from]![path] && bytes != files[to]![path] {
                violations.append("\(point): \(path) is neither its old nor its new version")
            }
            current = Bool.random(using: &g) ? to : from
            try s.show(current)
            let next = try s.build()
            if next.status != 0 { violations.append("\(point): the next build failed (\(next.status))") }
            let now = fileTree(s.site.publicDir).filter { $0.key.hasPrefix("search/") }
            let differing = Set(now.keys).union(files[current]!.keys).filter { now[$0] != files[current]![$0] }
            if !differing.isEmpty { violations.append("\(point): after the next build \(differing.sorted().prefix(3)) differ from a clean build's") }
            let got = try answers(s.site.publicDir)
            if got != want[current]! { violations.append("\(point): the next build answers \(got), a clean one \(want[current]!)") }
        }
        print("search kill test: \(KillHarness.points) points, \(killed) killed mid-build, \(violations.count) violations")
        #expect(killed > 0, "no instant fell inside a build (seed \(KillHarness.seed))")
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }
}
