import Foundation
import Testing

/// `kiosque build` killed (SIGKILL) at seeded random instants, full and incremental. After
/// each kill the output must hold the old site or the new one (a full build), or only whole
/// files of either with no reachable page linking to a missing one (an incremental build);
/// the next build, toward the new content or back to the old, must equal a clean build and
/// leave no debris.
@Suite(.serialized) struct BuildKillTests {
    typealias Tree = [String: Data]

    /// A site that switches between two contents: `a` (articles 0..<150) and `b` (10 of them
    /// deleted, 15 edited, 15 added).
    struct Switcher {
        let site: TempSite
        static let base = 0..<150
        static let deleted = 0..<10
        static let edited = stride(from: 20, to: 50, by: 2)
        static let added = 150..<165

        init() throws {
            site = try TempSite()
            for n in Self.base { try GeneratedArticles.write(n, into: site) }
        }

        func show(_ b: Bool) throws {
            for n in Self.deleted {
                let a = GeneratedArticles.article(n)
                let path = site.path("content/articles/\(a.folder)/\(a.slug).md")
                if b { try? FileManager.default.removeItem(atPath: path) } else { try GeneratedArticles.write(n, into: site) }
            }
            for n in Self.edited { try GeneratedArticles.write(n, revision: b ? 1 : 0, into: site) }
            for n in Self.added {
                let a = GeneratedArticles.article(n)
                let path = site.path("content/articles/\(a.folder)/\(a.slug).md")
                if b { try GeneratedArticles.write(n, into: site) } else { try? FileManager.default.removeItem(atPath: path) }
            }
        }

        static let now = "2026-03-01T12:00:00Z"

        func build(_ extra: [String] = [], output: String? = nil, killAfter: Double? = nil) throws -> KillHarness.Run {
            var args = ["build", "--site", site.root, "--now", Self.now] + extra
            if let output { args += ["--output", output] }
            return try KillHarness.run(args, killAfter: killAfter, log: site.path("build.log"))
        }

        /// The clean build of content `a` or `b`, made once, outside the site's output.
        func reference(_ b: Bool) throws -> Tree {
            try show(b)
            let dir = site.path("reference-\(b ? "b" : "a")")
            let run = try build(["--clean"], output: dir)
            #expect(run.status == 0, "the reference build failed: \(log)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            return fileTree(dir)
        }

        var log: String { site.output("build.log", in: site.root) ?? "" }
    }

    /// Debris a finished build must not leave: staging folders beside the output, temporary
    /// files of the build cache.
    static func debris(_ site: TempSite) -> [String] {
        let beside = ((try? FileManager.default.contentsOfDirectory(atPath: site.root)) ?? []).filter { $0.hasPrefix(".public.tmp-") }
        let cache = ((try? FileManager.default.contentsOfDirectory(atPath: site.path(".kiosque/build"))) ?? []).filter { $0.contains(".tmp-") }
        return beside + cache
    }

    /// Pages reachable from the home page whose links (under the base URL) lead nowhere.
    static func brokenLinks(_ dir: String, base: String = SmallSite.base) -> [String] {
        var seen: Set<String> = ["index.html"], queue = ["index.html"], broken: [String] = []
        while let page = queue.popLast() {
            guard let html = FileManager.default.contents(atPath: dir + "/" + page) else { continue }
            for link in Markup.html(String(decoding: html, as: UTF8.self), "//@href | //@src") where link.hasPrefix(base) {
                var rel = String(link.dropFirst(base.count))
                if let cut = rel.firstIndex(where: { $0 == "#" || $0 == "?" }) { rel = String(rel[..<cut]) }
                let file = rel.isEmpty || rel.hasSuffix("/") ? rel + "index.html" : rel
                guard FileManager.default.fileExists(atPath: dir + "/" + file) else {
                    broken.append("\(page) -> \(file)")
                    continue
                }
                if file.hasSuffix(".html"), seen.insert(file).inserted { queue.append(file) }
            }
        }
        return broken
    }

    func killTrial(full: Bool) throws {
        let s = try Switcher()
        defer { s.site.remove() }
        let trees = [false: try s.reference(false), true: try s.reference(true)]
        try s.show(false)
        #expect(try s.build().status == 0, "\(s.log)")
        // How long the killed build takes uninterrupted, to spread the instants over it.
        try s.show(true)
        let timed = try s.build(full ? ["--clean"] : [])
        #expect(timed.status == 0, "\(s.log)")
        var current = true
        var g = KillHarness.Generator(seed: KillHarness.seed ^ (full ? 1 : 2))
        var killed = 0, violations: [String] = []
        for (k, instant) in KillHarness.instants(duration: timed.seconds, seed: KillHarness.seed ^ (full ? 1 : 2)).enumerated() {
            let point = "seed \(KillHarness.seed), \(full ? "full" : "incremental") point \(k), kill at \(String(format: "%.4f", instant)) s"
            let from = current, to = !current
            try s.show(to)
            let run = try s.build(full ? ["--clean"] : [], killAfter: instant)
            if run.killed { killed += 1 } else if run.status != 0 { violations.append("\(point): exit \(run.status)") }
            let after = fileTree(s.site.publicDir)
            if full {
                if after != trees[from]! && after != trees[to]! {
                    violations.append("\(point): public/ is neither the old site nor the new one")
                }
            } else {
                for (path, bytes) in after where path != ".kiosque-manifest" && bytes != trees[from]![path] && bytes != trees[to]![path] {
                    violations.append("\(point): \(path) is neither its old nor its new version")
                }
                // The inventory may list more (what was about to be written), never less.
                let listed = Set(String(decoding: after[".kiosque-manifest"] ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init))
                let unlisted = after.keys.filter { $0 != ".kiosque-manifest" && !listed.contains($0) }
                if !unlisted.isEmpty { violations.append("\(point): files missing from the inventory: \(unlisted.prefix(3))") }
                let broken = Self.brokenLinks(s.site.publicDir)
                if !broken.isEmpty { violations.append("\(point): broken links \(broken.prefix(3))") }
            }
            // The next build goes on to the new content, or back to the old one.
            current = Bool.random(using: &g) ? to : from
            try s.show(current)
            let next = try s.build()
            if next.status != 0 { violations.append("\(point): the next build failed (\(next.status))") }
            if fileTree(s.site.publicDir) != trees[current]! {
                let now = fileTree(s.site.publicDir), want = trees[current]!
                let differing = Set(now.keys).union(want.keys).filter { now[$0] != want[$0] }.sorted()
                violations.append("\(point): the next build differs from a clean one: \(differing.prefix(3))")
            }
            let left = Self.debris(s.site)
            if !left.isEmpty { violations.append("\(point): debris left: \(left)") }
        }
        print("build kill test (\(full ? "full" : "incremental")): \(KillHarness.points) points, \(killed) killed mid-build, \(violations.count) violations")
        #expect(killed > 0, "no instant fell inside a build (seed \(KillHarness.seed))")
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }

    @Test func fullBuildsKilledLeaveTheOldSiteOrTheNew() throws { try killTrial(full: true) }

    @Test func incrementalBuildsKilledLeaveWholeFilesAndNoBrokenLinks() throws { try killTrial(full: false) }
}
