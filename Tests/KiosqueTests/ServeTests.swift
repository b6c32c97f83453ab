import Foundation
@testable import Preview
import Testing

/// `kiosque serve` over real HTTP on 127.0.0.1: what it serves, what it refuses, how a
/// change reaches open pages, and how a broken save shows.
@Suite struct ServeTests {
    /// A small site with a draft, a scheduled article and assets of every served type.
    func site() throws -> TempSite {
        let site = try TempSite()
        for n in 0..<6 { try GeneratedArticles.write(n, into: site) }
        try site.article("brouillon", title: "Un brouillon de la rédaction", date: "2026-02-06T10:00:00Z", draft: true)
        try site.article("plus-tard", title: "Les perspectives de l’année", date: "2026-02-06T11:00:00Z",
                         publishDate: "2031-01-05T07:00:00Z")
        for (name, bytes) in [("img/logo.png", "\u{89}PNG"), ("img/une.jpg", "JFIF"), ("img/une.webp", "RIFF"),
                              ("fonts/texte.woff2", "wOF2"), ("data/cours.json", "{}"), ("js/menu.js", "void 0;")] {
            try site.write("templates/static/\(name)", bytes)
        }
        return site
    }

    /// The path of the stylesheet the home page links (`/style.<hash>.css`).
    static func stylesheet(_ serve: ServeProcess) throws -> String {
        let href = try #require(Markup.html(try serve.get("/").text, "//link[@rel='stylesheet']/@href").first)
        return try #require(URL(string: href)?.path)
    }

    @Test func servesPagesAssetsAndTheSitesOwn404() throws {
        let site = try self.site()
        defer { site.remove() }
        let serve = try ServeProcess(site: site.root)
        defer { serve.stop() }
        #expect(serve.stdout.contains("serving http://127.0.0.1:\(serve.port)/ (drafts shown; Ctrl-C to stop)"))

        let home = try serve.get("/")
        #expect(home.status == 200)
        #expect(home.headers["content-type"] == "text/html; charset=utf-8")
        #expect(home.text.contains("href=\"http://127.0.0.1:\(serve.port)/secteurs/"), "links use the preview's address")
        #expect(home.text.contains("/_kiosque/events"), "the reload script")
        // Drafts and scheduled articles are in the preview, and say so.
        let draft = try serve.get("/articles/2026/02/06/brouillon/")
        #expect(draft.status == 200)
        #expect(Markup.html(draft.text, "//p[@class='preview-banner']") == ["Brouillon\u{A0}: non publié"])
        let later = try serve.get("/articles/2026/02/06/plus-tard/")
        #expect(Markup.html(later.text, "//p[@class='preview-banner']") == ["Programmé\u{A0}: publié le 5 janvier 2031 à 7\u{A0}h\u{A0}00"])
        let published = try serve.get("/articles/\(GeneratedArticles.article(1).folder)/seance-1/")
        #expect(Markup.html(published.text, "//p[@class='preview-banner']").isEmpty)

        let css = try Self.stylesheet(serve)
        let types = [css: "text/css; charset=utf-8", "/favicon.svg": "image/svg+xml",
                     "/rss.xml": "application/xml; charset=utf-8", "/feed.json": "application/json",
                     "/img/logo.png": "image/png", "/img/une.jpg": "image/jpeg", "/img/une.webp": "image/webp",
                     "/fonts/texte.woff2": "font/woff2", "/js/menu.js": "text/javascript; charset=utf-8"]
        for (path, type) in types {
            let r = try serve.get(path)
            #expect(r.status == 200, "\(path)")
            #expect(r.headers["content-type"] == type, "\(path)")
            #expect(!r.text.contains("/_kiosque/events"), "\(path) got the reload script")
        }

        let missing = try serve.get("/articles/2026/02/06/introuvable/")
        #expect(missing.status == 404)
        let notFound = try #require(site.output("404.html", in: site.path(".kiosque/preview")))
        #expect(missing.text == String(decoding: LiveReload.inject(into: Array(notFound.utf8)), as: UTF8.self))

        let folder = try serve.get("/secteurs/economie")
        #expect(folder.status == 301)
        #expect(folder.headers["location"] == "/secteurs/economie/")
        #expect(try serve.get("/", method: "POST").status == 405)
    }

