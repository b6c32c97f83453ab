import HTML
import Foundation
import KiosqueCore
import Testing
@testable import Feeds

/// The bug classes that `make conformance` (bench/conformance/) found against feedparser,
/// gofeed, feed-rs and rss-parser, each on a small feed of its own.
@Suite struct FeedConformanceTests {
    /// `feed inspect --json` says what the feed says; the headline is for articles and the listing.
    @Test func anItemWithoutTitleHasANullTitleAndAHeadline() throws {
        let doc = try FeedFixtures.parse("titre-absent.xml")
        #expect(doc.items.map(\.title) == ["Le marché de gros rouvre ses portes", nil, nil])
        #expect(doc.items[1].headline == "Coupure d'eau prévue jeudi de 8 h à 14 h dans les quartiers Koko et Dar-es-Salam…")
        #expect(doc.items[2].headline == "La foire agricole ouvre samedi.")

        let path = FeedFixtures.folder.appendingPathComponent("titre-absent.xml").path
        let json = try CLI.run(["feed", "inspect", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items[0]["title"] as? String == "Le marché de gros rouvre ses portes")
        #expect(items[1]["title"] is NSNull)
        #expect(items[2]["title"] is NSNull)
        let listing = try CLI.run(["feed", "inspect", path])
        #expect(listing.stdout.contains("\n- La foire agricole ouvre samedi.\n"), "\(listing.stdout)")
    }

    @Test func fetchGivesAnArticleWithoutTitleItsHeadline() throws {
        let feed = FeedFixtures.bytes("titre-absent.xml")
        let site = try TestSite(feeds: [("feeds/bouake.xml", "L'Écho de Bouaké", nil)], files: ["feeds/bouake.xml": feed])
        defer { site.remove() }
        let fetch = try CLI.run(["fetch", "--site", site.root])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        let titles = site.articles().map { file in
            site.read(file).split(separator: "\n").first { $0.hasPrefix("title: ") }.map(String.init) ?? ""
        }
        #expect(titles.sorted() == [
            "title: \"Coupure d'eau prévue jeudi de 8 h à 14 h dans les quartiers Koko et Dar-es-Salam…\"",
            "title: \"La foire agricole ouvre samedi.\"", "title: \"Le marché de gros rouvre ses portes\"",
        ])
    }

    /// An element left open in the channel used to swallow every item after it.
    @Test(arguments: ["non-ferme-image.xml", "non-ferme-itunes-category.xml", "non-ferme-description.xml"])
    func anUnclosedElementBeforeTheItemsLosesNoItem(name: String) throws {
        let doc = try FeedFixtures.parse(name)
        #expect(doc.items.count == 3, "\(name)")
        #expect(doc.items.allSatisfy { $0.title != nil }, "\(name)")
        #expect(doc.repairs.contains { $0.contains("unclosed element(s) closed") }, "\(doc.repairs)")
        let inspect = try CLI.run(["feed", "inspect", FeedFixtures.folder.appendingPathComponent(name).path])
        #expect(inspect.status == 0)
        #expect(inspect.stderr.contains("warning: recovered: "), "\(inspect.stderr)")
        #expect(inspect.stdout.contains("3 item(s)"), "\(inspect.stdout)")
    }

    /// What the reader now finds (an item after an unclosed `<image>`, Atom content in RSS)
    /// still goes through the sanitizer, and the repair is in fetch's summary.
    @Test func fetchSanitizesWhatTheRepairsRecoverAndReportsThem() throws {
        let site = try TestSite(feeds: [("feeds/abengourou.xml", "Abengourou Économie", nil)],
                                files: ["feeds/abengourou.xml": FeedFixtures.bytes("repare-et-nettoie.xml")])
        defer { site.remove() }
        let fetch = try CLI.run(["fetch", "--site", site.root])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        #expect(fetch.stdout.contains("Abengourou Économie: recovered a malformed feed: 1 unclosed element(s) closed"), "\(fetch.stdout)")
        let articles = site.articles().map(site.read)
        #expect(articles.count == 2)
        let cacao = try #require(articles.first { $0.contains("1 800 francs") })
        #expect(cacao.contains("Les planteurs de l'Indénié saluent la hausse."), "\(cacao)")
        #expect(!cacao.contains("onclick") && !cacao.contains("vol()") && !cacao.contains("document.write"), "\(cacao)")
    }

    @Test func anEndTagClosesWhatItsElementLeftOpen() throws {
        let doc = try FeedFixtures.parse("non-ferme-description.xml")
        #expect(doc.items.map(\.link) == ["https://sanpedro-matin.example/port-record", "https://sanpedro-matin.example/bereby",
                                          "https://sanpedro-matin.example/digue"])
        #expect(doc.title == "San Pedro Matin")
    }

    /// `<embed>` has no content: the text after it is the title's, and the article's (an
    /// `<object>`'s fallback content still goes with it).
    @Test func textAfterAnEmbedIsKept() throws {
        let doc = try FeedFixtures.parse("titre-embed.xml")
        #expect(doc.title == "Korhogo Direct")
        let item = try #require(doc.items.first)
        #expect(item.title == "Le coton bat son record")
        #expect(HTMLSanitizer.sanitize(item.contentHTML ?? "", base: nil) == "<p>La campagne dépasse les 500 000 tonnes, un record.</p>")
    }

    /// RSS 0.91's DTD declares HTML's entities; it is never loaded, and the text keeps them.
    @Test func htmlEntitiesUnderTheNetscapeDoctypeAreKept() throws {
        let doc = try FeedFixtures.parse("doctype-netscape.xml")
        #expect(doc.format == .rss09x)
        let item = try #require(doc.items.first)
        #expect(item.title == "Déjà vu : la cascade de Man attire à nouveau")
        #expect(item.summaryHTML == "Le café de la Dent de Man «\u{A0}affiche complet\u{A0}» chaque week-end.")
        #expect(!doc.recovered)
    }

    /// .NET's SyndicationFeed writes its links, authors, dates and content as Atom (`a10:`).
    @Test func atomElementsInsideRSSAreRead() throws {
        let doc = try FeedFixtures.parse("atom-dans-rss.xml")
        #expect(doc.link == "https://gagnoa-actu.example/")  // not the rel="self" one
        let a = doc.items[0]
        #expect(a.link == "https://gagnoa-actu.example/articles/marche-vivrier")
        #expect(a.id == "8d2f61a0-5b1e-4c7a-9e0b-31f2a6c4d901")
        #expect(a.author == "Aya Gnagne")
        #expect(a.published.map(ISODate.utc) == "2026-02-05T07:45:00Z")
        #expect(a.updated.map(ISODate.utc) == "2026-02-05T09:10:00Z")
        #expect(a.contentHTML == "<p>Deux cents nouvelles places pour les vendeuses de banane plantain.</p>")
        let b = doc.items[1]
        #expect(b.link == "https://gagnoa-actu.example/articles/lycee")
        #expect(b.summaryHTML == "La première pierre est posée lundi.")
    }

    @Test func anEmptyOrSelfLinkAfterTheRealOneNeverWins() throws {
        let doc = try FeedFixtures.parse("liens-multiples.xml")
        #expect(doc.link == "https://daloa-hebdo.example/")
        #expect(doc.items.map(\.link) == ["https://daloa-hebdo.example/fete-du-cacao", "https://daloa-hebdo.example/stade"])
    }

    /// dc:description, itunes:summary and itunes:author where RSS's own are missing; the
    /// content namespace as feeds write it, without its trailing slash.
    @Test func theOtherModulesStandInForWhatAnItemLacks() throws {
        let doc = try FeedFixtures.parse("champs-de-repli.xml")
        #expect(doc.items[0].summaryHTML == "Le taux de réussite progresse de quatre points.")
        #expect(doc.items[1].author == "La rédaction de Radio Yamoussoukro")
        #expect(doc.items[1].summaryHTML == "La basilique accueille les pèlerins ; la mairie lance le ramassage des ordures.")
        #expect(doc.items[2].summaryHTML == "Le chantier est fini.")
        #expect(doc.items[2].contentHTML == "<p>Le chantier est <strong>fini</strong>, trois mois avant la date prévue.</p>")
    }

    @Test func prefixesUsedWithoutTheirDeclarationAreRead() throws {
        let doc = try FeedFixtures.parse("prefixe-non-declare.xml")
        let item = try #require(doc.items.first)
        #expect(item.author == "Kouassi Yao")
        #expect(item.contentHTML == "<p>Trois jours de danses et de <em>foutou</em> sur la place du marché.</p>")
        #expect(doc.repairs == ["undeclared prefix(es) content:, dc: read as usual"])
    }

    /// What a broken WordPress plugin prints before the feed.
    @Test func textBeforeTheRootIsDroppedAndSaidSo() throws {
        let doc = try FeedFixtures.parse("texte-avant-racine.xml")
        #expect(doc.title == "Odienné Nouvelles")
        #expect(doc.items.map(\.title) == ["Le barrage de Samatiguila livre sa première récolte de riz"])
        #expect(doc.repairs.contains("text before the XML prolog removed"))
    }

    /// UTF-16 without a BOM nor a declaration, straight from `<rss`: the NUL beside the `<`
    /// says so (the stray-`<` repair would otherwise escape every tag, and lose every item).
    @Test(arguments: ["utf16le-sans-declaration.xml", "utf16be-sans-declaration.xml"])
    func utf16WithoutDeclarationIsRead(name: String) throws {
        let doc = try FeedFixtures.parse(name)
        #expect(doc.title == "Bondoukou Hebdo")
        #expect(doc.items.map(\.title) == ["Les cours de l’anacarde remontent à Bondoukou"])
        #expect(!doc.recovered, "\(doc.repairs)")
    }

    /// Declared ISO-8859-1, written in UTF-8 but for one latin-1 byte: the UTF-8 stays UTF-8.
    @Test func utf8TextWithAStrayLatin1ByteIsReadAsUTF8() throws {
        let doc = try FeedFixtures.parse("latin1-declare-utf8.xml")
        let item = try #require(doc.items.first)
        #expect(item.title == "Le roi de l’Indénié reçoit les élèves méritants")
        #expect(item.summaryHTML == "Cérémonie à la cour royale : bourses, cahiers et félicitations.")
        #expect(doc.repairs == ["1 byte(s) that are not UTF-8, in UTF-8 text, read as windows-1252"])
    }

    /// UTF-8 read as latin-1 and written again as UTF-8 ("cafÃ©"), repaired text by text.
    @Test func textEncodedTwiceIsDecodedOnce() throws {
        let doc = try FeedFixtures.parse("double-encodage.xml")
        #expect(doc.items[0].title == "La récolte de café dépasse les prévisions")
        #expect(doc.items[0].summaryHTML == "Les coopératives de Divo livrent 20 % de plus qu’en août dernier.")
        #expect(doc.items[1].summaryHTML == "Une bonne nouvelle pour les transporteurs de Guitry.")
        #expect(doc.repairs == ["2 text(s) encoded twice in UTF-8 decoded"])
    }

    /// The look for doubly encoded text, on bytes: "Ã©" passes it, "café à 20 %, « Dakar »"
    /// does not; "résumé»" ("é" then "»") passes it too, and the text check leaves it be.
    @Test func doubleEncodingIsFoundOnlyWhereItIs() {
        #expect(FeedEncoding.mayHoldDoubleEncoding(Array("<t>cafÃ©</t>".utf8)))
        #expect(FeedEncoding.mayHoldDoubleEncoding(Array("Ã©".utf8)))
        #expect(!FeedEncoding.mayHoldDoubleEncoding(Array("<t>café à 20\u{A0}%, «\u{A0}Dakar\u{A0}»</t>".utf8)))
        #expect(!FeedEncoding.mayHoldDoubleEncoding(Array("<t>plain</t>".utf8)))
        #expect(FeedEncoding.mayHoldDoubleEncoding(Array("<t>«résumé»</t>".utf8)))
        #expect(FeedEncoding.undoingDoubleEncoding("«résumé»") == "«résumé»")
        #expect(FeedEncoding.undoingDoubleEncoding("cafÃ©") == "café")
    }

    @Test(arguments: [
        ("2006-01-17T12:35:9+01:00", "2006-01-17T11:35:09Z"),
        ("2026-02-06T9:30:00Z", "2026-02-06T09:30:00Z"),
        ("2017-06-13T03:18:00+00:0", "2017-06-13T03:18:00Z"),
        ("2026-02-06T09:30:05.25+1:00", "2026-02-06T08:30:05Z"),
    ])
    func looseISODates(text: String, utc: String) {
        #expect(FeedDate.parse(text).map(ISODate.utc) == utc)
    }

    /// A JSON Feed that says "1.0", with URLs relative to the `feed_url` it gives.
    @Test func jsonFeedURLsAreResolvedAndABareVersionIsRead() throws {
        let doc = try FeedFixtures.parse("jsonfeed-relatif.json")
        #expect(doc.format == .jsonFeed)
        #expect(doc.link == "https://man-numerique.example/")
        let item = try #require(doc.items.first)
        #expect(item.link == "https://man-numerique.example/articles/42")
        #expect(item.id == "https://man-numerique.example/articles/42")
        #expect(item.image == "https://man-numerique.example/images/fibre.jpg")
    }

    /// An id written as a path is resolved like the link beside it; other ids are kept.
    @Test func pathIdsAreResolvedLikeLinks() throws {
        let doc = try FeedFixtures.parse("identifiants-relatifs.xml")
        #expect(doc.link == "https://seguela-infos.example/")
        #expect(doc.items.map(\.link) == ["https://seguela-infos.example/depeches/77", "https://seguela-infos.example/depeches/78"])
        #expect(doc.items.map(\.id) == ["https://seguela-infos.example/depeches/77", "seguela-78"])
        let fetched = try FeedFixtures.parse("identifiants-relatifs.xml", url: "https://ailleurs.example/flux.xml")
        #expect(fetched.items[0].id == "https://seguela-infos.example/depeches/77")  // xml:base over the address
    }
}
