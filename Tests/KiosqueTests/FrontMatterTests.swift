import Content
import Foundation
import KiosqueCore
import Testing

@Suite("Front matter")
struct FrontMatterTests {
    static func config(timezone: String = "Africa/Abidjan") -> Config {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
          timezone: \(timezone)
        sectors:
          - slug: economie
            name: "Économie"
          - slug: actions
            name: "Actions"

        """
        return try! Config.parse(yaml, file: "kiosque.yaml", root: "/site")
    }

    let config = FrontMatterTests.config()

    func parse(_ text: String, relative: String = "2026/02/06/mon-article.md", config: Config? = nil)
        -> (article: Article?, diagnostics: [Diagnostic])
    {
        FrontMatter.parse(text, file: "content/articles/\(relative)", relative: relative, config: config ?? self.config)
    }

    static let good = """
    ---
    title: "La BRVM termine en hausse"
    date: 2026-02-06T09:30:00Z
    sector: actions
    source: "Agence"
    source_url: "https://www.source.example/brvm"
    summary: "Le résumé."
    tags: [brvm, bourse]
    featured: true
    ---
    Le corps.

    """

    @Test func goodArticleParses() throws {
        let (a, d) = parse(Self.good)
        #expect(d.isEmpty, "\(d)")
        let article = try #require(a)
        #expect(article.title == "La BRVM termine en hausse")
        #expect(article.date == ts("2026-02-06T09:30:00Z"))
        #expect(article.sector == "actions")
        #expect(article.slug == "mon-article")
        #expect(article.folderDay == Day(year: 2026, month: 2, day: 6))
        #expect(article.path == "articles/2026/02/06/mon-article/")
        #expect(article.source == "Agence")
        #expect(article.sourceURL == "https://www.source.example/brvm")
        #expect(article.summary == "Le résumé.")
        #expect(article.tags == ["brvm", "bourse"])
        #expect(article.featured)
        #expect(!article.draft)
        #expect(article.body == "Le corps.\n")
        #expect(article.file == "content/articles/2026/02/06/mon-article.md")
        #expect(article.goesLive == article.date)
    }

    @Test func missingTitleIsAnError() {
        let text = """
        ---
        date: 2026-02-06T09:30:00Z
        sector: actions
        ---
        Corps.
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        let e = d.first { $0.message.contains("'title'") }
        #expect(e?.severity == .error, "\(d)")
        #expect(e?.file == "content/articles/2026/02/06/mon-article.md")
        #expect(e?.line != nil)
    }

