import HTML
import Foundation
import Testing
@testable import Digest
import Feeds
import KiosqueCore
import Site

/// `kiosque digest` on a small site: the selection, the email HTML, the text part, the
/// `.eml`, the checks and the web archive.
@Suite struct DigestBuildTests {
    static let day = "2026-02-06"

    private func digest(_ site: DigestSite, _ args: [String] = ["--date", day]) throws -> CLI.Result {
        try CLI.run(["digest", "--site", site.root, "--now", "2026-02-06T18:00:00Z"] + args)
    }

    @Test func writesFourFilesInReadingOrder() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let r = try digest(site)
        #expect(r.status == 0, "\(r.stderr)")
        for ext in ["html", "web.html", "txt", "eml"] { #expect(site.exists("digests/\(Self.day).\(ext)")) }
        #expect(r.stdout.contains("4 articles"))
        let html = try #require(site.read("digests/\(Self.day).html"))
        // Featured first, then the sectors in configured order (economie, marches, energie),
        // newest first within a sector; the day before is not in it.
        let order = ["La BRVM progresse", "La croissance se confirme", "L’inflation ralentit", "Le solaire &amp; l’éolien"]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(!html.contains("Le budget 2026"))
        #expect(html.contains("vendredi 6 février 2026"))
    }

    @Test func htmlIsEmailReady() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        #expect(try digest(site).status == 0)
        let html = try #require(site.read("digests/\(Self.day).html"))
        let doc = try #require(HTMLDocument(html))
        let els = doc.elements

        // Layout tables only, all marked as presentation.
        let tables = els.filter { $0.name == "table" }
        #expect(tables.count >= 2)
        #expect(tables.allSatisfy { $0.attribute("role") == "presentation" })
        let container = try #require(tables.first { $0.classes.contains("container") })
        #expect(container.attribute("width") == "100%")
        #expect(container.attribute("style")?.contains("max-width:600px") == true)
        #expect(html.contains(#"<!--[if mso]><table role="presentation" align="center" border="0" cellpadding="0" cellspacing="0" width="600">"#))

