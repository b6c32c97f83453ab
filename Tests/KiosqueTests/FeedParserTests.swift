import HTML
import Foundation
import KiosqueCore
import Testing
@testable import Feeds

/// Each fixture feed, checked field by field.
@Suite struct FeedParserTests {
    @Test func rss20WithModules() throws {
        let doc = try FeedFixtures.parse("rss20-complete.xml")
        #expect(doc.format == .rss20)
        #expect(doc.title == "La Lettre des Marchés")
        #expect(doc.link == "https://marches.example/")
        #expect(doc.language == "fr-FR")
        #expect(doc.updated.map(ISODate.utc) == "2026-02-06T10:00:00Z")
        #expect(!doc.recovered)
        #expect(doc.items.count == 2)
        let a = doc.items[0]
        #expect(a.id == "marches-4821")
        #expect(a.title == "La BRVM termine la semaine en hausse de 2 %")
        #expect(a.link == "https://marches.example/2026/02/brvm-hausse")
        #expect(a.published.map(ISODate.utc) == "2026-02-06T09:30:00Z")
        #expect(a.updated == nil)
        #expect(a.author == "Awa Koné")  // dc:creator over the e-mail of <author>
        #expect(a.summaryHTML == "<p>Le <b>BRVM Composite</b> gagne 2 %.</p>")
        #expect(a.contentHTML?.hasPrefix("<p>Le BRVM Composite a gagné <strong>2 %</strong>") == true)
        #expect(a.categories == ["Bourse", "BRVM"])
        #expect(a.image == "https://marches.example/img/brvm.jpg")
        let b = doc.items[1]
        #expect(b.id == "https://marches.example/?p=4822")
        #expect(b.published.map(ISODate.utc) == "2026-02-05T16:45:00Z")
        #expect(b.summaryHTML == "Les cours du cacao ont reculé de 3 % & plus.")
        #expect(b.contentHTML == nil)
        #expect(b.author == nil)
        #expect(b.image == "https://marches.example/img/cacao.png")
    }

    @Test func guidIsPermaLink() throws {
        let doc = try FeedFixtures.parse("rss20-guid-permalink.xml")
        #expect(doc.items[0].link == "https://depeches.example/fmi-niger")
        #expect(doc.items[0].id == "https://depeches.example/fmi-niger")
        #expect(doc.items[1].link == nil)
        #expect(doc.items[1].id == "tag:depeches.example,2026:77")
    }

    @Test func rss10RDF() throws {
        let doc = try FeedFixtures.parse("rss10-rdf.xml")
        #expect(doc.format == .rss10)
        #expect(doc.title == "Statistiques UEMOA")
        #expect(doc.language == "fr")
        #expect(doc.updated.map(ISODate.utc) == "2026-02-06T07:00:00Z")
        let i = try #require(doc.items.first)
        #expect(i.id == "https://uemoa-stats.example/inflation-janvier")
        #expect(i.title == "L’inflation recule à 1,9 % en janvier")
        #expect(i.published.map(ISODate.utc) == "2026-02-05T12:00:00Z")
        #expect(i.author == "Service statistique")
        #expect(i.categories == ["Inflation"])
    }

    @Test func rss091() throws {
        let doc = try FeedFixtures.parse("rss091.xml")
        #expect(doc.format == .rss09x)
        #expect(doc.items.map(\.id) == ["https://agri.example/coton"])
        #expect(doc.items[0].summaryHTML == "Les égreneuses tournent depuis lundi.")
    }

