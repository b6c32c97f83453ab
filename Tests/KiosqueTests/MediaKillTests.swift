import Foundation
import KiosqueCore
import Site
import Testing
@testable import Fetch

/// Images under SIGKILL at seeded instants. `kiosque fetch` killed while it downloads and
/// writes a feed's images: no half image is ever at a real name (each file's bytes match the
/// hash in its name), and the next run completes (no temp left, every item written, every
/// image it points at there). `kiosque build` killed during its image pass and its writes:
/// the output holds whole files only, and the next build gives what a clean build gives.
@Suite(.serialized) struct MediaKillTests {
    /// A site fed by one local RSS feed whose items (`perRun` more each cycle) carry two
    /// images each from the test server, served 50 ms late.
    struct World {
        static let perRun = 6
        let site: TestSite
        var cycle = 0

        init() throws {
            site = try TestSite(feeds: [("feeds/images.xml", "Le Quotidien de la BRVM", "actions")])
        }

        mutating func advance() throws {
            cycle += 1
            let server = TestServer.shared
            var items: [String] = []
            for k in 1...cycle {
                for j in 0..<Self.perRun {
                    let n = k * 100 + j
                    let lead = server.url("/img/slow/\(400 + j * 40)x300/\(n).png"), body = server.url("/img/slow/320x200/\(n + 50).png")
                    let html = "<p>Séance \(n) : les volumes progressent.</p><p><img src=\"\(body)\" alt=\"Graphique \(n)\"></p>"
                    items.append("""
                    <item><title>La BRVM gagne \(n) points à la clôture</title><link>https://quotidien-brvm.example/\(n)</link>
                    <guid>img-\(n)</guid><pubDate>Mon, 23 Nov 2026 08:\(String(format: "%02d", j * 5)):00 +0000</pubDate>
                    <enclosure url="\(lead)" type="image/png" length="0"/>
                    <description>\(html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))</description></item>
                    """)
                }
            }
            let feed = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>BRVM</title>"
                + "<link>https://quotidien-brvm.example/</link>\n" + items.reversed().joined(separator: "\n") + "\n</channel></rss>\n"
            try site.write("feeds/images.xml", Array(feed.utf8))
        }

        func fetch(killAfter: Double? = nil) throws -> KillHarness.Run {
            try KillHarness.run(["fetch", "--site", site.root], killAfter: killAfter, log: site.root + "/fetch.log")
        }

        var items: Int { cycle * Self.perRun }
    }

    /// Files below `content/media/`, relative to it, temps included.
    static func media(_ site: TestSite) -> [String] {
        fileTree(site.root + "/content/media").keys.sorted()
    }

    /// What may be wrong at any instant: a file at a real name whose bytes are not whole.
    static func halfFiles(_ site: TestSite) -> [String] {
        media(site).filter { !($0 as NSString).lastPathComponent.hasPrefix(".") }.compactMap { rel in
            let bytes = FileManager.default.contents(atPath: site.root + "/content/media/" + rel) ?? Data()
            let name = ((rel as NSString).lastPathComponent as NSString).deletingPathExtension
            return name.hasSuffix("-" + StableHash.hex(bytes).prefix(8)) ? nil : "half file \(rel) (\(bytes.count) bytes)"
        }
    }

