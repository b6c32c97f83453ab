import Foundation
import KiosqueCore
import Site
import Testing

/// The repository's own demo site (kiosque.yaml and content/ at the package root).
@Suite("Demo site")
struct DemoSiteTests {
    static let now = ts("2026-11-29T12:00:00Z")

    @Test func demoSiteBuildsAndEveryInternalLinkResolves() throws {
        let out = TempSite(empty: ())
        defer { out.remove() }
        let repoPublic = packageRoot + "/public"
        let repoPublicBefore = fileTree(repoPublic)
        let output = out.path("public")
        let config = try Config.load(siteDirectory: packageRoot)
        let base = config.site.baseURL
        #expect(base == "https://www.example.com/")
        let report = try SiteBuilder(config: config, options: .init(rules: PublishingRules(now: Self.now), output: output)).build()
        #expect(report.output == output)
        #expect(FileManager.default.fileExists(atPath: output + "/index.html"))

        #expect(report.articles >= 40, "only \(report.articles) articles published")
        let days = files(in: output + "/dates", endingWith: "index.html").filter { $0 != "index.html" }
        #expect(days.count >= 10, "only \(days.count) days with news")
        let sectorsWithNews = try config.sectors.filter { s in
            let html = try #require(FileManager.default.contents(atPath: output + "/secteurs/\(s.slug)/index.html"))
            return !Markup.html(String(decoding: html, as: UTF8.self), "//ul[@class='list']/li").isEmpty
        }
        #expect(sectorsWithNews.count >= 8, "only \(sectorsWithNews.map(\.slug)) have articles")

        var broken: [String] = []
        var checked = 0
        for file in files(in: output, endingWith: ".html") {
            let html = String(decoding: FileManager.default.contents(atPath: output + "/" + file)!, as: UTF8.self)
            for link in Markup.html(html, "//@href | //@src") where link.hasPrefix(base) {
                checked += 1
                var path = String(link.dropFirst(base.count))
                if let cut = path.firstIndex(where: { $0 == "#" || $0 == "?" }) { path = String(path[..<cut]) }
                path = path.removingPercentEncoding ?? path
                if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
                if !FileManager.default.fileExists(atPath: output + "/" + path) { broken.append("\(file) -> \(link)") }
            }
        }
        #expect(checked > 1000)
        // The repository's own public/ is not touched by a build with an output folder.
        #expect(fileTree(repoPublic) == repoPublicBefore)
        #expect(broken.isEmpty, "broken internal links:\n\(broken.prefix(20).joined(separator: "\n"))")

        // The feeds and sitemaps of the demo are well-formed and point into the site.
        for xml in ["rss.xml", "sitemap.xml", "sitemap-news.xml"] {
            let text = String(decoding: try #require(FileManager.default.contents(atPath: output + "/" + xml)), as: UTF8.self)
            #expect(Markup.isWellFormedXML(text), "\(xml)")
        }
        let locs = Markup.xml(String(decoding: FileManager.default.contents(atPath: output + "/sitemap.xml")!, as: UTF8.self),
                              "//sm:loc", namespaces: Markup.sitemap) ?? []
        for loc in locs {
            var path = String(loc.dropFirst(base.count))
            if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
            #expect(loc.hasPrefix(base) && FileManager.default.fileExists(atPath: output + "/" + path), "sitemap: \(loc)")
        }
    }

    @Test func demoConfigurationIsCleanAndHasEnoughSectors() throws {
        let config = try Config.load(siteDirectory: packageRoot)
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        #expect(config.sectors.count >= 8)
    }
}
