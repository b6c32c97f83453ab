import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// `kiosque fetch` downloading a story's images from a real HTTP server (Support/feed_server.py)
/// into `content/media/YYYY/MM/DD/`, and pointing the Markdown there.
@Suite struct FetchImageTests {
    let server = TestServer.shared
    static let now: Timestamp = 1_795_910_400

    /// A local RSS feed of one item (23 November 2026) with `enclosure` as its image and
    /// `html` as its content.
    func site(_ tag: String, enclosure: String?, html: String, title: String = "La BRVM termine la séance en hausse") throws -> TestSite {
        let site = try TestSite(feeds: [("feeds/images.xml", "Le Quotidien de la BRVM", "actions")])
        try write(site, tag: tag, enclosure: enclosure, html: html, title: title)
        return site
    }

    func write(_ site: TestSite, tag: String, enclosure: String?, html: String, title: String) throws {
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Le Quotidien de la BRVM</title><link>https://quotidien-brvm.example/</link>
        <item><title>\(title)</title><link>https://quotidien-brvm.example/\(tag)</link><guid>\(tag)</guid>
        <pubDate>Mon, 23 Nov 2026 08:00:00 +0000</pubDate>
        \(enclosure.map { "<enclosure url=\"\($0)\" type=\"image/png\" length=\"0\"/>" } ?? "")
        <description>\(escaped)</description></item>
        </channel></rss>
        """
        try site.write("feeds/images.xml", Array(feed.utf8))
    }

    func run(_ site: TestSite, _ tune: (inout FetchOptions) -> Void = { _ in }) throws -> FeedReport {
        let config = try site.config()
        var options = FetchOptions(site: config.site)
        options.timeout = 5
        tune(&options)
        return try FetchRun(config: config, options: options, now: Self.now).run().feeds[0]
    }

    /// Files under `content/media/`, relative to the site folder, dot files included.
    static func media(_ site: TestSite) -> [String] {
        ((FileManager.default.enumerator(atPath: site.root + "/content/media")?.allObjects as? [String]) ?? [])
            .filter { !$0.hasSuffix("/") && !FileManager.default.isDirectory(site.root + "/content/media/" + $0) }
            .map { "content/media/" + $0 }.sorted()
    }

    static func frontMatterImage(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("image: \"") }.map { String($0.dropFirst(8).dropLast()) }
    }

    @Test func imagesAreDownloadedIntoMediaAndTheMarkdownPointsThere() throws {
        let lead = server.url("/img/png/800x450/1.png?t=placed")
        let chart = server.url("/img/png/640x360/2.png?t=placed")
        let site = try site("placed", enclosure: lead,
                            html: "<p>Le Composite gagne 1,2 %.</p><p><img src=\"\(chart)\" alt=\"Graphique de la séance\"></p><p>Fin.</p>")
        defer { site.remove() }
        let report = try run(site)
        #expect(report.counts.new == 1)
        #expect(report.notes.isEmpty, "\(report.notes)")
        let files = Self.media(site)
        #expect(files.count == 2, "\(files)")
        #expect(files.allSatisfy { $0.hasPrefix("content/media/2026/11/23/la-brvm-termine-la-seance-en-hausse-") && $0.hasSuffix(".png") })
        // Named after the story and the bytes: the hash in the name is that of the file.
        for file in files {
            let bytes = try #require(FileManager.default.contents(atPath: site.root + "/" + file))
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            #expect(name.hasSuffix("-" + StableHash.hex(bytes).prefix(8)), "\(file)")
        }
        let sizes = try files.map { try #require(ImageSniffer(FileManager.default.contents(atPath: site.root + "/" + $0)!)) }
        #expect(Set(sizes.map { "\($0.width)x\($0.height)" }) == ["800x450", "640x360"])

        let text = site.read(site.articles()[0])
        let image = try #require(Self.frontMatterImage(text))
        #expect(image.hasPrefix("/media/2026/11/23/"))
        #expect(files.contains("content" + image))
        let lone = try #require(files.first { "content" + image != $0 })
        #expect(text.contains("![Graphique de la séance](<\(lone.dropFirst("content".count))>)"))
        #expect(!text.contains("127.0.0.1"), "no remote image left:\n\(text)")

        let state = try FetchState.load(site.root + "/.kiosque/state.json")
        #expect(Set(state.media?.keys.map { $0 } ?? []) == Set(files))
        #expect(try FetchRun(config: site.config(), options: FetchOptions(), now: Self.now).run().feeds[0].counts.new == 0)
        #expect(Self.media(site) == files, "a second run downloads nothing new")
    }

    @Test func whatIsNotAPictureIsLeftOutAndTheStoryIsWrittenAnyway() throws {
        let urls = [server.url("/img/logo.svg?t=rejected"), server.url("/img/photo.jpg?t=rejected"),
                    server.url("/img/pixel.gif?t=rejected"), server.url("/big.xml?t=rejected"), server.url("/missing?t=rejected")]
        let html = "<p>Texte de la séance.</p>" + urls.map { "<p><img src=\"\($0)\" alt=\"Image\"></p>" }.joined()
        let site = try site("rejected", enclosure: server.url("/img/logo.svg?t=rejected-lead"), html: html)
        defer { site.remove() }
        let report = try run(site) { $0.maxBodyBytes = 1 << 20 }
        #expect(report.counts.new == 1)
        #expect(Self.media(site).isEmpty)
        let text = site.read(site.articles()[0])
        #expect(Self.frontMatterImage(text) == nil)
        #expect(!text.contains("!["), "every image left out:\n\(text)")
        #expect(text.contains("Texte de la séance."))
        let notes = report.notes.joined(separator: "\n")
        #expect(notes.contains("logo.svg?t=rejected-lead: not a JPEG, PNG, GIF or WebP image (by its bytes): left out"))
        #expect(notes.contains("logo.svg?t=rejected: not a JPEG, PNG, GIF or WebP image"))
        #expect(notes.contains("photo.jpg?t=rejected: not a JPEG, PNG, GIF or WebP image"), "HTML served as image/jpeg")
        #expect(notes.contains("pixel.gif?t=rejected: 1 × 1 pixels, a tracking pixel: left out"))
        #expect(notes.contains("big.xml?t=rejected: body larger than 1 MiB, cut off: left out"))
        #expect(notes.contains("missing?t=rejected: HTTP 404: left out"))
    }

    @Test func oneFilePerPictureAndAnEditorsFileIsNeverOverwritten() throws {
        let url = server.url("/img/png/400x300/7.png?t=owned")
        let site = try site("owned", enclosure: url, html: "<p>Premier texte.</p><p><img src=\"\(url)\" alt=\"Graphique\"></p>")
        defer { site.remove() }
        _ = try run(site)
        let files = Self.media(site)
        #expect(files.count == 1, "the lead image and the body's are the same bytes: \(files)")
        let file = try #require(files.first)
        // The editor replaces the picture with a crop of their own; the feed then corrects the item.
        let crop = Data("editor's crop".utf8)
        try crop.write(to: URL(fileURLWithPath: site.root + "/" + file))
        try write(site, tag: "owned", enclosure: url, html: "<p>Texte corrigé.</p>", title: "La BRVM termine la séance en hausse")
        let report = try run(site)
        #expect(report.counts.updated == 1)
        #expect(FileManager.default.contents(atPath: site.root + "/" + file) == crop)
        #expect(Self.media(site) == files)
        #expect(Self.frontMatterImage(site.read(site.articles()[0])) == String(file.dropFirst("content".count)))
    }

    @Test func inlineDataImagesBecomeFiles() throws {
        let png = Data(base64Encoded: Self.png20x20)!
        let site = try site("inline", enclosure: nil,
                            html: "<p><img src=\"data:image/png;base64,\(Self.png20x20)\" alt=\"Carré\"></p>")
        defer { site.remove() }
        _ = try run(site)
        let files = Self.media(site)
        #expect(files.count == 1)
        #expect(FileManager.default.contents(atPath: site.root + "/" + files[0]) == png)
        #expect(!site.read(site.articles()[0]).contains("data:"))
    }

    /// A 20 × 20 white PNG.
    static let png20x20 = "iVBORw0KGgoAAAANSUhEUgAAABQAAAAUCAIAAAAC64paAAAAGElEQVR42mP4TwFgGNU8qnlU86jmgdUMAOBEq402XZqhAAAAAElFTkSuQmCC"
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