    @Test func atom10XMLBaseAndTextConstructs() throws {
        let doc = try FeedFixtures.parse("atom10-xmlbase.xml", url: "https://ailleurs.example/flux.xml")
        #expect(doc.format == .atom10)
        #expect(doc.title == "Énergie Afrique")
        #expect(doc.link == "https://energie.example/actualites/")
        #expect(doc.language == "fr")
        #expect(doc.updated.map(ISODate.utc) == "2026-02-06T09:30:00Z")
        let a = doc.items[0]
        #expect(a.id == "tag:energie.example,2026:solaire")
        #expect(a.title == "Le solaire progresse au Sahel")  // type="html" read as text
        #expect(a.link == "https://energie.example/actualites/solaire-sahel")  // rel=alternate, not rel=edit
        #expect(a.image == "https://energie.example/img/panneaux.jpg")
        #expect(a.published.map(ISODate.utc) == "2026-02-06T08:30:00Z")
        #expect(a.updated.map(ISODate.utc) == "2026-02-06T11:00:00Z")
        #expect(a.author == "Rédaction Énergie")  // the feed's author
        #expect(a.summaryHTML == "<p>Trois centrales <a href=\"centrales\">inaugurées</a>.</p>")
        #expect(a.contentHTML == "<p>Voir le <a href=\"carte\">dossier</a> complet.</p>")
        #expect(a.base == "https://energie.example/dossiers/")  // the content's xml:base
        #expect(a.categories == ["solaire", "Sahel"])
        let b = doc.items[1]
        #expect(b.link == "https://energie.example/gaz")
        #expect(b.author == "Moussa Diop")
        #expect(b.published == nil)
        #expect(b.date.map(ISODate.utc) == "2026-02-05T07:00:00Z")
        #expect(b.contentHTML == "Une cargaison &lt;historique&gt; quitte le terminal.")
        #expect(b.image == "https://energie.example/img/gnl.jpg")
    }

    @Test func xmlBaseResolvesRelativeLinksInContent() throws {
        let doc = try FeedFixtures.parse("atom10-xmlbase.xml")
        let item = doc.items[0]
        let html = HTMLSanitizer.sanitize(item.contentHTML ?? "", base: item.base)
        #expect(html == "<p>Voir le <a href=\"https://energie.example/dossiers/carte\">dossier</a> complet.</p>")
    }

    @Test func atom03() throws {
        let doc = try FeedFixtures.parse("atom03.xml")
        #expect(doc.format == .atom03)
        #expect(doc.title == "Carnet de la dette")
        #expect(doc.updated.map(ISODate.utc) == "2026-02-03T10:00:00Z")
        let i = doc.items[0]
        #expect(i.link == "https://dette.example/eurobond")
        #expect(i.published.map(ISODate.utc) == "2026-02-03T09:00:00Z")
        #expect(i.updated.map(ISODate.utc) == "2026-02-03T10:00:00Z")
        #expect(i.contentHTML == "<p>La demande atteint 4 milliards.</p>")
        #expect(i.summaryHTML == "<p>Résumé</p>")  // mode="base64"
    }

    @Test func jsonFeed11() throws {
        let doc = try FeedFixtures.parse("jsonfeed11.json")
        #expect(doc.format == .jsonFeed)
        #expect(doc.title == "Fintech Hebdo")
        #expect(doc.link == "https://fintech.example/")
        #expect(doc.language == "fr")
        let a = doc.items[0]
        #expect(a.id == "fh-101")
        #expect(a.link == "https://fintech.example/mobile-money")
        #expect(a.published.map(ISODate.utc) == "2026-02-06T08:30:00Z")
        #expect(a.updated.map(ISODate.utc) == "2026-02-06T10:00:00Z")
        #expect(a.author == "Équipe Fintech")
        #expect(a.summaryHTML == "<p>Une étape symbolique &amp; attendue.</p>")
        #expect(a.contentHTML == "<p>Une étape <em>symbolique</em>.</p>")
        #expect(a.categories == ["mobile money", "paiements"])
        #expect(a.image == "https://fintech.example/img/mm.png")
        let b = doc.items[1]
        #expect(b.id == "102")
        #expect(b.link == "https://autre.example/article")
        #expect(b.author == "Kofi Mensah")
        #expect(b.contentHTML == "<p>Premier paragraphe.</p><p>Second &lt;paragraphe&gt;.</p>")
        #expect(b.title == nil)
        #expect(b.headline == "Premier paragraphe. Second <paragraphe>.")
    }

    @Test func jsonFeed10() throws {
        let doc = try FeedFixtures.parse("jsonfeed10.json")
        #expect(doc.items[0].author == "Fatou Ndiaye")
        #expect(doc.items[0].published.map(ISODate.utc) == "2026-02-01T04:00:00Z")
    }

