import Foundation
import Testing

/// `kiosque fetch` on a disk that fills up mid-run: a clear error, no partial article, no
/// debris, nothing lost; once there is room, the next run takes the rest, each story once.
@Suite struct FetchDiskFullTests {
    @Test func aFullDiskStopsTheRunAndTheNextOneCompletesIt() throws {
        guard let disk = SmallDisk.mount(size: "3m", for: "aFullDiskStopsTheRunAndTheNextOneCompletesIt") else { return }
        var items = ""
        for n in 0..<80 {
            let body = String(repeating: "\(GeneratedArticles.sentences[n % 8]) ", count: 60)
            items += "<item><title>Dépêche \(n) : \(GeneratedArticles.subjects[n % 12]) \(GeneratedArticles.verbs[n % 8])</title>"
                + "<guid>fil-\(n)</guid><link>https://fil.example/\(n)</link><pubDate>Fri, 06 Feb 2026 10:00:00 +0000</pubDate>"
                + "<description><![CDATA[<p>\(body)</p>]]></description></item>"
        }
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Le Fil</title>\(items)</channel></rss>"
        let site = try TempSite(at: disk.path + "/site", extraConfig: "feeds:\n  - url: fil.xml\n    name: \"Le Fil\"\n")
        try site.write("fil.xml", rss)
        disk.fill(leaving: 200 * 1024)

        let full = try CLI.run(["fetch", "--site", site.root])
        #expect(full.status == 2, "\(full.stdout) \(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        let written = files(in: site.path("content"), endingWith: ".md")
        #expect(written.count < 80, "the disk was not full")
        for f in written {
            let text = try #require(site.output(f, in: site.path("content")))
            #expect(text.hasSuffix("\n") && text.contains("guid: \"fil-"), "\(f) is partial")
        }
        let debris = fileTree(site.root).keys.filter { $0.contains(".kiosque-new") || $0.contains(".tmp-") }
        #expect(debris.isEmpty, "\(debris)")

        disk.empty()
        let next = try CLI.run(["fetch", "--site", site.root])
        #expect(next.status == 0, "\(next.stderr)")
        let all = files(in: site.path("content"), endingWith: ".md")
        #expect(all.count == 80)
        let guids = all.compactMap { site.output($0, in: site.path("content"))?.split(separator: "\n").first { $0.hasPrefix("guid:") } }
        #expect(Set(guids).count == 80, "a story was written twice")
        #expect(try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"]).status == 0)
    }
}