        // Every element with text of its own carries its style inline.
        for e in els where ["p", "h1", "h2", "h3", "a", "td"].contains(e.name) && e.hasOwnText {
            #expect(e.attribute("style")?.contains("color:") == true || e.name == "td" && e.attribute("style") != nil,
                    "<\(e.name) class=\(e.attribute("class") ?? "")> \(e.text.prefix(30)) has no inline style")
        }
        #expect(els.filter { $0.name == "p" }.allSatisfy { $0.attribute("style")?.contains("font-family") == true })

        // Links and images.
        for e in els {
            for attr in ["href", "src"] {
                if let url = e.attribute(attr) { #expect(url.hasPrefix("https://") || url.hasPrefix("mailto:"), "\(url)") }
            }
        }
        let img = try #require(els.first { $0.name == "img" })
        #expect(img.attribute("alt") == "La BRVM progresse de 1\u{A0}%")  // typeset, like every title
        #expect(img.attribute("width") == "552")
        #expect(img.attribute("src") == "https://images.example.com/brvm.jpg")
        #expect(!els.contains { ["script", "form", "iframe"].contains($0.name) })

        // Head: color scheme, one <style> left with only media queries and dark mode.
        #expect(els.contains { $0.name == "meta" && $0.attribute("name") == "color-scheme" && $0.attribute("content") == "light dark" })
        let styles = els.filter { $0.name == "style" }
        #expect(styles.count == 1 && styles[0].parent?.name == "head")
        let kept = styles[0].text
        #expect(kept.contains("@media screen and (max-width: 620px)"))
        #expect(kept.contains("@media (prefers-color-scheme: dark)"))
        #expect(!kept.contains(".summary {"))

        // Hidden preheader with the first headlines.
        let pre = try #require(els.first { $0.classes.contains("preheader") })
        #expect(pre.attribute("style")?.contains("display:none") == true)
        #expect(pre.text.hasPrefix("La BRVM progresse de 1\u{A0}% · La croissance se confirme"))

        // Footer: site, web version, unsubscribe.
        let hrefs = els.compactMap { $0.attribute("href") }
        #expect(hrefs.contains("https://news.example.com/digests/2026-02-06/"))
        #expect(hrefs.contains("https://lists.example.com/unsubscribe"))
        #expect(hrefs.contains("https://news.example.com/articles/2026/02/06/brvm/"))
    }

    @Test func siteLinksExistOnTheBuiltSite() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        #expect(try digest(site).status == 0)
        let build = try CLI.run(["build", "--site", site.root, "--now", "2026-02-06T18:00:00Z"])
        #expect(build.status == 0, "\(build.stderr)")
        let html = try #require(site.read("digests/\(Self.day).html"))
        let doc = try #require(HTMLDocument(html))
        for e in doc.elements {
            guard let url = e.attribute("href"), url.hasPrefix(DigestSite.base) else { continue }
            var rel = String(url.dropFirst(DigestSite.base.count))
            if let hash = rel.firstIndex(of: "#") { rel = String(rel[..<hash]) }
            #expect(site.exists("public/" + SiteURLs.file(for: rel)), "\(url) is not on the built site")
        }
        // The web archive: an index, linked from every footer and listed in the sitemap.
        let index = try #require(site.read("public/digests/index.html"))
        #expect(index.contains(#"href="https://news.example.com/digests/2026-02-06/""#))
        #expect(index.contains("vendredi 6 février 2026"))
        let home = try #require(site.read("public/index.html"))
        #expect(Markup.html(home, "//footer//a[@href='\(DigestSite.base)digests/']") == ["La lettre quotidienne"])
        let sitemap = try #require(site.read("public/sitemap.xml"))
        #expect(sitemap.contains("<loc>\(DigestSite.base)digests/</loc>") && sitemap.contains("<loc>\(DigestSite.base)digests/2026-02-06/</loc>"))
    }

    /// The web version is a page of the site: its layout, the newsletter's stories, and none of
    /// the lines meant for a recipient. One archived without a web body stays the mail itself.
    @Test func theWebVersionIsInTheSitesLayoutWithoutTheRecipientLines() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        #expect(try digest(site).status == 0)
        let build = ["build", "--site", site.root, "--now", "2026-02-06T18:00:00Z"]
        #expect(try CLI.run(build).status == 0)
        let mail = try #require(site.read("digests/\(Self.day).html"))
        #expect(mail.contains("Vous recevez cette lettre") && mail.contains("lists.example.com/unsubscribe"))
        let web = try #require(site.read("public/digests/\(Self.day)/index.html"))
        #expect(Markup.html(web, "//header[@class='masthead']/div/a[@class='brand']") == ["Le Kiosque de test"])
        #expect(Markup.html(web, "//article[@class='digest-web']//h1") == ["La lettre du vendredi 6 février 2026"])
        #expect(Markup.html(web, "//article[@class='digest-web']//h3/a") == ["La BRVM progresse de 1 %", "La croissance se confirme",
                                                                                "L’inflation ralentit en janvier", "Le solaire & l’éolien en hausse"].map(FrenchTypography.text))
        #expect(!web.contains("Vous recevez") && !web.contains("lists.example.com") && !web.contains("désabonner"))
        #expect(Markup.html(web, "//link[@rel='canonical']/@href") == [DigestSite.base + "digests/2026-02-06/"])

        try FileManager.default.removeItem(atPath: site.path("digests/\(Self.day).web.html"))
        #expect(try CLI.run(build).status == 0)
        #expect(site.read("public/digests/\(Self.day)/index.html") == mail)
    }

    @Test func buildWithDigestsIsDeterministic() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        #expect(try digest(site).status == 0)
        for out in ["a", "b"] {
            #expect(try CLI.run(["build", "--site", site.root, "--now", "2026-02-06T18:00:00Z", "--output", out]).status == 0)
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: site.path("a")).sorted()
        #expect(files.contains("digests/index.html"))
        for f in files where !f.hasSuffix("/") {
            #expect(FileManager.default.contents(atPath: site.path("a/" + f)) == FileManager.default.contents(atPath: site.path("b/" + f)), "\(f)")
        }
    }

    @Test func textPartWrapsAt78ColumnsAndKeepsURLsWhole() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        try site.article("long", title: "Un titre très long " + String(repeating: "qui n’en finit pas ", count: 8), date: "2026-02-06T06:00:00Z",
                         sector: "marches", summary: String(repeating: "Une phrase de résumé assez longue. ", count: 5))
        try site.article("un-slug-extremement-long-pour-depasser-largement-la-largeur-de-soixante-dix-huit-colonnes",
                         title: "Court", date: "2026-02-06T05:00:00Z", sector: "marches", summary: "Court.")
        #expect(try digest(site).status == 0)
        let text = try #require(site.read("digests/\(Self.day).txt"))
        var sawLongURL = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.count > 78 {
                #expect(line.hasPrefix("https://") && !line.contains(" "), "over 78 columns: \(line)")
                sawLongURL = true
            }
        }
        #expect(sawLongURL)
        #expect(text.contains("\nhttps://news.example.com/articles/2026/02/06/un-slug-extremement-long-pour-depasser-largement-la-largeur-de-soixante-dix-huit-colonnes/\n"))
        #expect(text.contains("Le solaire & l’éolien en hausse"))
        #expect(text.hasPrefix("Le Kiosque de test · La lettre du vendredi 6 février 2026\n"))
        #expect(!text.contains("\n\n\n"))
    }

    @Test func emlHeadersAndParts() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        #expect(try digest(site).status == 0)
        let raw = try #require(site.read("digests/\(Self.day).eml"))
        for line in raw.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF in the message")
        let m = EML(raw)
        #expect(MIMETestDecoder.encodedWords(m.header("Subject") ?? "") == "L’essentiel du vendredi 6 février 2026")
        #expect(m.header("From") == "Le Kiosque <lettre@example.com>")
        #expect(m.header("Date") == "Fri, 06 Feb 2026 18:00:00 +0000")
        #expect(m.header("MIME-Version") == "1.0")
        #expect(m.header("Message-ID")?.hasPrefix("<digest.2026-02-06.") == true)
        #expect(m.header("Message-ID")?.hasSuffix("@example.com>") == true)
        #expect(m.header("List-Unsubscribe")?.replacingOccurrences(of: "\r\n", with: "")
                == "<https://lists.example.com/unsubscribe>, <mailto:lettre@example.com?subject=unsubscribe>")
        #expect(m.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(m.header("Content-Type")?.hasPrefix("multipart/alternative; boundary=") == true)
        #expect(m.parts.count == 2)
        #expect(m.parts.map { $0.headers.first { $0.0 == "Content-Type" }?.1 ?? "" } == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(m.parts.allSatisfy { $0.headers.contains { $0 == ("Content-Transfer-Encoding", "quoted-printable") } })
        for p in m.parts { for line in p.body.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) } }
        #expect(raw.hasSuffix("--\(m.boundary!)--\r\n"))
        #expect(m.part("text/plain") == site.read("digests/\(Self.day).txt"))
        #expect(m.part("text/html") == site.read("digests/\(Self.day).html"))
    }

    @Test func withoutUnsubscribeURLWarnsAndWritesMailtoOnly() throws {
        let site = try DigestSite.small(unsubscribe: nil)
        defer { site.remove() }
        let r = try digest(site)
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: 'digest.unsubscribe_url' is not set"))
        let m = EML(try #require(site.read("digests/\(Self.day).eml")))
        #expect(m.header("List-Unsubscribe") == "<mailto:lettre@example.com?subject=unsubscribe>")
        #expect(m.headerCount("List-Unsubscribe-Post") == 0)
        #expect(site.read("digests/\(Self.day).html")?.contains(#"href="mailto:lettre@example.com?subject=unsubscribe""#) == true)
    }

    @Test func noNewsMeansNoDigest() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let r = try digest(site, ["--date", "2026-02-07"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no news on samedi 7 février 2026"))
        #expect(!site.exists("digests"))
        // Default: today in the site's time zone (--now 2026-02-06T18:00Z).
        #expect(try digest(site, []).status == 0)
        #expect(site.exists("digests/2026-02-06.eml"))
        // --latest: the newest day with news.
        let latest = try CLI.run(["digest", "--site", site.root, "--latest", "--now", "2026-03-01T00:00:00Z"])
        #expect(latest.status == 0)
        #expect(latest.stdout.contains("vendredi 6 février 2026"))
    }

    @Test(arguments: [
        (#"<img src="https://img.example.com/x.png" width="10">"#, "image 'https://img.example.com/x.png' has no alt text"),
        (#"<a href="/articles/">x</a>"#, "<a href=\"/articles/\">: relative link"),
        (#"<a href="{{site.url}}secteurs/inconnu/">x</a>"#, "the site build does not produce 'secteurs/inconnu/'"),
        (#"<script>alert(1)</script>"#, "<script> is not allowed in an email"),
        (#"<form action="https://x.example/"></form>"#, "<form> is not allowed in an email"),
    ])
    func checksStopABadTemplate(snippet: String, message: String) throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let template = try #require(String(bytes: DefaultTemplatesFile.digest, encoding: .utf8))
        try site.write("templates/digest.mustache", template.replacingOccurrences(of: "</body>", with: snippet + "\n</body>"))
        let r = try digest(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("templates/digest.mustache: error: "))
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!site.exists("digests"))
    }

    @Test func aLongDayIsTrimmedUnderGmailsClippingSize() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        for i in 0..<150 {
            try site.article("article-\(i)", title: "Article numéro \(i) d’une très longue journée", date: "2026-02-06T0\(i % 10):\(10 + i % 50):00Z",
                             sector: DigestSite.sectors[i % 3].0, summary: String(repeating: "Un résumé de bonne taille. ", count: 6), source: "Source")
        }
        let r = try digest(site)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("154 articles ("))
        let html = try #require(site.read("digests/\(Self.day).html"))
        #expect(html.utf8.count <= 100_000)
        #expect(html.utf8.count > 60_000)
        #expect(html.contains("autres articles en Économie"))
        #expect(html.contains(#"href="https://news.example.com/dates/2026/02/06/#s-economie""#))
    }

    @Test func aTemplateTooHeavyEvenTrimmedFails() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let template = try #require(String(bytes: DefaultTemplatesFile.digest, encoding: .utf8))
        let ballast = "<p>" + String(repeating: "lest ", count: 22_000) + "</p>"
        try site.write("templates/digest.mustache", template.replacingOccurrences(of: "</body>", with: ballast + "</body>"))
        let r = try digest(site)
        #expect(r.status == 1)
        #expect(r.stderr.contains("Gmail clips messages over about 102 KB"), "\(r.stderr)")
        #expect(!site.exists("digests"))
    }

    @Test func linksServedElsewhereOnTheSitesDomainAreAccepted() throws {
        let site = try DigestSite.small(unsubscribe: "https://news.example.com/desabonnement", servedElsewhere: ["/membres/"])
        defer { site.remove() }
        let template = try #require(String(bytes: DefaultTemplatesFile.digest, encoding: .utf8))
        let links = #"<p><a href="{{site.url}}membres/">Espace membres</a> · <a href="{{site.url}}membres/compte/abonnement?de=lettre">Mon abonnement</a></p>"#
        try site.write("templates/digest.mustache", template.replacingOccurrences(of: "</body>", with: links + "\n</body>"))
        let r = try digest(site)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try #require(site.read("digests/\(Self.day).html"))
        #expect(html.contains(#"href="https://news.example.com/desabonnement""#))
        #expect(html.contains(#"href="https://news.example.com/membres/compte/abonnement?de=lettre""#))

        // A path covers what is below it, not its look-alikes; the unsubscribe URL covers itself.
        let wrong = #"<a href="{{site.url}}membres-vip/">x</a><a href="{{site.url}}desabonnement/autre">y</a><a href="{{site.url}}inconnu/">z</a>"#
        try site.write("templates/digest.mustache", template.replacingOccurrences(of: "</body>", with: wrong + "\n</body>"))
        let bad = try digest(site)
        #expect(bad.status == 1)
        for page in ["membres-vip/", "desabonnement/autre", "inconnu/"] {
            #expect(bad.stderr.contains("the site build does not produce '\(page)' (if another program serves it, list it in 'site.served_elsewhere'"),
                    "\(bad.stderr)")
        }
        #expect(site.read("digests/\(Self.day).html") == html)
    }

    /// The digests folder on a small tmpfs, filled so that the new `.html` and `.txt` fit and
    /// the `.eml` does not.
    @Test func aFullDiskLeavesThePreviousThreeFilesUntouched() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let folder = site.path("digests")
        guard let disk = SmallDisk.mount(size: "1m", at: folder, for: "aFullDiskLeavesThePreviousThreeFilesUntouched") else { return }

        #expect(try digest(site).status == 0)
        let names = ["html", "web.html", "txt", "eml"].map { "\(Self.day).\($0)" }
        let old = names.map { FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent($0)) }
        // A new article that day: all three files change.
        try site.article("cacao", title: "Le cacao atteint un record", date: "2026-02-06T12:00:00Z", sector: "marches",
                         summary: "Les cours du cacao battent un nouveau record à Londres.")
        disk.fill(leaving: old[..<3].reduce(0) { $0 + ($1?.count ?? 0) } + 4 * 4096)

        let r = try digest(site)
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("\(folder)/\(Self.day).eml: cannot write: No space left on device: the disk is full"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was written, the previous files are as they were"))
        for (name, bytes) in zip(names, old) {
            #expect(FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name)) == bytes, "\(name) changed")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == (names + ["lest"]).sorted())

        disk.empty()
        #expect(try digest(site).status == 0)
        #expect(site.read("digests/\(Self.day).html")?.contains("Le cacao atteint un record") == true)
    }

    @Test func leftoversOfAnInterruptedDigestAreRemoved() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let gone = try CommandRun("/bin/true", []).pid
        try site.write("digests/.2026-02-05.eml.tmp-\(gone)", "la moitié d’un message")
        try site.write("digests/.2026-02-06.html.tmp-\(gone)", "<p>la moitié d’une page")
        // Not a digest's, or its writer still runs: kept.
        try site.write("digests/.notes.txt.tmp-\(gone)", "les notes de la rédaction")
        try site.write("digests/.2026-02-06.txt.tmp-\(getpid())", "en cours d’écriture")
        #expect(try digest(site).status == 0)
        #expect(!site.exists("digests/.2026-02-05.eml.tmp-\(gone)"))
        #expect(!site.exists("digests/.2026-02-06.html.tmp-\(gone)"))
        #expect(site.exists("digests/.notes.txt.tmp-\(gone)"))
        #expect(site.exists("digests/.2026-02-06.txt.tmp-\(getpid())"))
    }

    @Test func wrapsLinesAtSpacesOnly() {
        let url = "https://news.example.com/" + String(repeating: "x", count: 90)
        let out = PlainText.layout("    " + String(repeating: "mot ", count: 30) + url + " fin\n\n\n\nsuite   \n")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains(Substring(url)) == false)
        #expect(lines.contains(Substring("    " + url)))
        #expect(lines.allSatisfy { $0.count <= 78 || $0.contains(url) })
        #expect(out.hasSuffix("fin\n\nsuite\n"))
    }
}

