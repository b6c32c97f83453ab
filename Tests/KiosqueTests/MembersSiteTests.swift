import Foundation
import KiosqueCore
import Testing

/// The site's side of the members: the subscribe form of the footer and of the newsletter
/// archive (`subscribe.mustache`), its fallback, and the `members:` keys of `kiosque.yaml`.
@Suite struct MembersSiteTests {
    /// `kiosque digest` then `kiosque build`: the home page and the newsletter archive.
    static func pages(_ site: DigestSite) throws -> (home: String, archive: String) {
        let digest = try CLI.run(["digest", "--site", site.root, "--date", "2026-02-06", "--now", "2026-02-06T18:00:00Z"])
        try #require(digest.status == 0, "\(digest.stderr)")
        let build = try CLI.run(["build", "--site", site.root, "--now", "2026-02-07T12:00:00Z"])
        try #require(build.status == 0, "\(build.stderr)")
        return (try #require(site.read("public/index.html")), try #require(site.read("public/digests/index.html")))
    }

    @Test func theFormPostsToMembersURLFromTheFooterAndTheArchive() throws {
        let site = try MembersSite(members: "  url: https://news.example.com/lettre/membres/\n")
        defer { site.remove() }
        let (home, archive) = try Self.pages(site.site)
        // The archive has its own form above the footer's.
        for (page, sources) in [(home, ["pied-de-page"]), (archive, ["archive-lettre", "pied-de-page"])] {
            let each = { (value: String) in Array(repeating: value, count: sources.count) }
            #expect(Markup.html(page, "//form[@class='subscribe']/@action") == each("https://news.example.com/lettre/membres/inscription"), "\(page)")
            #expect(Markup.html(page, "//form[@class='subscribe']//input[@name='source']/@value") == sources)
            #expect(Markup.html(page, "//form[@class='subscribe']//input[@name='email']/@type") == each("email"))
            #expect(Markup.html(page, "//form[@class='subscribe']//input[@name='website']/@tabindex") == each("-1"))
            #expect(page.contains("J’accepte de recevoir la lettre quotidienne de Le Kiosque de test par e-mail."))
        }
        // The newsletter and `kiosque check` know the service answers there.
        #expect(try site.site.config().site.servedElsewhere.contains("/lettre/membres/"))
        let check = try CLI.run(["check", "--site", site.root, "--now", "2026-02-07T12:00:00Z"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func withoutMembersTheFormIsALinkToDigestSubscribeURLOrNothing() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let plain = try Self.pages(site)
        for page in [plain.home, plain.archive] {
            #expect(Markup.html(page, "//*[@class='subscribe']").isEmpty, "\(page)")
        }
        try site.write("kiosque.yaml", site.read("kiosque.yaml")! + "  subscribe_url: \"https://lists.example.com/inscription\"\n")
        let linked = try Self.pages(site)
        for (page, count) in [(linked.home, 1), (linked.archive, 2)] {
            #expect(Markup.html(page, "//p[@class='subscribe']/a/@href") == Array(repeating: "https://lists.example.com/inscription", count: count), "\(page)")
            #expect(Markup.html(page, "//form[@class='subscribe']").isEmpty)
        }
        // With a members: block the form wins.
        try site.write("kiosque.yaml", site.read("kiosque.yaml")! + "members:\n")
        let both = try Self.pages(site)
        #expect(Markup.html(both.home, "//form[@class='subscribe']/@action") == ["https://news.example.com/membres/inscription"])
        #expect(Markup.html(both.home, "//p[@class='subscribe']").isEmpty)
    }

    @Test(arguments: [
        ("members:\n  url: http://news.example.com/membres/\n", "kiosque.yaml:", "'members.url' must be https"),
        ("members:\n  url: /membres/\n", "kiosque.yaml:", "'members.url' must be an absolute https URL"),
        ("members:\n  thanks_page: Merci/Page\n", "kiosque.yaml:", "'members.thanks_page' is the slug of a page of content/pages/"),
        ("members:\n  trusted_proxies: [proxy.example.com]\n", "kiosque.yaml:", "lists IP addresses or CIDR blocks"),
        ("members:\n  consent_txt: \"J’accepte\"\n", "kiosque.yaml:", "'members.consent_txt' is not a key; did you mean 'members.consent_text'?"),
    ])
    func badMembersKeysAreErrorsWithTheirLine(block: String, file: String, message: String) throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        try site.write("kiosque.yaml", site.read("kiosque.yaml")! + block)
        let r = try CLI.run(["build", "--site", site.root])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains(file) && r.stderr.contains(message), "\(r.stderr)")
    }

    @Test func digestSubscribeURLMustBeAnHTTPURLOrASitePath() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let yaml = try #require(site.read("kiosque.yaml"))
        try site.write("kiosque.yaml", yaml + "  subscribe_url: \"lists.example.com/inscription\"\n")
        let r = try CLI.run(["build", "--site", site.root])
        #expect(r.status == 3 && r.stderr.contains("'digest.subscribe_url' must be an http(s) URL or a path starting with '/'"), "\(r.stderr)")
        try site.write("kiosque.yaml", yaml + "  subscribe_url: \"/lettre/\"\n")
        #expect(try CLI.run(["build", "--site", site.root]).status == 0)
    }

    @Test func theDemoHasItsThankYouAndConfirmationPages() throws {
        let config = try Config.load(siteDirectory: packageRoot)
        let members = try #require(config.members)
        for url in [members.thanksURL, members.confirmedURL] {
            let slug = String(url.dropFirst(config.site.baseURL.count).dropLast())
            let page = try String(contentsOfFile: packageRoot + "/content/pages/\(slug).md", encoding: .utf8)
            #expect(page.hasPrefix("---\ntitle: "), "\(slug)")
        }
    }
}