    @Test func emptyTitleIsAnError() {
        let text = "---\ntitle: \"  \"\ndate: 2026-02-06T09:30:00Z\nsector: actions\n---\n"
        let (a, d) = parse(text)
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("'title' is empty") && $0.line == 2 }, "\(d)")
    }

    @Test func badDateReportsTheLineOfTheDateInTheFile() {
        let text = """
        ---
        title: "Titre"
        sector: actions
        tags: [a]
        date: 2026-02-30T09:30:00Z
        ---
        Corps.
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        let e = d.first { $0.message.contains("'date'") }
        #expect(e != nil, "\(d)")
        // `date:` is on the fifth line of the file (the fourth of the YAML).
        #expect(e?.line == 5)
        #expect(e?.message.contains("2026-02-30T09:30:00Z") == true)
    }

    @Test func missingDateIsAnError() {
        let (a, d) = parse("---\ntitle: T\nsector: actions\n---\n")
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("'date'") && $0.severity == .error }, "\(d)")
    }

    @Test func unknownSectorIsAnErrorAtItsLineWithTheChoices() {
        let text = """
        ---
        title: "Titre"
        date: 2026-02-06T09:30:00Z
        sector: petrole
        ---
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        let e = d.first { $0.message.contains("petrole") }
        #expect(e?.line == 4, "\(d)")
        #expect(e?.hint?.contains("economie") == true)
        #expect(e?.hint?.contains("actions") == true)
    }

    @Test func malformedYAMLIsAnErrorAtItsFileLine() {
        let text = """
        ---
        title: "Titre"
        date: 2026-02-06T09:30:00Z
          sector: actions
        ---
        Corps.
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        let e = d.first { $0.message.contains("invalid YAML") }
        #expect(e != nil, "\(d)")
        // The bad indentation is on the fourth line of the file.
        #expect(e?.line == 4, "\(d)")
    }

    @Test func frontMatterThatIsNotAMappingIsAnError() {
        let (a, d) = parse("---\n- a\n- b\n---\nCorps.\n")
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("front matter") && $0.line == 2 }, "\(d)")
    }

    @Test func emptyFrontMatterIsAnError() {
        let (a, d) = parse("---\n---\nCorps.\n")
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("empty") }, "\(d)")
    }

    @Test(arguments: ["Juste du texte.\n", "", "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\n"])
    func noFrontMatterIsAnErrorAtLineOne(_ text: String) {
        let (a, d) = parse(text)
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("no front matter") && $0.line == 1 }, "\(d)")
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let (a, d) = parse("\u{FEFF}" + Self.good)
        #expect(d.isEmpty, "\(d)")
        #expect(a?.title == "La BRVM termine en hausse")
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let crlf = Self.good.replacingOccurrences(of: "\n", with: "\r\n")
        let (a, d) = parse(crlf)
        #expect(!d.contains { $0.severity == .error }, "\(d)")
        #expect(a?.title == "La BRVM termine en hausse")
        #expect(a?.sector == "actions")
    }

    @Test(arguments: ["2026/13/01/x.md", "2026/02/30/x.md", "2026/02/06/Mon-Article.md", "2026/02/06/mon_article.md",
                      "2026/02/mon-article.md", "2026/02/06/extra/mon-article.md", "26/02/06/mon-article.md",
                      "2026/02/06/-debut.md"])
    func fileAtAWrongPathIsAnError(_ relative: String) {
        let (a, d) = parse(Self.good, relative: relative)
        #expect(a == nil)
        let e = d.first { $0.message.contains("content/articles/YYYY/MM/DD/<slug>.md") }
        #expect(e?.severity == .error, "\(d)")
        #expect(e?.file == "content/articles/\(relative)")
    }

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil.example/x",
                      "ftp://files.example/x"])
    func unsafeSourceURLIsRejected(_ url: String) {
        let text = """
        ---
        title: "Titre"
        date: 2026-02-06T09:30:00Z
        sector: actions
        source_url: "\(url)"
        ---
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("source_url") && $0.line == 5 }, "\(d)")
    }

    @Test(arguments: ["https://www.example.org/x", "http://example.org/", "/documents/rapport.pdf"])
    func httpAndRootRelativeSourceURLsAreAccepted(_ url: String) {
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\nsource_url: \"\(url)\"\n---\n"
        let (a, d) = parse(text)
        #expect(d.isEmpty, "\(d)")
        #expect(a?.sourceURL == url)
    }

    @Test func summaryIsDerivedFromTheFirstParagraphWhenMissing() throws {
        let text = """
        ---
        title: "Titre"
        date: 2026-02-06T09:30:00Z
        sector: actions
        ---
        ## Un intertitre

        Le **premier** paragraphe, avec [un lien](https://example.org)
        sur deux lignes.

        Le second paragraphe.
        """
        let (a, d) = parse(text)
        #expect(d.isEmpty, "\(d)")
        let summary = try #require(a?.summary)
        #expect(summary == "Le premier paragraphe, avec un lien sur deux lignes.")
    }

    @Test(arguments: [
        ("2026 sera une bonne année pour la BRVM.\n", "2026 sera une bonne année pour la BRVM."),
        ("1. premier point\n2. second point\n\nLe texte.\n", "Le texte."),
        ("> Une citation.\n> Suite.\n\n- une liste\n- encore\n\n| a | b |\n\nEnfin la prose.\n", "Enfin la prose."),
        ("Des \"guillemets\" et l'apostrophe.\n", "Des “guillemets” et l’apostrophe."),
        ("A &amp; B < C\n", "A & B < C"),
    ])
    func derivedSummarySkipsBlocksThatAreNotProse(_ body: String, _ expected: String) throws {
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\n---\n" + body
        let (a, d) = parse(text)
        #expect(d.isEmpty, "\(d)")
        #expect(a?.summary == expected)
    }

    /// The lines inside a block (a fenced code block, a list item's continuation) are not prose either.
    @Test(arguments: [
        "```\nlet x = 1\n```\n\nEnfin la prose.\n",
        "~~~\ncode\n~~~\n\nEnfin la prose.\n",
        "- un point\n  qui continue\n\nEnfin la prose.\n",
    ])
    func derivedSummaryIgnoresTheInsideOfBlocks(_ body: String) throws {
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\n---\n" + body
        #expect(parse(text).article?.summary == "Enfin la prose.")
    }

    @Test func derivedSummaryIsCutAtAWordWithAnEllipsis() throws {
        let words = Array(repeating: "mot", count: 100).joined(separator: " ")
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\n---\n\(words)\n"
        let summary = try #require(parse(text).article?.summary)
        #expect(summary.hasSuffix("…"))
        #expect(summary.count <= 221)
        #expect(summary.dropLast().hasSuffix("mot"))
    }

    @Test func dateWithoutOffsetIsReadInTheSiteTimeZone() throws {
        let paris = Self.config(timezone: "Europe/Paris")
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00\nsector: actions\n---\n"
        let inParis = try #require(parse(text, config: paris).article)
        #expect(inParis.date == ts("2026-02-06T08:30:00Z"))
        // Summer time: +02:00.
        let summer = "---\ntitle: T\ndate: 2026-07-06 09:30\nsector: actions\n---\n"
        let inJuly = try #require(parse(summer, relative: "2026/07/06/mon-article.md", config: paris).article)
        #expect(inJuly.date == ts("2026-07-06T07:30:00Z"))
        // Abidjan is UTC all year.
        let inAbidjan = try #require(parse(text).article)
        #expect(inAbidjan.date == ts("2026-02-06T09:30:00Z"))
        // An explicit offset wins over the site's zone.
        let explicit = "---\ntitle: T\ndate: 2026-02-06T09:30:00+01:00\nsector: actions\n---\n"
        #expect(parse(explicit).article?.date == ts("2026-02-06T08:30:00Z"))
    }

    @Test func dateOnAnotherDayThanTheFolderIsAWarning() throws {
        let paris = Self.config(timezone: "Europe/Paris")
        let text = "---\ntitle: T\ndate: 2026-02-06T23:30:00Z\nsector: actions\n---\n"
        let (a, d) = parse(text, config: paris)
        #expect(a != nil)
        let w = d.first { $0.severity == .warning }
        #expect(w?.line == 3, "\(d)")
        #expect(w?.message.contains("2026-02-07") == true)
        // Same instant, UTC site: the folder is right, nothing to say.
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test func publishingFieldsAreRead() throws {
        let text = """
        ---
        title: T
        date: 2026-02-06T09:30:00Z
        sector: actions
        draft: true
        publish_date: 2026-02-07T06:00:00Z
        expiry_date: 2026-03-01
        image: /img/photo.jpg
        ---
        """
        let a = try #require(parse(text).article)
        #expect(a.draft)
        #expect(a.publishDate == ts("2026-02-07T06:00:00Z"))
        #expect(a.expiryDate == ts("2026-03-01T00:00:00Z"))
        #expect(a.goesLive == ts("2026-02-07T06:00:00Z"))
        #expect(a.image == "/img/photo.jpg")
    }

    @Test func wrongTypesAreErrorsAtTheirLines() {
        let text = """
        ---
        title: T
        date: 2026-02-06T09:30:00Z
        sector: actions
        draft: peut-être
        tags:
          a: 1
        ---
        """
        let (a, d) = parse(text)
        #expect(a == nil)
        #expect(d.contains { $0.message.contains("'draft'") && $0.line == 5 }, "\(d)")
        #expect(d.contains { $0.message.contains("'tags'") && $0.line == 7 }, "\(d)")
    }

    @Test func singleTagIsAListOfOne() {
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\ntags: brvm\n---\n"
        #expect(parse(text).article?.tags == ["brvm"])
    }

    @Test func unknownKeyIsAWarningOnly() throws {
        let text = "---\ntitle: T\ndate: 2026-02-06T09:30:00Z\nsector: actions\nauteur: Moi\n---\n"
        let (a, d) = parse(text)
        #expect(a != nil)
        #expect(d.count == 1)
        #expect(d.first?.severity == .warning)
        #expect(d.first?.line == 5)
        #expect(d.first?.message.contains("auteur") == true)
    }

    @Test func everyProblemOfAFileIsReported() {
        let text = """
        ---
        date: hier
        sector: petrole
        source_url: "javascript:x"
        ---
        """
        let d = parse(text).diagnostics
        #expect(d.contains { $0.message.contains("'title'") })
        #expect(d.contains { $0.message.contains("'date'") && $0.line == 2 })
        #expect(d.contains { $0.message.contains("petrole") && $0.line == 3 })
        #expect(d.contains { $0.message.contains("source_url") && $0.line == 4 })
    }
}