@Suite struct DigestConfigTests {
    @Test(arguments: [
        ("smtp_url: \"smtp://user:pw@mail.example.com\"", "'digest.smtp_url' must not hold a user name or password"),
        ("smtp_url: \"http://mail.example.com\"", "'digest.smtp_url' must be smtp://host[:port] or smtps://host[:port]"),
        ("unsubscribe_url: \"http://lists.example.com/u\"", "'digest.unsubscribe_url' must be an https URL"),
    ])
    func digestBlockIsChecked(line: String, message: String) throws {
        let yaml = """
        site:
          title: "T"
          base_url: "https://example.com/"
        sectors:
          - slug: a
            name: "A"
        digest:
          from: "a@example.com"
          \(line)
        """
        do {
            _ = try Config.parse(yaml, root: "/tmp")
            Issue.record("accepted: \(line)")
        } catch {
            #expect(error.diagnostics.map(\.description).contains { $0.hasPrefix("kiosque.yaml:9: error: \(message)") },
                    "\(error.diagnostics)")
            #expect(!error.description.contains("pw@"))
        }
    }

    @Test(arguments: ["membres/", "https://news.example.com/membres/", "//cdn.example.com/x", "/a?b=c"])
    func servedElsewhereTakesPathsFromTheDomainRoot(path: String) throws {
        let yaml = """
        site:
          title: "T"
          base_url: "https://example.com/"
          served_elsewhere:
            - /desabonnement
            - "\(path)"
        sectors:
          - slug: a
            name: "A"
        """
        do {
            _ = try Config.parse(yaml, root: "/tmp")
            Issue.record("accepted: \(path)")
        } catch {
            #expect(error.diagnostics.map(\.description).contains {
                $0.hasPrefix("kiosque.yaml:6: error: 'site.served_elsewhere' lists paths from the domain root, not '\(path)'")
            }, "\(error.diagnostics)")
        }
        let good = try Config.parse(yaml.replacingOccurrences(of: "\"\(path)\"", with: "/membres/"), root: "/tmp")
        #expect(good.site.servedElsewhere == ["/desabonnement", "/membres/"])
    }
}
