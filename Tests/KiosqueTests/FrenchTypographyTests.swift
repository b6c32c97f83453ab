import HTML
import Feeds
import Foundation
import KiosqueCore
import Markdown
import Site
import Testing

/// The rules of `FrenchTypography`, case by case. In `expected`, `~` stands for a no-break
/// space (U+00A0) and `^` for a narrow no-break space (U+202F).
@Suite("French typography")
struct FrenchTypographyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: String
        let expected: String
        init(_ input: String, _ expected: String) {
            self.input = input
            self.expected = expected.replacingOccurrences(of: "~", with: "\u{A0}").replacingOccurrences(of: "^", with: "\u{202F}")
        }
        var testDescription: String { input }
    }

    static let cases: [Case] = [
        // Punctuation: a narrow no-break space before ; ! ?, a no-break space before :.
        Case("Inflation : la BCEAO maintient son taux", "Inflation~: la BCEAO maintient son taux"),
        Case("Inflation: la BCEAO maintient son taux", "Inflation~: la BCEAO maintient son taux"),
        Case("Inflation  : deux espaces", "Inflation~: deux espaces"),
        Case("Le cacao flambe !", "Le cacao flambe^!"),
        Case("Faut-il vendre ?", "Faut-il vendre^?"),
        Case("Faut-il vendre?!", "Faut-il vendre^?!"),
        Case("La BRVM recule ; le Sonatel résiste", "La BRVM recule^; le Sonatel résiste"),
        Case("Une espace insécable de trop\u{A0}!", "Une espace insécable de trop^!"),
        // Guillemets: narrow no-break spaces inside, whatever was there.
        Case("« Nous restons prudents », dit la gouverneure", "«^Nous restons prudents^», dit la gouverneure"),
        Case("«Nous restons prudents»", "«^Nous restons prudents^»"),
        Case("«\u{A0}Déjà espacé\u{A0}»", "«^Déjà espacé^»"),
        // English quotes in a French title: « » when they pair up, nested ones stay English.
        Case("Le FMI juge la reprise \"fragile\"", "Le FMI juge la reprise «^fragile^»"),
        Case("Le “Cocoa Board” relève ses prix", "Le «^Cocoa Board^» relève ses prix"),
        Case("« Le mot “résilience” revient » dans le rapport", "«^Le mot “résilience” revient^» dans le rapport"),
        Case("Un écran de 15\" seulement", "Un écran de 15\" seulement"),
        Case("Une citation “ouverte sans fin", "Une citation “ouverte sans fin"),
        // Apostrophes between letters.
        Case("L'UEMOA et l'Union africaine s'accordent aujourd'hui", "L’UEMOA et l’Union africaine s’accordent aujourd’hui"),
        Case("Hausse d'1,5 % de l'indice", "Hausse d’1,5~% de l’indice"),
        Case("Les 'guillemets simples' restent", "Les 'guillemets simples' restent"),
        // Percentages and units: a no-break space after the number.
        Case("La croissance atteint 6,5 %", "La croissance atteint 6,5~%"),
        Case("La croissance atteint 6,5%", "La croissance atteint 6,5~%"),
        Case("Un prêt de 250 millions d'euros à 3 ‰", "Un prêt de 250~millions d’euros à 3~‰"),
        Case("Le kilo à 1 800 F CFA", "Le kilo à 1^800~F~CFA"),
        Case("Le baril à 82 $ et l'once à 2 310 €", "Le baril à 82~$ et l’once à 2^310~€"),
        Case("À 150 km d'Abidjan, 40 MW de plus", "À 150~km d’Abidjan, 40~MW de plus"),
        Case("Le Nasdaq gagne 120 pts", "Le Nasdaq gagne 120~pts"),
        // Thousands: groups of three from five digits on; four digits (years) as written.
        Case("15000 tonnes de cacao", "15^000 tonnes de cacao"),
        Case("Un budget de 1234567 F CFA", "Un budget de 1^234^567~F~CFA"),
        Case("Déjà groupé : 12 500 000 habitants", "Déjà groupé~: 12^500^000 habitants"),
        Case("En 2026, 1500 emplois", "En 2026, 1500 emplois"),
        Case("Un excédent de 12345,67 F", "Un excédent de 12^345,67~F"),
        Case("Pi vaut 3,14159", "Pi vaut 3,14159"),
        Case("Appeler le +225 27 20 25 00 00", "Appeler le +225 27 20 25 00 00"),
        Case("La référence AB-123456 et le code 012345", "La référence AB-123456 et le code 012345"),
        // Times, the French press's way.
        Case("Ouverture à 9 h 30, clôture à 15 h", "Ouverture à 9~h~30, clôture à 15~h"),
        Case("Séance de 10:30 à 11:00", "Séance de 10:30 à 11:00"),
        // Code, URLs and addresses are left as written.
        Case("Voir https://www.brvm.org/fr/cours?id=12345 : le détail", "Voir https://www.brvm.org/fr/cours?id=12345~: le détail"),
        Case("Écrire à redaction@example.com ou www.example.com/l'equipe", "Écrire à redaction@example.com ou www.example.com/l'equipe"),
        Case("Coder en C++ : une affaire de spécialistes", "Coder en C++~: une affaire de spécialistes"),
        Case("Lancer `kiosque fetch --limit 10000 : ok` : simple", "Lancer `kiosque fetch --limit 10000 : ok`~: simple"),
        Case("Le ratio a::b, x->y; et f()", "Le ratio a::b, x->y; et f()"),
        // Nothing to do: as it is.
        Case("Le franc CFA", "Le franc CFA"),
        Case("", ""),
    ]

    @Test(arguments: cases) func typesets(_ c: Case) {
        #expect(FrenchTypography.text(c.input) == c.expected)
    }

    @Test(arguments: cases) func isIdempotent(_ c: Case) {
        let once = FrenchTypography.text(c.input)
        #expect(FrenchTypography.text(once) == once)
    }

    /// Bodies go through the same rules, text node by text node: code, preformatted text,
    /// attribute values and URLs stay as the editor wrote them.
    @Test func bodiesAreTypesetOutsideCode() {
        let html = Markdown.html("""
        Le taux : 3,5 %, selon l'institut ; la « reprise » est *« là »* !

        Voir [le rapport](https://example.com/a?x=1 "Titre : rapport") et `a : b`.

        ```
        prix : 15000
        ```
        """)
        #expect(html.contains("Le taux\u{A0}: 3,5\u{A0}%, selon l’institut\u{202F}; la «\u{202F}reprise\u{202F}» est <em>«\u{202F}là\u{202F}»</em>\u{202F}!"))
        #expect(html.contains(#"<a href="https://example.com/a?x=1" title="Titre : rapport">"#))
        #expect(html.contains("<code>a : b</code>"))
        #expect(html.contains("prix : 15000"))
    }

    /// Raw HTML in a body (a table `kiosque fetch` kept) is typeset when it is sanitized for a
    /// page, outside `pre` and `code`; attribute values stay. Feed content is not touched.
    @Test func rawHTMLOfBodiesIsTypesetOutsideCode() {
        let raw = #"<table><tr><td><a href="https://example.com/brvm" title="Indice : BRVM">BRVM 30</a></td><td>+0,8 %</td><td><code>x : y</code></td></tr></table><pre>prix : 15000</pre>"#
        let page = HTMLSanitizer.sanitize(raw, base: nil, typeset: true)
        #expect(page.contains("<td>+0,8\u{A0}%</td>"), "\(page)")
        #expect(page.contains(#"title="Indice : BRVM""#))
        #expect(page.contains("<code>x : y</code>"))
        #expect(page.contains("<pre>prix : 15000</pre>"))
        #expect(HTMLSanitizer.sanitize(raw, base: nil).contains("<td>+0,8 %</td>"))
    }

    /// The faults the issue counted on the demo, gone from what readers see first: headlines,
    /// leads, summaries, `<title>`, the meta description and OpenGraph of every page, and the
    /// RSS feed. (Raw HTML tables in bodies are left as written, so bodies are not counted.)
    @Test func demoHeadlinesLeadsAndMetaAreTypeset() throws {
        let out = TempSite(empty: ())
        defer { out.remove() }
        let config = try Config.load(siteDirectory: packageRoot)
        _ = try SiteBuilder(config: config, options: .init(rules: PublishingRules(now: DemoSiteTests.now), output: out.path("public"))).build()
        var texts: [String] = []
        for file in files(in: out.path("public"), endingWith: ".html") {
            let html = String(decoding: FileManager.default.contents(atPath: out.path("public/" + file))!, as: UTF8.self)
            texts += Markup.html(html, "//h1 | //h2 | //h3 | //p[@class='lead'] | //p[@class='summary'] | //title"
                                     + " | //meta[@name='description']/@content | //meta[starts-with(@property, 'og:')]/@content")
        }
        let rss = String(decoding: FileManager.default.contents(atPath: out.path("public/rss.xml"))!, as: UTF8.self)
        texts += Markup.xml(rss, "//item/title | //item/description", namespaces: Markup.rss) ?? []
        #expect(texts.count > 500)
        func faults(_ pattern: String) -> [String] {
            texts.filter { $0.range(of: pattern, options: .regularExpression) != nil }
        }
        #expect(faults(" [:;!?»]|« ").isEmpty, "plain spaces at punctuation: \(faults(" [:;!?»]|« ").prefix(5))")
        #expect(faults("[0-9] %").isEmpty, "plain spaces before %: \(faults("[0-9] %").prefix(5))")
        #expect(faults("[[:alpha:]]'[[:alpha:]]").isEmpty, "straight apostrophes: \(faults("[[:alpha:]]'[[:alpha:]]").prefix(5))")
        // And what is typeset is typeset for good.
        for t in texts { #expect(FrenchTypography.text(t) == t, "\(t)") }
    }
}