    /// What must hold once a run completed.
    static func violations(_ world: World) throws -> [String] {
        let site = world.site
        var found = halfFiles(site)
        found += media(site).filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }.map { "temp left: \($0)" }
        let articles = site.articles()
        if articles.count != world.items { found.append("\(articles.count) articles for \(world.items) items") }
        for file in articles {
            let text = site.read(file)
            let images = text.split(separator: "\n").compactMap { line -> String? in
                if line.hasPrefix("image: \"") { return String(line.dropFirst(8).dropLast()) }
                return line.firstRange(of: "](</media/").map { r in String(line[line.index(r.lowerBound, offsetBy: 3)...].prefix { $0 != ">" }) }
            }
            if images.count != 2 { found.append("\(file) points at \(images.count) images, not 2") }
            for image in images where !FileManager.default.fileExists(atPath: site.root + "/content" + image) {
                found.append("\(file) points at the missing \(image)")
            }
        }
        return found
    }

    @Test func killedFetchesLeaveNoHalfImageAndTheNextRunCompletes() throws {
        let seed = KillHarness.seed
        var timing = try World()
        defer { timing.site.remove() }
        var duration = 0.0
        for _ in 0..<2 {
            try timing.advance()
            let timed = try timing.fetch()
            #expect(timed.status == 0, "\(timing.site.read("fetch.log"))")
            duration = max(duration, timed.seconds)
        }
        let instants = KillHarness.instants(duration: duration, seed: seed)
        var killed = 0, withTemp = 0, violations: [String] = [], known = Set<String>()
        var world = try World()
        defer { world.site.remove() }
        for (k, instant) in instants.enumerated() {
            let point = "seed \(seed), point \(k), kill at \(String(format: "%.4f", instant)) s of \(String(format: "%.3f", duration)) s"
            if k % 5 == 0 {
                world.site.remove()
                world = try World()
                try world.advance()
                #expect(try world.fetch().status == 0)
            }
            try world.advance()
            let run = try world.fetch(killAfter: instant)
            if run.killed { killed += 1 } else if run.status != 0 { violations.append("\(point): exit \(run.status)") }
            if Self.media(world.site).contains(where: { ($0 as NSString).lastPathComponent.hasPrefix(".") }) { withTemp += 1 }
            violations += Self.halfFiles(world.site).map { "\(point): right after the kill: \($0)" }
            let next = try world.fetch()
            if next.status != 0 { violations.append("\(point): the run after the kill exited \(next.status)") }
            violations += try Self.violations(world).filter { known.insert($0).inserted }.map { "\(point): \($0)" }
        }
        print("fetch image kill test: \(instants.count) points tried, \(killed) killed mid-run (\(withTemp) with an image temp on disk), "
              + "\(violations.count) violations (seed \(seed), a run takes \(String(format: "%.2f", duration)) s)")
        #expect(instants.count >= KillHarness.points)
        #expect(killed > 0, "no instant fell inside a run (seed \(seed))")
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }

    @Test func killedBuildsLeaveWholeImagesAndTheNextBuildCompletes() throws {
        let seed = KillHarness.seed
        var g = KillHarness.Generator(seed: seed)
        let site = try TempSite()
        defer { site.remove() }
        let sources = try (0..<8).map { try MediaBuildTests.png(900 + $0 * 100, 600, seed: 20 + $0) }
        func setUp(_ round: Int) throws {
            try? FileManager.default.removeItem(atPath: site.path(".kiosque/media"))
            for (i, bytes) in sources.enumerated() {
                // Each round changes two of the images: the next build has copies to make.
                let b = i % 4 == round % 4 ? try MediaBuildTests.png(700 + i * 10, 500, seed: 100 + round * 10 + i) : bytes
                try MediaBuildTests.write(site, "content/media/2026/02/06/image-\(i).png", b)
                try site.article("article-\(i)", date: "2026-02-06T0\(i):30:00Z", image: "/media/2026/02/06/image-\(i).png")
            }
        }
        // At the clean build's instant (`defaultNow`): the front page's date line is today's.
        let build = ["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"]
        try setUp(0)
        let started = Date()
        #expect(try CLI.run(build).status == 0)
        let duration = Date().timeIntervalSince(started)
        let instants = KillHarness.instants(duration: duration, seed: seed)
        var killed = 0, violations: [String] = []
        for (k, instant) in instants.enumerated() {
            let point = "seed \(seed), point \(k), kill at \(String(format: "%.4f", instant)) s of \(String(format: "%.3f", duration)) s"
            try setUp(k + Int.random(in: 1...3, using: &g))
            let run = try KillHarness.run(build, killAfter: instant)
            if run.killed { killed += 1 } else if run.status != 0 { violations.append("\(point): exit \(run.status)") }
            // Whatever the instant: every image of the output is whole.
            for rel in fileTree(site.publicDir).keys where rel.hasPrefix("media/") && !rel.hasSuffix(".png") {
                let bytes = [UInt8](FileManager.default.contents(atPath: site.path("public/" + rel)) ?? Data())
                if ImageSniffer(bytes) == nil || Vips.size(bytes) == nil { violations.append("\(point): \(rel) is not whole") }
            }
            let next = try CLI.run(build)
            if next.status != 0 { violations.append("\(point): the build after the kill exited \(next.status): \(next.stderr.prefix(300))") }
            let debris = fileTree(site.path(".kiosque/media")).keys.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
            if !debris.isEmpty { violations.append("\(point): temps left in .kiosque/media/: \(debris.sorted().prefix(3))") }
            let clean = site.path("clean")
            try? FileManager.default.removeItem(atPath: clean)
            try site.build(output: clean, clean: true)
            let a = fileTree(site.publicDir), b = fileTree(clean)
            let differing = Set(a.keys).symmetricDifference(b.keys).union(a.keys.filter { b[$0] != nil && a[$0] != b[$0] && $0 != ".kiosque-manifest" })
            if !differing.isEmpty { violations.append("\(point): differs from a clean build: \(differing.sorted().prefix(5))") }
        }
        print("build image kill test: \(instants.count) points tried, \(killed) killed mid-run, \(violations.count) violations "
              + "(seed \(seed), a build takes \(String(format: "%.2f", duration)) s)")
        #expect(instants.count >= KillHarness.points)
        #expect(killed > 0, "no instant fell inside a build (seed \(seed))")
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }
}
