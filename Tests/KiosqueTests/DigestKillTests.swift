import Foundation
import Testing

/// `kiosque digest` SIGKILLed at seeded instants while it replaces a day's newsletter: each
/// file is the old one or the new one, the `.eml` (what `send` mails) is never newer than the
/// other two, and the next run completes the set and leaves no temporary file behind.
@Suite struct DigestKillTests {
    static let day = "2026-02-06"

    @Test func killedAtAnyInstantLeavesOldFilesOrNewOnes() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let digest = ["digest", "--site", site.root, "--date", Self.day, "--now", "2026-02-06T18:00:00Z"]
        let output = site.path("runs.log")
        let names = ["html", "web.html", "txt", "eml"].map { "digests/\(Self.day).\($0)" }
        func files() -> [Data?] { names.map { FileManager.default.contents(atPath: site.path($0)) } }

        try #require(try CLI.run(digest).status == 0)
        let old = files()
        try site.article("cacao", title: "Le cacao atteint un record", date: "2026-02-06T12:00:00Z", sector: "marches",
                         summary: "Les cours du cacao battent un nouveau record à Londres.")
        let full = try KillHarness.run(digest, killAfter: nil, log: output)
        let new = files()
        try #require(full.status == 0 && zip(old, new).allSatisfy { $0 != $1 }, "see \(output)")

        let seed = KillHarness.seed
        var violations: [String] = []
        var leftovers = 0
        func temporaries() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: site.path("digests")).filter { $0.contains(".tmp-") }
        }
        for (i, t) in KillHarness.instants(duration: full.seconds, seed: seed).enumerated() {
            for (name, bytes) in zip(names, old) { _ = FileManager.default.createFile(atPath: site.path(name), contents: bytes) }
            let run = try KillHarness.run(digest, killAfter: t, log: output)
            let point = "seed \(seed), point \(i), killed at \(String(format: "%.4f s", t))\(run.killed ? "" : " (it had finished)")"
            let now = files()
            for (k, name) in names.enumerated() where now[k] != old[k] && now[k] != new[k] {
                violations.append("\(point): \(name) is neither the old file nor the new one")
            }
            if now[3] == new[3] && now[..<3] != new[..<3] {
                violations.append("\(point): the .eml was replaced before the .html, .web.html and .txt")
            }
            if try !temporaries().isEmpty { leftovers += 1 }
            let again = try CLI.run(digest)
            let left = try temporaries()
            if again.status != 0 || files() != new || !left.isEmpty {
                violations.append("\(point): the next run exited \(again.status), left \(left), files new: \(files() == new)")
            }
        }
        print("DigestKillTests: \(KillHarness.points) points, seed \(seed), \(leftovers) left temporary files (removed by the next run), \(violations.count) violations")
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
