import Foundation
import KiosqueCore
import Site
import Testing
@testable import Fetch

/// The build's images: `content/media/` -> resized WebP and JPEG copies in `public/media/`,
/// made once (cache in `.kiosque/media/`), and the HTML that shows them. The test images are
/// PNGs drawn by the test HTTP server (Support/feed_server.py); copies are read back with libvips.
@Suite(.serialized) struct MediaBuildTests {
    /// A `w × h` PNG from the test server; `seed` changes its colours (and bytes).
    static func png(_ w: Int, _ h: Int, seed: Int) throws -> [UInt8] {
        let r = try HTTPClient(options: FetchOptions()).fetch(HTTPRequest(url: TestServer.shared.url("/img/png/\(w)x\(h)/\(seed).png"))).get()
        #expect(r.status == 200)
        return r.body
    }

    static func write(_ site: TempSite, _ rel: String, _ bytes: [UInt8]) throws {
        try site.write(rel, "")
        try Data(bytes).write(to: URL(fileURLWithPath: site.path(rel)))
    }

    /// A site with a 1600 × 900 lead image and a 300 × 200 one in the body (captioned), beside
    /// raw HTML (the body then goes through the sanitizer, which must leave the figure whole).
    static func site(extraConfig: String = "") throws -> TempSite {
        let site = try TempSite(extraConfig: extraConfig)
        try write(site, "content/media/2026/02/06/seance.png", try png(1600, 900, seed: 1))
        try write(site, "content/media/2026/02/06/petit.png", try png(300, 200, seed: 2))
        try site.article("brvm", title: "La BRVM en hausse", date: "2026-02-06T09:30:00Z", image: "/media/2026/02/06/seance.png",
                         extraFrontMatter: "image_alt: \"Courbe de la séance\"\nimage_caption: \"La séance de jeudi — Photo Rédaction\"\n",
                         body: "Le Composite gagne 1 %.\n\n![Le petit graphique](/media/2026/02/06/petit.png \"Volumes échangés — Infographie\")\n\n"
                             + "<table><tr><td>BRVM</td><td>+1 %</td></tr></table>\n\nFin.\n")
        try site.article("sans-image", title: "Le franc CFA stable", date: "2026-02-05T09:30:00Z")
        return site
    }

    static func size(_ site: TempSite, _ rel: String) -> ImageSniffer? {
        FileManager.default.contents(atPath: site.path("public/" + rel)).flatMap { bytes in
            Vips.size([UInt8](bytes)).flatMap { w, h in ImageSniffer(bytes).map { ImageSniffer(format: $0.format, width: w, height: h) } }
        }
    }