    @Test func noDraftsShowsTheSiteAsItWillBePublished() throws {
        let site = try self.site()
        defer { site.remove() }
        let serve = try ServeProcess(site: site.root, arguments: ["--no-drafts"])
        defer { serve.stop() }
        #expect(serve.stdout.contains { $0.contains("(drafts hidden; Ctrl-C to stop)") })
        #expect(try serve.get("/articles/2026/02/06/brouillon/").status == 404)
        #expect(try serve.get("/articles/2026/02/06/plus-tard/").status == 404)
    }

    @Test func headAndConditionalRequests() throws {
        let site = try self.site()
        defer { site.remove() }
        let serve = try ServeProcess(site: site.root)
        defer { serve.stop() }
        let css = try Self.stylesheet(serve)
        let full = try serve.get(css)
        let head = try serve.get(css, method: "HEAD")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == String(full.body.count))
        let tag = try #require(full.headers["etag"])
        let again = try serve.get(css, headers: ["If-None-Match": tag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let page = try serve.get("/")
        let pageTag = try #require(page.headers["etag"])
        #expect(try serve.get("/", headers: ["If-None-Match": pageTag]).status == 304)
        #expect(try serve.get("/", headers: ["If-None-Match": "\"autre\""]).status == 200)
    }

    /// Nothing outside the preview folder, however the path is written.
    @Test func neverServesAFileOutsideThePreview() throws {
        let site = try self.site()
        defer { site.remove() }
        try site.write("secret.txt", "mot de passe du FTP\n")
        let serve = try ServeProcess(site: site.root)
        defer { serve.stop() }
        // A link inside the preview that points out of it.
        symlink(site.path("secret.txt"), site.path(".kiosque/preview/lien.txt"))
        symlink(site.root, site.path(".kiosque/preview/dossier"))
        let attempts = [
            "/../kiosque.yaml", "/../../secret.txt", "/%2e%2e/kiosque.yaml", "/%2E%2E/%2E%2E/secret.txt",
            "/..%2fkiosque.yaml", "/..%2Fsecret.txt", "/%2e%2e%2fkiosque.yaml", "/..%5ckiosque.yaml", "/..\\kiosque.yaml",
            "/%252e%252e/kiosque.yaml", "/%252e%252e%252fsecret.txt", "/index.html%00.css", "/%00", "/.kiosque-manifest",
            "/lien.txt", "/dossier/secret.txt", "/dossier/kiosque.yaml", "//etc/passwd", "/%2fetc%2fpasswd",
            "/articles/../../secret.txt", "/./kiosque.yaml",
        ]
        for target in attempts {
            let r = try serve.get(target)
            #expect(r.status == 400 || r.status == 404, "\(target): \(r.status)")
            #expect(!r.text.contains("mot de passe") && !r.text.contains("base_url") && !r.text.contains("root:"), "\(target) leaked a file")
        }
        #expect(try serve.get("/").status == 200, "still serving")
    }

    @Test func aSaveIsRebuiltAndAnnouncedAndABrokenOneShowsItsErrors() throws {
        let site = try self.site()
        defer { site.remove() }
        let serve = try ServeProcess(site: site.root)
        defer { serve.stop() }
        let events = try EventListener(port: serve.port)
        let css = try Self.stylesheet(serve)
        usleep(200_000)
        let file = try GeneratedArticles.write(3, revision: 1, into: site)
        let page = "/articles/\(GeneratedArticles.article(3).folder)/seance-3/"
        let reload = events.waitForReload(within: 2) { $0.contains(page) }
        #expect(reload != nil, "no reload event for \(page): \(events.reloads)")
        #expect(try serve.get(page).text.contains("(mise à jour 1)"))
        #expect(serve.stdout.contains { $0.hasPrefix("rebuilt ") && $0.hasSuffix(file) }, "\(serve.stdout)")

        // A broken save: every HTML request gets the build's messages, escaped.
        let good = try #require(site.output(file, in: site.root))
        try site.write(file, good.replacingOccurrences(of: "sector: ", with: "sector: <inconnu> "))
        #expect(events.waitForReload(within: 2) { $0 == "[\"*\"]" } != nil)
        let broken = try serve.get(page)
        #expect(broken.status == 500)
        #expect(broken.text.contains("\(file):"), "\(broken.text)")
        #expect(broken.text.contains("error: unknown sector &apos;&lt;inconnu&gt; \(GeneratedArticles.sectors[3 % 3])&apos;"), "\(broken.text)")
        #expect(!broken.text.contains("<inconnu>"), "not escaped")
        #expect(broken.text.contains("/_kiosque/events"), "the error page still listens for the fix")
        #expect(try serve.get("/").status == 500)
        #expect(try serve.get(css).status == 200, "assets of the last good preview")
        // The last good preview stays on disk.
        #expect(site.output("articles/\(GeneratedArticles.article(3).folder)/seance-3/index.html", in: site.path(".kiosque/preview"))?
            .contains("(mise à jour 1)") == true)

        let before = events.reloads.count
        try site.write(file, good)
        #expect(events.waitForReload(within: 2) { _ in events.reloads.count > before } != nil)
        #expect(try serve.get(page).status == 200)
    }