    @Test func dates() throws {
        let doc = try FeedFixtures.parse("dates.xml")
        let got = Dictionary(uniqueKeysWithValues: doc.items.map { ($0.id, $0.published.map(ISODate.utc)) })
        for id in ["d1", "d2", "d3", "d4", "d5", "d6", "d8"] {
            #expect(got[id] == "2026-02-06T09:30:00Z", "\(id)")
        }
        #expect(got["d7"] == "2026-02-06T00:00:00Z")
        #expect(got["d9"] == "2026-03-03T09:30:00Z")
        #expect(got["d10"] == .some(nil))
    }

    @Test(arguments: [
        ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
        ("Tue, 10 Jun 2003 09:30:00 +0530", "2003-06-10T04:00:00Z"),
        ("10 Jun 2003 04:00 PDT", "2003-06-10T11:00:00Z"),
        ("lun. 2 nov. 2026 08:15:00 +0000", "2026-11-02T08:15:00Z"),
        ("2 décembre 2026 à 14h05", "2026-12-02T14:05:00Z"),
        ("2026-11-02T08:15:00.123+01:00", "2026-11-02T07:15:00Z"),
        ("2026-11-02T08:15Z", "2026-11-02T08:15:00Z"),
        ("2026-11", "2026-11-01T00:00:00Z"),
        ("2026", "2026-01-01T00:00:00Z"),
    ])
    func dateFormats(text: String, utc: String) {
        #expect(FeedDate.parse(text).map(ISODate.utc) == utc)
    }

    /// The in-place reader of the usual RFC 822 form agrees with the general one, and
    /// leaves every other form (and impossible dates) to it.
    @Test(arguments: [
        "Tue, 10 Jun 2003 04:00:00 GMT", "Fri, 06 Feb 2026 09:30:00 +0000", "Sat, 28 Feb 2026 23:59:59 -0800",
        "Mon, 29 Feb 2027 10:00:00 +0000", "Wed, 31 Dec 2025 21:10:00 +0530", "Thu, 01 JAN 2026 00:00:60 UT",
        "Sun, 15 Mar 2026 25:00:00 +0000", "Sun, 15 Xyz 2026 10:00:00 +0000", "Sun, 15 Mar 2026 10:00:00 CEST",
    ])
    func usualRFC822AgreesWithTheGeneralReader(text: String) {
        let general = FeedDate.rfc822(text)
        if let fast = FeedDate.usualRFC822(text) { #expect(fast == general) }
        #expect(FeedDate.parse(text) == general)
        let wellFormed = !["Mon, 29 Feb", "25:00", "Xyz", "CEST"].contains(where: text.contains)
        #expect((FeedDate.usualRFC822(text) != nil) == wellFormed)
    }

    @Test func quotedStringsEscapeWhatJSONAndYAMLNeed() {
        #expect(QuotedString.quoted("« 5 % » à Dakar") == "\"« 5 % » à Dakar\"")
        #expect(QuotedString.quoted("a\"b\\c\nd\u{85}e\u{2028}f\u{FEFF}\u{7F}")
                == #""a\"b\\c\nd\u0085e\u2028f\ufeff\u007f""#)
    }

    @Test func xmlEscapingReplacesMarkupAndDropsControlCharacters() {
        #expect(XMLEscaping.escape("Hudson & Cie <b>« 5 % »</b>") == "Hudson &amp; Cie &lt;b&gt;« 5 % »&lt;/b&gt;")
        #expect(XMLEscaping.escape("l'\"écart\"\u{1}\u{7}\t\n") == "l&apos;&quot;écart&quot;\t\n")
        #expect(XMLEscaping.escape("déjà propre") == "déjà propre")
    }

    @Test func itemsWithoutGuidLinkOrTitle() throws {
        let doc = try FeedFixtures.parse("no-guid-no-link-no-title.xml")
        #expect(doc.items[0].id == "https://breves.example/1")
        let b = doc.items[1]
        #expect(b.title == nil)
        #expect(b.headline == "Une brève sans titre ni lien, mais avec un texte assez long pour faire un titre…")
        // The synthesized id is stable across runs, and the same as when the headline was
        // the item's title (fetch states hold those ids).
        #expect(try FeedFixtures.parse("no-guid-no-link-no-title.xml").items[1].id == b.id)
        #expect(b.id == "urn:kiosque:" + StableHash.hex([b.headline, b.summaryHTML ?? "", "", ""].joined(separator: "\n")))
    }

    @Test func htmlPageIsNotAFeed() {
        #expect(throws: FeedError("an HTML page, not a feed")) { try FeedFixtures.parse("html-page.html") }
        #expect(throws: FeedError.self) { try FeedParser.parse(Array("   ".utf8)) }
        #expect(throws: FeedError.self) { try FeedParser.parse(Array("{\"a\": 1}".utf8)) }
        #expect(throws: FeedError.self) { try FeedParser.parse(Array("<svg xmlns='http://www.w3.org/2000/svg'/>".utf8)) }
    }
}

@Suite struct FeedEncodingTests {
    @Test func declaredWindows1252() throws {
        let doc = try FeedFixtures.parse("encoding-windows-1252.xml")
        #expect(doc.title == "Économie – l’hebdo")
        #expect(doc.items[0].title == "L’euro à 655,957 FCFA : « parité fixe »")
        #expect(doc.items[0].summaryHTML == "Coût : 5 € par mois")
        #expect(!doc.recovered)
    }

