import Foundation
import KiosqueCore
import Testing

@Suite("kiosque.yaml")
struct ConfigTests {
    static let valid = """
    site:
      title: "Orishas Direct"
      base_url: "https://www.example.com/"
      language: fr
      timezone: Africa/Abidjan
      description: "Desc"
    sectors:
      - slug: economie
        name: "Économie"
        keywords: [PIB, inflation]
      - slug: actions
        name: "Actions"
    feeds:
      - url: "https://feeds.example.com/brvm.xml"
        name: "BRVM"
        sector: actions

    """

    /// The diagnostics of a configuration that must not parse.
    func errors(_ yaml: String) -> [Diagnostic] {
        do {
            _ = try Config.parse(yaml, file: "kiosque.yaml", root: "/site")
            Issue.record("the configuration parsed but should not have")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func validConfigurationParses() throws {
        let c = try Config.parse(Self.valid, file: "kiosque.yaml", root: "/site")
        #expect(c.site.title == "Orishas Direct")
        #expect(c.site.baseURL == "https://www.example.com/")
        #expect(c.site.language == "fr")
        #expect(c.site.timeZone.identifier == "Africa/Abidjan")
        #expect(c.sectors.map(\.slug) == ["economie", "actions"])
        #expect(c.sectors[0].name == "Économie")
        #expect(c.sectors[0].keywords == ["PIB", "inflation"])
        #expect(c.feeds.count == 1)
        #expect(c.feeds.first?.sector == "actions")
        #expect(c.warnings.isEmpty)
        #expect(c.root == "/site")
        // Defaults for the optional `paths` section, resolved against the root.
        #expect(c.paths.output == "public")
        #expect(c.resolve(c.paths.content) == "/site/content")
        #expect(c.resolve("/abs/out") == "/abs/out")
    }

    @Test func missingTitleIsAnErrorNamingTheKeyWithALine() {
        let yaml = """
        site:
          base_url: "https://www.example.com/"
          timezone: Africa/Abidjan
        sectors:
          - slug: economie
            name: "Économie"

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("site.title") }
        #expect(e != nil, "\(d)")
        #expect(e?.severity == .error)
        #expect(e?.file == "kiosque.yaml")
        // The `site` mapping: its line (1) or the line of its first key (2).
        #expect(e?.line == 1 || e?.line == 2, "\(String(describing: e))")
    }

    @Test func missingSiteSectionIsAnError() {
        let d = errors("sectors:\n  - slug: economie\n    name: Économie\n")
        #expect(d.contains { $0.message.contains("site") && $0.severity == .error })
    }

    @Test func sectorsAsAScalarIsAnErrorAtTheValueLine() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
        sectors: economie

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("'sectors'") }
        #expect(e != nil, "\(d)")
        #expect(e?.line == 4)
        #expect(e?.message.contains("list") == true)
    }

    @Test func keywordsAsAMappingIsAnErrorAtTheValueLine() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
        sectors:
          - slug: economie
            name: "Économie"
            keywords:
              pib: 1
              inflation: 2

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("keywords") }
        #expect(e != nil, "\(d)")
        // The value (the nested mapping) starts on line 8.
        #expect(e?.line == 8, "\(String(describing: e))")
    }

    @Test func titleAsAListIsAnError() {
        let yaml = """
        site:
          title:
            - a
            - b
          base_url: "https://www.example.com/"
        sectors:
          - slug: economie
            name: "Économie"

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("site.title") }
        #expect(e?.line == 3, "\(d)")
        #expect(e?.message.contains("list") == true)
    }

    @Test func unknownKeyIsAWarningNamingKeyAndLine() throws {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
          tittle: "typo"
        sectors:
          - slug: economie
            name: "Économie"
            colour: red
        extra_section: 1

        """
        let c = try Config.parse(yaml, file: "kiosque.yaml", root: "/site")
        #expect(c.warnings.allSatisfy { $0.severity == .warning })
        let typo = c.warnings.first { $0.message.contains("site.tittle") }
        #expect(typo?.line == 4, "\(c.warnings)")
        #expect(typo?.file == "kiosque.yaml")
        let colour = c.warnings.first { $0.message.contains("colour") }
        #expect(colour?.line == 8, "\(c.warnings)")
        let top = c.warnings.first { $0.message.contains("extra_section") }
        #expect(top?.line == 9, "\(c.warnings)")
        #expect(c.warnings.count == 3)
    }

    /// A key one or two edits from a known one would silently change the whole site (`time_zone`
    /// for `timezone`: everything dated in UTC): an error naming both, at its line.
    @Test(arguments: [
        ("  time_zone: Africa/Abidjan\n", 4, "'site.time_zone' is not a key; did you mean 'site.timezone'?"),
        ("  Timezone: Africa/Abidjan\n", 4, "'site.Timezone' is not a key; did you mean 'site.timezone'?"),
        ("  descripton: \"x\"\n", 4, "'site.descripton' is not a key; did you mean 'site.description'?"),
        ("  langage: fr\n", 4, "'site.langage' is not a key; did you mean 'site.language'?"),
        ("timezone: Africa/Abidjan\n", 4, "'timezone' is not a key; did you mean 'site.timezone'?"),
        ("feed:\n  - url: \"https://feeds.example.com/brvm.xml\"\n", 4, "'feed' is not a key; did you mean 'feeds'?"),
    ])
    func nearMissKeysAreErrorsNamingTheKnownOne(_ added: String, _ line: Int, _ message: String) {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
        \(added)sectors:
          - slug: economie
            name: "Économie"

        """
        let e = errors(yaml)
        #expect(e.count == 1, "\(e)")
        #expect(e.first?.message == message, "\(e)")
        #expect(e.first?.line == line)
    }

    @Test func aKeyFarFromEveryKnownOneIsOnlyAWarning() throws {
        let c = try Config.parse(Self.valid + "colophon: \"x\"\n", file: "kiosque.yaml", root: "/site")
        #expect(c.warnings.map(\.message) == ["unknown key 'colophon' is ignored"])
    }

    @Test func aSiteTitleOrDescriptionTheSizeOfAFileIsAnError() {
        let long = String(repeating: "La place financière régionale se modernise. ", count: 100)
        let e = errors(Self.valid.replacingOccurrences(of: "description: \"Desc\"", with: "description: \"\(long)\""))
        #expect(e.first?.message == "'site.description' is \(long.count) characters long; at most 1000", "\(e)")
        #expect(e.first?.line == 6)
    }

    /// Warnings of kiosque.yaml are printed once per command, not once by the configuration
    /// and again by the build.
    @Test func eachDiagnosticIsPrintedOnce() throws {
        let site = try TempSite(extraConfig: "colophon: x\n")
        defer { site.remove() }
        try site.article("a", date: "2026-02-06T10:00:00Z", extraFrontMatter: "auteur: Moi\n")
        let r = try CLI.run(["build", "--site", site.root, "--now", "2026-03-01T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "colophon").count == 2, "\(r.stderr)")
        #expect(r.stderr.components(separatedBy: "auteur").count == 2, "\(r.stderr)")
    }

    @Test func unknownTimeZoneIsAnErrorAtItsLine() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
          timezone: Mars/Olympus_Mons
        sectors:
          - slug: economie
            name: "Économie"

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("Mars/Olympus_Mons") }
        #expect(e != nil, "\(d)")
        #expect(e?.line == 4)
        #expect(e?.message.contains("site.timezone") == true)
    }

    @Test(arguments: ["ftp://example.com/", "www.example.com", "not a url", "https://", "https://example.com/?a=1",
                      "javascript:alert(1)"])
    func badBaseURLIsAnError(_ url: String) {
        let yaml = """
        site:
          title: "T"
          base_url: "\(url)"
        sectors:
          - slug: economie
            name: "Économie"

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("site.base_url") }
        #expect(e != nil, "\(d)")
        #expect(e?.line == 3)
    }

    @Test(arguments: [
        ("https://Example.COM/news", "https://example.com/news/"),
        ("https://www.example.com", "https://www.example.com/"),
        ("http://example.com/a/b/", "http://example.com/a/b/"),
        ("  https://example.com/news  ", "https://example.com/news/"),
    ])
    func baseURLIsNormalizedWithATrailingSlash(_ raw: String, _ expected: String) throws {
        let yaml = """
        site:
          title: "T"
          base_url: "\(raw)"
        sectors:
          - slug: economie
            name: "Économie"

        """
        let c = try Config.parse(yaml, file: "kiosque.yaml", root: "/site")
        #expect(c.site.baseURL == expected)
    }

    @Test func unknownFeedSectorIsAnErrorAtItsLine() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
        sectors:
          - slug: economie
            name: "Économie"
        feeds:
          - url: "https://feeds.example.com/a.xml"
            sector: petrole

        """
        let d = errors(yaml)
        let e = d.first { $0.message.contains("petrole") }
        #expect(e != nil, "\(d)")
        #expect(e?.line == 9)
        #expect(e?.hint?.contains("economie") == true)
    }

    @Test func invalidAndDuplicateSectorSlugsAreErrors() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
        sectors:
          - slug: Économie
            name: "Économie"
          - slug: actions
            name: "Actions"
          - slug: actions
            name: "Actions bis"

        """
        let d = errors(yaml)
        #expect(d.contains { $0.line == 5 && $0.message.contains("Économie") }, "\(d)")
        #expect(d.contains { $0.line == 9 && $0.message.contains("twice") }, "\(d)")
    }

    @Test func emptySectorListIsAnError() {
        let d = errors("site:\n  title: T\n  base_url: https://example.com/\nsectors: []\n")
        #expect(d.contains { $0.message.contains("at least one sector") }, "\(d)")
    }

    @Test func invalidYAMLReportsItsLine() {
        let yaml = """
        site:
          title: "T"
          base_url: "https://www.example.com/"
         sectors: x

        """
        let d = errors(yaml)
        #expect(d.count >= 1)
        #expect(d.first?.message.contains("invalid YAML") == true, "\(d)")
        #expect(d.first?.line == 4, "\(d)")
    }

    @Test func everyErrorIsReportedAtOnce() {
        let yaml = """
        site:
          base_url: "ftp://x"
          timezone: Nowhere/Land
        sectors:
          - slug: economie
            name: "Économie"

        """
        let d = errors(yaml)
        #expect(d.contains { $0.message.contains("site.title") })
        #expect(d.contains { $0.message.contains("site.base_url") })
        #expect(d.contains { $0.message.contains("Nowhere/Land") })
        // Sorted for display.
        #expect(d == d.sorted())
    }

    @Test func loadReadsTheFileAndReportsAMissingOne() throws {
        let site = try TempSite()
        defer { site.remove() }
        let c = try Config.load(siteDirectory: site.root)
        #expect(c.site.title == "Le Kiosque de test")
        #expect(c.root == site.root)

        let empty = TempSite(empty: ())
        defer { empty.remove() }
        #expect(throws: DiagnosticsError.self) { try Config.load(siteDirectory: empty.root) }
        do {
            _ = try Config.load(siteDirectory: empty.root)
        } catch {
            #expect(error.diagnostics.first?.file.hasSuffix("kiosque.yaml") == true)
        }
    }

    @Test func diagnosticDescriptionHasFileLineSeverityAndHint() {
        let d = Diagnostic(file: "content/a.md", line: 3, "bad thing", hint: "fix it")
        #expect(d.description == "content/a.md:3: error: bad thing (fix it)")
        let w = Diagnostic(.warning, file: "k.yaml", "careful")
        #expect(w.description == "k.yaml: warning: careful")
    }
}