    @Test func theBuildOutputNeverHoldsTheReloadScript() throws {
        let site = try self.site()
        defer { site.remove() }
        let serve = try ServeProcess(site: site.root)
        #expect(try serve.get("/").text.contains("/_kiosque/events"))
        serve.stop()
        #expect(try CLI.run(["build", "--site", site.root]).status == 0)
        for dir in [site.publicDir, site.path(".kiosque/preview")] {
            for (path, bytes) in fileTree(dir) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains("_kiosque/events"), "\(dir)/\(path)")
            }
        }
        // And the preview's links are its own, not the site's.
        #expect(site.output("index.html")?.contains("127.0.0.1") == false)
    }

    @Test func manyIdleConnectionsAndAClientThatNeverReadsDoNotStopIt() throws {
        let site = try self.site()
        defer { site.remove() }
        try site.write("templates/static/gros.bin", String(repeating: "cours de clôture; ", count: 400_000))
        let serve = try ServeProcess(site: site.root)
        defer { serve.stop() }
        var idle: [Int32] = []
        for _ in 0..<100 { idle.append(try RawHTTP.connect(serve.port)) }
        defer { for fd in idle { close(fd) } }
        // Asks for 7 MB and never reads a byte of it.
        let stuck = try RawHTTP.connect(serve.port)
        defer { close(stuck) }
        RawHTTP.send(stuck, "GET /gros.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        usleep(300_000)
        for _ in 0..<5 { #expect(try serve.get("/").status == 200) }
    }

    @Test func aTakenPortIsAClearError() throws {
        let site = try self.site()
        defer { site.remove() }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in bind(fd, p, len) == 0 && listen(fd, 1) == 0 && getsockname(fd, p, &len) == 0 }
        }
        let port = UInt16(bigEndian: addr.sin_port)
        let r = try CLI.run(["serve", "--site", site.root, "--port", "\(port)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot listen on 127.0.0.1:\(port)") && r.stderr.contains("Address already in use"), "\(r.stderr)")
    }

    @Test func stopsOnSIGTERMAndWarnsWhenOpenToTheNetwork() throws {
        let site = try self.site()
        defer { site.remove() }
        let open = try ServeProcess(site: site.root, arguments: ["--host", "0.0.0.0"])
        let seconds = open.stop()
        #expect(open.process.terminationReason == .exit && open.process.terminationStatus == 0)
        #expect(seconds < 5, "took \(seconds) s to stop")
        #expect(open.stderr.contains("warning: listening on 0.0.0.0"), "\(open.stderr)")
    }
}