    @Test func validUTF8WinsOverTheDeclaration() throws {
        let doc = try FeedFixtures.parse("encoding-utf8-declared-latin1.xml")
        #expect(doc.title == "Déclaré latin-1, écrit en UTF-8 — ça arrive")
        #expect(doc.items[0].title == "Côte d’Ivoire")
    }

    @Test func utf16WithAndWithoutBOM() throws {
        for name in ["encoding-utf16le-bom.xml", "encoding-utf16be-nobom.xml"] {
            let doc = try FeedFixtures.parse(name)
            #expect(doc.title == "Flux en UTF-16 : ça marche", "\(name)")
            #expect(doc.items.first?.title == "Égalité", "\(name)")
        }
    }

    @Test func utf8BOM() throws {
        #expect(try FeedFixtures.parse("encoding-utf8-bom.xml").title == "Avec BOM : é")
    }

    @Test func httpCharset() throws {
        #expect(try FeedFixtures.parse("encoding-http-charset.xml", charset: "ISO-8859-15").title == "Prix en €")
        // Without it: not UTF-8, nothing declared, so windows-1252, and said so.
        let guessed = try FeedFixtures.parse("encoding-http-charset.xml")
        #expect(guessed.title == "Prix en ¤")
        #expect(guessed.recovered)
    }
}

@Suite struct FeedRecoveryTests {
    @Test func undeclaredEntitiesControlCharsAndGarbage() throws {
        let doc = try FeedFixtures.parse("malformed-recovered.xml")
        #expect(doc.recovered)
        #expect(doc.repairs.contains("text before the XML prolog removed"))
        #expect(doc.repairs.contains("1 control character(s) removed"))
        #expect(doc.title == "Le Journal démonté & remonté")
        let i = doc.items[0]
        #expect(i.title == "Marchés & bourses\u{A0}: la BRVM «\u{A0}s’envole\u{A0}» & l'or recule")
        #expect(i.link == "https://journal.example/?a=1&b=2")
        #expect(i.summaryHTML == "Texte © Journal &bogus; fin")
    }

    @Test func windows1252WithBrokenMarkup() throws {
        let doc = try FeedFixtures.parse("malformed-windows-1252.xml")
        #expect(doc.recovered)
        #expect(doc.items.count == 1)
        #expect(doc.items[0].title == "Café & cacao – la séance")
        #expect(doc.items[0].id == "w1")
    }

    @Test func wellFormedFeedsAreNotMarked() throws {
        for name in ["rss20-complete.xml", "atom10-xmlbase.xml", "jsonfeed11.json", "encoding-windows-1252.xml"] {
            #expect(try FeedFixtures.parse(name).repairs == [], "\(name)")
        }
    }
}