    static func mtime(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec) : -1
    }

    /// Every file of `.kiosque/media/` with its modification time.
    static func cache(_ site: TempSite) -> [String: Int] {
        var out: [String: Int] = [:]
        for rel in fileTree(site.path(".kiosque/media")).keys where rel != "index" {
            out[rel] = mtime(site.path(".kiosque/media/" + rel))
        }
        return out
    }

    @Test func copiesAreWrittenAtTheirWidthsNeverEnlargedAndTheOriginalCopied() throws {
        let site = try Self.site()
        defer { site.remove() }
        let report = try site.build()
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let dir = "media/2026/02/06/"
        for (w, h) in [(240, 135), (480, 270), (1200, 675)] {
            #expect(Self.size(site, dir + "seance.\(w).webp") == ImageSniffer(format: .webp, width: w, height: h))
            #expect(Self.size(site, dir + "seance.\(w).jpg") == ImageSniffer(format: .jpeg, width: w, height: h))
        }
        #expect(Self.size(site, dir + "petit.240.webp") == ImageSniffer(format: .webp, width: 240, height: 160))
        #expect(Self.size(site, dir + "petit.300.jpg") == ImageSniffer(format: .jpeg, width: 300, height: 200))
        #expect(!site.exists(dir + "petit.480.jpg") && !site.exists(dir + "petit.1200.webp"), "never enlarged")
        #expect(FileManager.default.contents(atPath: site.path("public/" + dir + "seance.png"))
                == FileManager.default.contents(atPath: site.path("content/" + dir + "seance.png")))
        let inventory = try #require(site.output(".kiosque-manifest"))
        #expect(inventory.contains(dir + "seance.1200.webp\n") && inventory.contains(dir + "petit.png\n"))
    }

    @Test func theHTMLSaysEachCopysWidthAndTheBrowserChooses() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.build()
        let page = try #require(site.output("articles/2026/02/06/brvm/index.html"))
        let q = Markup.html(page, [
            "(//figure)[1]/picture/source/@srcset", "(//figure)[1]/picture/source/@type", "(//figure)[1]/picture//img/@srcset",
            "(//figure)[1]/picture//img/@width", "(//figure)[1]/picture//img/@height", "(//figure)[1]/picture//img/@alt",
            "(//figure)[1]/picture//img/@loading", "(//figure)[1]/figcaption", "(//figure)[1]/figcaption/span[@class='credit']",
            "//div[@class='body']//figure/picture//img/@loading", "//div[@class='body']//figure/figcaption",
            "//div[@class='body']//figure/picture//img/@width", "//div[@class='body']//figure/picture/source/@srcset",
            "//meta[@property='og:image']/@content", "//script[@type='application/ld+json']",
        ])
        #expect(q[1] == ["image/webp"])
        #expect(q[3] == ["1200"] && q[4] == ["675"])
        #expect(q[5] == ["Courbe de la séance"])
        #expect(q[6].isEmpty, "the lead image is not lazy")
        #expect(q[7] == ["La séance de jeudi Photo Rédaction"] && q[8] == ["Photo Rédaction"])
        #expect(q[9] == ["lazy"], "body images are")
        #expect(q[10] == ["Volumes échangés Infographie"])
        #expect(q[11] == ["300"])
        // Every candidate of every srcset is a file of the output, exactly as wide as it says.
        for srcset in [q[0], q[2], q[12]].flatMap({ $0 }) {
            let candidates = srcset.split(separator: ",").map { $0.split(separator: " ") }
            #expect(candidates.count >= 2)
            for c in candidates {
                let url = String(c[0]), width = Int(c[1].dropLast())
                let rel = String(url.dropFirst("https://www.example.com/".count))
                #expect(Self.size(site, rel)?.width == width, "\(url) is \(c[1])")
            }
        }
        let og = try #require(q[13].first)
        #expect(og == "https://www.example.com/media/2026/02/06/seance.1200.jpg")
        #expect(q[14].first?.contains("\"image\":[\"\(og)\"]") == true)
        // The home's lead shows it above the fold: every copy to choose from, not lazy.
        let home = try #require(site.output("index.html"))
        let lead = Markup.html(home, ["//a[@class='lead-picture']/picture/source/@srcset", "//a[@class='lead-picture']/picture//img/@srcset",
                                      "//a[@class='lead-picture']/picture//img/@width", "//a[@class='lead-picture']/picture//img/@loading"])
        #expect(lead[0].first?.hasPrefix("https://www.example.com/media/2026/02/06/seance.240.webp 240w") == true)
        #expect(lead[1].first?.hasSuffix("seance.1200.jpg 1200w") == true)
        #expect(lead[2] == ["1200"] && lead[3].isEmpty, "the lead picture is not lazy")
        // A sector's list shows it as a thumbnail chosen from the small copies, loaded lazily.
        let sector = try #require(site.output("secteurs/economie/index.html"))
        let thumb = Markup.html(sector, ["//img[@class='thumb']/@srcset", "//img[@class='thumb']/@loading", "//img[@class='thumb']/@sizes"])
        #expect(thumb[0].first?.hasPrefix("https://www.example.com/media/2026/02/06/seance.240.jpg 240w") == true)
        #expect(thumb[1] == ["lazy"] && thumb[2] == ["120px"])
    }

    @Test func aSecondBuildMakesNoImageAndAChangedSourceIsRedone() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.build()
        let cache = Self.cache(site)
        #expect(cache.keys.filter { $0.hasSuffix("/info") }.count == 2)
        let outputs = fileTree(site.publicDir).keys.filter { $0.hasPrefix("media/") }.map { ($0, Self.mtime(site.path("public/" + $0))) }

        let second = try site.build()
        #expect(second.written == 0)
        #expect(Self.cache(site) == cache, "nothing made again")
        for (rel, t) in outputs { #expect(Self.mtime(site.path("public/" + rel)) == t, "\(rel) rewritten") }

        // The editor replaces the lead picture by a narrower one, under the same name.
        try Self.write(site, "content/media/2026/02/06/seance.png", try Self.png(800, 400, seed: 3))
        let third = try site.build()
        let after = Self.cache(site)
        #expect(after.count == cache.count + 7, "one new entry: info and three widths in two formats")
        #expect(cache.allSatisfy { after[$0.key] == $0.value }, "the other image is not made again")
        #expect(Self.size(site, "media/2026/02/06/seance.800.jpg") == ImageSniffer(format: .jpeg, width: 800, height: 400))
        #expect(!site.exists("media/2026/02/06/seance.1200.jpg"), "a copy no longer made is removed")
        #expect(third.changed.contains("articles/2026/02/06/brvm/index.html"), "its page shows the new size")
        let page = try #require(site.output("articles/2026/02/06/brvm/index.html"))
        #expect(Markup.html(page, "(//figure)[1]/picture//img/@width") == ["800"])
        #expect(!third.changed.contains("articles/2026/02/05/sans-image/index.html"))

        // An image of the body only: the page that shows it is rendered again too.
        try Self.write(site, "content/media/2026/02/06/petit.png", try Self.png(200, 100, seed: 6))
        let fourth = try site.build()
        #expect(fourth.changed.contains("articles/2026/02/06/brvm/index.html"))
        let again = try #require(site.output("articles/2026/02/06/brvm/index.html"))
        #expect(Markup.html(again, "//div[@class='body']//figure/picture//img/@width") == ["200"])
    }

    @Test func aStandalonePageShowsItsImagesCopiesAndFollowsTheirChanges() throws {
        let site = try Self.site()
        defer { site.remove() }
        try site.write("content/pages/a-propos.md", "---\ntitle: À propos\n---\nNotre rédaction.\n\n"
                       + "![La salle de rédaction](/media/2026/02/06/petit.png \"La rédaction à Abidjan — Photo Rédaction\")\n")
        try site.build()
        let page = try #require(site.output("a-propos/index.html"))
        let q = Markup.html(page, ["//figure/picture/source/@srcset", "//figure/picture//img/@width", "//figure/picture//img/@loading",
                                   "//figure/figcaption/span[@class='credit']"])
        #expect(q[0].first?.hasPrefix("https://www.example.com/media/2026/02/06/petit.240.webp 240w") == true)
        #expect(q[1] == ["300"] && q[2] == ["lazy"] && q[3] == ["Photo Rédaction"])

        // The editor replaces the picture: the page (signed with its bytes) shows the new size.
        try Self.write(site, "content/media/2026/02/06/petit.png", try Self.png(200, 100, seed: 7))
        let next = try site.build()
        #expect(next.changed.contains("a-propos/index.html"))
        let again = try #require(site.output("a-propos/index.html"))
        #expect(Markup.html(again, "//figure/picture//img/@width") == ["200"])
    }

    @Test func brokenAndHostileFilesAreWarningsAndThePageShowsNoImage() throws {
        let site = try TempSite()
        defer { site.remove() }
        let good = try Self.png(400, 300, seed: 4)
        try Self.write(site, "content/media/2026/02/06/tronque.png", Array(good.prefix(good.count / 2)))
        try Self.write(site, "content/media/2026/02/06/geant.png", Self.withSize(good, 100_000, 100_000))
        try Self.write(site, "content/media/2026/02/06/page.jpg", Array("<!DOCTYPE html><p>Pas une image</p>".utf8))
        try Self.write(site, "content/media/2026/02/06/logo.png", Array("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8))
        try site.write("content/media/2026/02/06/notes.txt", "Pas une image.\n")
        try Self.write(site, "content/media/2026/02/06/vue du port.png", good)
        for (slug, name) in [("a", "tronque.png"), ("b", "geant.png"), ("c", "page.jpg"), ("d", "logo.png")] {
            try site.article(slug, date: "2026-02-06T09:30:00Z", image: "/media/2026/02/06/\(name)",
                             body: "Texte.\n\n![Graphique](/media/2026/02/06/\(name))\n")
        }
        let report = try site.build()
        let warnings = report.warnings.map(\.description).joined(separator: "\n")
        #expect(warnings.contains("content/media/2026/02/06/tronque.png: warning: not published: a PNG file libvips refused"), "\(warnings)")
        #expect(warnings.contains("content/media/2026/02/06/geant.png: warning: not published: a PNG file libvips refused (100000 × 100000 pixels, more than the 50 million allowed)"))
        #expect(warnings.contains("content/media/2026/02/06/page.jpg: warning: not published: not a JPEG, PNG, GIF or WebP image"))
        #expect(warnings.contains("content/media/2026/02/06/logo.png: warning: not published: not a JPEG, PNG, GIF or WebP image"))
        #expect(warnings.contains("content/media/2026/02/06/notes.txt: warning: not published: not a .jpg, .png, .gif or .webp image"))
        #expect(warnings.contains("content/media/2026/02/06/vue du port.png: warning: not published: its name has characters a URL would have to escape"))
        #expect(!site.exists("media"), "nothing of them published")
        for slug in ["a", "b", "c", "d"] {
            let page = try #require(site.output("articles/2026/02/06/\(slug)/index.html"))
            #expect(Markup.html(page, "//main//img").isEmpty && Markup.html(page, "//meta[@property='og:image']").isEmpty)
        }
        // Remembered: the next build tries none of them again.
        let cache = Self.cache(site)
        try site.build()
        #expect(Self.cache(site) == cache)
    }

    @Test func theSiteImageStandsInForArticlesWithout() throws {
        let site = try Self.site(extraConfig: "")
        defer { site.remove() }
        let yaml = try String(contentsOfFile: site.path("kiosque.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  language: fr\n", with: "  language: fr\n  image: /media/2026/02/06/seance.png\n")
        try site.write("kiosque.yaml", yaml)
        try site.build()
        let shared = "https://www.example.com/media/2026/02/06/seance.1200.jpg"
        let page = try #require(site.output("articles/2026/02/05/sans-image/index.html"))
        #expect(Markup.html(page, "//meta[@property='og:image']/@content") == [shared])
        #expect(Markup.html(page, "//script[@type='application/ld+json']").first?.contains("\"image\":[\"\(shared)\"]") == true)
        #expect(Markup.html(page, "//main//img").isEmpty, "shared, not shown")
        #expect(Markup.html(try #require(site.output("index.html")), "//meta[@property='og:image']/@content") == [shared])
        // A narrower picture under the same name: every page shares its new largest copy.
        try Self.write(site, "content/media/2026/02/06/seance.png", try Self.png(900, 500, seed: 7))
        try site.build()
        let narrower = "https://www.example.com/media/2026/02/06/seance.900.jpg"
        #expect(Markup.html(try #require(site.output("index.html")), "//meta[@property='og:image']/@content") == [narrower])
        #expect(Markup.html(try #require(site.output("articles/2026/02/05/sans-image/index.html")),
                            "//meta[@property='og:image']/@content") == [narrower])
    }

    @Test func aSiteWithoutImagesPaysNothing() throws {
        let site = try TempSite()
        defer { site.remove() }
        try site.article("sans-image", date: "2026-02-05T09:30:00Z")
        try site.build()
        #expect(!FileManager.default.fileExists(atPath: site.path(".kiosque/media")))
        #expect(!site.exists("media"))
    }

    /// A PNG whose header says `w × h` (its checksum made right), its pixels unchanged.
    static func withSize(_ png: [UInt8], _ w: UInt32, _ h: UInt32) -> [UInt8] {
        var out = png
        for (i, v) in [(16, w), (20, h)] { for k in 0..<4 { out[i + k] = UInt8(v >> (24 - 8 * UInt32(k)) & 0xFF) } }
        let crc = crc32(Array(out[12..<29]))
        for k in 0..<4 { out[29 + k] = UInt8(crc >> (24 - 8 * UInt32(k)) & 0xFF) }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }
}
