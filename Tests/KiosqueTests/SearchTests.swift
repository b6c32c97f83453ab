import Content
import Foundation
import KiosqueCore
@testable import Search
@testable import Site
import Testing

/// The analyzer: what the index and the client both make of French text.
@Suite struct SearchAnalyzerTests {
    func terms(_ text: String) -> [String] {
        var a = FrenchAnalyzer()
        return a.terms(text)
    }

    @Test func elisionsAccentsCaseAndStopWords() {
        #expect(terms("l’économie") == terms("Economie"))
        #expect(terms("d'Ivoire") == terms("ivoire"))
        #expect(terms("jusqu’à lorsqu’il puisqu’elle qu’on") == [])
        #expect(terms("ÉLECTRICITÉ") == terms("électricité"))
        #expect(terms("le la les de des du et à est même meme") == [])
        // `aujourd’hui` is no elision: both halves stay.
        #expect(terms("aujourd’hui").count == 2)
        // Gold is news, not a stop word.
        #expect(terms("or") == ["or"])
    }

    @Test func pluralsAndFormsShareTheirStem() {
        #expect(terms("dividendes") == terms("dividende"))
        #expect(terms("banques") == terms("banque"))
        #expect(terms("exportateurs") == terms("exporter"))
        #expect(terms("nationalisations") == terms("nationalisation"))
        #expect(terms("économiques") == terms("économique"))
        #expect(terms("producteurs producteur") == [terms("producteur")[0], terms("producteur")[0]])
        #expect(terms("taux") == ["taux"])
    }

    @Test func numbersKeepTheirSeparators() {
        #expect(terms("10,5 %") == ["10,5"])
        #expect(terms("10.5") == ["10,5"])
        #expect(terms("1\u{00A0}750 FCFA") == ["1750", "fcfa"])
        #expect(terms("1\u{202F}000") == ["1000"])
        #expect(terms("2025-2026, 12 pays") == ["2025", "2026", "12", "pay"])
    }

    /// French words are lowercased byte by byte: the same as `lowercased()` on every letter
    /// of Latin-1 and on `Œ`, and a word with another letter (`Ÿ`, Greek) still is.
    @Test func bytewiseLowercaseIsUnicodes() {
        let letters = (0xC0...0xFF).compactMap(Unicode.Scalar.init).map(String.init) + ["Œ", "œ"]
        for letter in letters where FrenchAnalyzer.isWordCharacter(letter.unicodeScalars.first!) {
            let word = "Z" + letter + "ÉtÉ"
            #expect(terms(word) == terms(word.lowercased()), "\(letter)")
        }
        #expect(terms("ŸVES ΔΕΛΤΑ") == terms("ÿves δελτα"))
        #expect(terms("ÉCONOMIE Économie") == ["econom", "econom"])
    }

    @Test func overlongWordsAreNotTerms() {
        #expect(terms(String(repeating: "a", count: 31)) == [])
        #expect(terms(String(repeating: "b", count: 30)).count == 1)
    }

    /// The words of the demo site, of the search tests' archive, and of forms that exercise
    /// every rule of the stemmer: `search.js` must make the same terms as the build.
    @Test func theClientAnalyzesAsTheBuildDoes() throws {
        var texts = SearchSite.articles.map { [$0.title, $0.summary, $0.body].joined(separator: "\n") }
        let demo = packageRoot + "/content/articles"
        for file in FileManager.default.enumerator(atPath: demo)!.compactMap({ $0 as? String }) where file.hasSuffix(".md") {
            texts.append(try String(contentsOfFile: demo + "/" + file, encoding: .utf8))
        }
        texts.append("""
            naïve Noël aïeul aiguë ambiguë ouïe canoë égoïste haïr maïs Québec quoique yeux payer rayure essayer bruyant
            ennuyeux voyage croyions continuellement évidemment couramment prudemment généralement finalement heureusement
            heureuse heureuses nationalité activités abusivement indicateur indicatrice logiques biologie rationalisme
            communiste abondance chanteuse malheureuse paresseuse analytiques sensibilité possibilités spécificités
            capitalisations obligataires bancaires directrices cacaoyère ivoiriennes céréales finissions finissaient
            bâtirent réussissons mangeâmes mangeassiez aimerions chanteront allions parlèrent parlâtes nation passion
            lesquelles appellent jetteront pareille corbeille tonne vaisseaux travaux chevaux journaux canaux bureaux
            gâteaux problème fidèle frère événement élève Œuvre cœur Ærø İstanbul ÇA 1 250 000 FCFA 3,5 % l'UEMOA « BRVM »
            1\u{00A0}750 10,5 3.25 2025-2026 1\u{202F}000 12,9\u{00A0}% 4,5, 7. 8,x ,9
            """)
        let stop = FrenchAnalyzer.stopWords.sorted(), elisions = FrenchAnalyzer.elisions.sorted()
        let answers = try SearchClient.run(packageRoot, texts.map { ["analyze": $0, "stop": stop, "elisions": elisions] },
                                           client: "templates/static/search/search.js")
        var compared = 0
        for (text, (answer, _)) in zip(texts, answers) {
            let swift = terms(text), js = answer as! [String]
            compared += swift.count
            let first = zip(swift, js).first { $0 != $1 }
            #expect(swift == js, "first difference: \(first.map { "\($0) vs \($1)" } ?? "length \(swift.count) vs \(js.count)")")
        }
        #expect(compared > 5_000)
    }
}

/// `search.js` under Node against a built site, over HTTP.
@Suite struct SearchClientTests {
    /// The test archive, built; the caller removes it.
    func built() throws -> TempSite {
        let site = try SearchSite.make()
        try site.build()
        return site
    }

    func top(_ site: TempSite, _ queries: [(String, [String: Any])]) throws -> [[String]] {
        try SearchClient.search(site.publicDir, queries).map { $0.map(\.path) }
    }

    @Test func accentsElisionsPluralsAndStemsFindTheirArticle() throws {
        let site = try built()
        defer { site.remove() }
        let cases: [(String, String)] = [
            ("electricite", "senegal-solaire"), ("ÉLECTRICITÉ", "senegal-solaire"), ("d’électricité", "senegal-solaire"),
            ("l'inflation", "uemoa-prix"), ("dividende", "sonatel-dividendes"), ("banque ivoirienne", "banques-exportateurs"),
            ("exporter", "banques-exportateurs"), ("exportateur", "banques-exportateurs"), ("liquéfié", "mauritanie-gaz"),
            ("récoltes abondantes", "burkina-coton"),
        ]
        let results = try top(site, cases.map { ($0.0, [:]) })
        for ((query, slug), hits) in zip(cases, results) {
            #expect(hits.first == SearchSite.path(slug), "\(query): \(hits)")
        }
    }

    @Test func everyWordMustMatchAndTheLastIsAPrefix() throws {
        let site = try built()
        defer { site.remove() }
        let results = try top(site, [("BCEAO taux directeur", [:]), ("cacao Côte d'Ivoire", [:]), ("cac", [:]), ("électr", [:]),
                                     ("Côte d’Ivoire", [:]), ("gaz", [:])])
        #expect(results[0].first == SearchSite.path("bceao-taux-directeur"))
        #expect(results[1] == [SearchSite.path("cacao-prix-bord-champ")])
        #expect(results[2] == [SearchSite.path("cacao-prix-bord-champ")])
        #expect(results[3].first == SearchSite.path("senegal-solaire"))
        #expect(Set(results[4]) == [SearchSite.path("cacao-prix-bord-champ"), SearchSite.path("banques-exportateurs")])
        // A title word weighs more than a body word.
        #expect(results[5].first == SearchSite.path("mauritanie-gaz"))
    }

    @Test func filtersBySectorTagAndDates() throws {
        let site = try built()
        defer { site.remove() }
        let results = try top(site, [
            ("Côte d’Ivoire", ["sector": "economie"]), ("Côte d’Ivoire", ["sector": "marches"]),
            ("marché", ["tag": "dette"]), ("marché", [:]),
            ("Nigeria", [:]), ("Nigeria", ["from": "2026-02-01", "to": "2026-02-28"]),
            ("prix", ["from": "2026-02-12", "to": "2026-02-12"]), ("prix", ["limit": 1]),
        ])
        #expect(results[0] == [SearchSite.path("banques-exportateurs")])
        #expect(results[1] == [SearchSite.path("cacao-prix-bord-champ")])
        #expect(results[2] == [SearchSite.path("benin-eurobond")])
        #expect(results[3].count > 1)
        #expect(results[4] == [SearchSite.path("nigeria-brut")])
        #expect(results[5] == [])
        #expect(results[6] == [SearchSite.path("cacao-prix-bord-champ")])
        #expect(results[7].count == 1)
    }

    @Test func emptyAbsurdAndLongQueries() throws {
        let site = try built()
        defer { site.remove() }
        let long = String(String(repeating: "cacao Côte d’Ivoire prix producteurs ", count: 40).prefix(1000))
        let queries = ["", "   ", "le la des", "zzqxw", "cacao zzqxw", "'’«»%", long, String(repeating: "x", count: 1000)]
        let answers = try SearchClient.run(site.publicDir, queries.map { ["search": $0] })
        for (query, (answer, _)) in zip(queries, answers) where query != long {
            #expect((answer as! [Any]).isEmpty, "\(query.prefix(20)): \(answer)")
        }
        let hits = answers[6].answer as! [[String: Any]]
        #expect(hits.map { URLComponents(string: $0["url"] as! String)!.path } == [SearchSite.path("cacao-prix-bord-champ")])
        // Its few distinct words fetch a few files, not one a repetition.
        #expect(answers[6].served.files <= 8, "\(answers[6].served)")
    }

    @Test func hitsCarryWhatTheListShows() throws {
        let site = try built()
        defer { site.remove() }
        let answers = try SearchClient.search(site.publicDir, [("Sonatel", [:]), ("photovoltaïques", [:])])
        let hit = answers[0][0]
        // Set in French typography, as the pages print it (the file says `Sénégal : …`).
        #expect(answers[1].first?.title == "Sénégal\u{A0}: l’électricité produite par le solaire progresse")
        #expect(hit.title == "La Sonatel verse des dividendes record à ses actionnaires")
        #expect(hit.path == SearchSite.path("sonatel-dividendes"))
        #expect(hit.date == "2026-01-20")
        #expect(hit.sector == "marches")
        #expect(hit.summary == "Le dividende par action progresse pour la cinquième année.")
        #expect(hit.score > 0)
    }

    @Test func theClientIsSmallAndThePageWorksFromTheURL() throws {
        let site = try built()
        defer { site.remove() }
        let gzip = try CommandRun("/bin/sh", ["-c", "gzip -9 -c '\(site.publicDir)/search/search.js' | wc -c"])
        #expect(Int(gzip.output.trimmingCharacters(in: .whitespacesAndNewlines))! < 10_000)
        let page = site.output("search/index.html") ?? ""
        #expect(page.contains("new URLSearchParams(location.search)"))
        #expect(page.contains("aria-live=\"polite\""))
        #expect(page.contains("<label for=\"q\">"))
        #expect(page.contains("import { search, highlight } from \"https://www.example.com/search/search.js\""))
        // Every page's masthead has the box, a plain GET form to the page.
        let home = site.output("index.html") ?? ""
        #expect(home.contains("<form class=\"search-box\" role=\"search\" action=\"https://www.example.com/search/\" method=\"get\">"))
        #expect(home.contains("name=\"q\""))
    }
}

/// The index on disk: incremental, byte-identical to a clean build, off when configured so.
@Suite struct SearchIndexTests {
    func searchFiles(_ dir: String) -> [String: Data] {
        fileTree(dir).filter { $0.key.hasPrefix("search/") }
    }

    /// Where `site`'s builds keep the index between them, and the key they keep it under.
    func cache(_ site: TempSite) throws -> SitePlan.SearchCache {
        let config = try Config.load(siteDirectory: site.root)
        return SiteBuilder(config: config, options: .init(rules: PublishingRules(now: defaultNow))).searchCache(incremental: true)
    }

    /// The index the next build of `site` would make, without writing anything.
    func nextIndex(_ site: TempSite) throws -> SearchIndex {
        let config = try Config.load(siteDirectory: site.root)
        let content = ContentLoader.load(config: config)
        let model = SiteModel(config: config, articles: content.articles, pages: content.pages, rules: PublishingRules(now: defaultNow))
        return SitePlan.searchIndex(model, try cache(site))
    }

    /// `site`'s index (files and kept state) against a clean build of the same content in a
    /// folder of its own: the site's builds go on from their own state.
    func expectSameAsClean(_ site: TempSite, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let twin = TempSite(empty: ())
        defer { twin.remove() }
        for item in [Config.fileName, "content"] { try FileManager.default.copyItem(atPath: site.path(item), toPath: twin.path(item)) }
        try twin.build(clean: true)
        let a = searchFiles(site.publicDir), b = searchFiles(twin.publicDir)
        #expect(!a.isEmpty, sourceLocation: sourceLocation)
        let differing = Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "differ from a clean build: \(differing.prefix(5))", sourceLocation: sourceLocation)
        let mine = try #require(SearchState.load(folder: try cache(site).folder, key: try cache(site).key), sourceLocation: sourceLocation)
        let clean = try #require(SearchState.load(folder: try cache(twin).folder, key: try cache(twin).key), sourceLocation: sourceLocation)
        #expect(mine.buckets == clean.buckets && mine.recentFrom == clean.recentFrom, sourceLocation: sourceLocation)
        #expect(mine.keys == clean.keys && mine.ids == clean.ids, sourceLocation: sourceLocation)
        let off = SearchPart.allCases.flatMap { part in
            zip(mine.signatures[part.index], clean.signatures[part.index]).enumerated().filter { $1.0 != $1.1 }.map { "\(part.rawValue)-\($0.offset)" }
        }
        #expect(off.isEmpty, "the kept state differs from a clean build's: \(off.prefix(5))", sourceLocation: sourceLocation)
    }

    func remove(_ n: Int, from site: TempSite) throws {
        let a = GeneratedArticles.article(n)
        try FileManager.default.removeItem(atPath: site.path("content/articles/\(a.folder)/\(a.slug).md"))
    }

    /// Article `n` on another day (its file in that day's folder).
    @discardableResult
    func write(_ n: Int, on day: String, into site: TempSite) throws -> String {
        let a = GeneratedArticles.article(n)
        let rel = "content/articles/\(day.replacingOccurrences(of: "-", with: "/"))/\(a.slug).md"
        try site.write(rel, a.text.replacingOccurrences(of: "2026-02-\(a.folder.suffix(2))T", with: day + "T"))
        return rel
    }

    /// The archive's postings files (`t/`) that hold anything: articles 8 days and more before the newest.
    func archive(_ site: TempSite) -> [String: Data] {
        searchFiles(site.publicDir).filter { $0.key.hasPrefix("search/t/") && !$0.value.isEmpty }
    }

    @Test func incrementalBuildsGiveTheCleanBuildsIndex() throws {
        let site = try TempSite()
        defer { site.remove() }
        for n in 0..<60 { try GeneratedArticles.write(n, into: site) }
        try site.build()
        try expectSameAsClean(site)
        // The newest is 20 February: recent from 12 February; the days before in the archive.
        #expect(try nextIndex(site).recentFrom == 20_496)
        #expect(!archive(site).isEmpty && searchFiles(site.publicDir).contains { $0.key.hasPrefix("search/r/") && !$0.value.isEmpty })
        for n in 60..<64 { try GeneratedArticles.write(n, into: site) }  // added
        #expect(try nextIndex(site).analysed == 4)
        try site.build()
        try expectSameAsClean(site)
        for n in [3, 17, 61] { try GeneratedArticles.write(n, revision: 1, into: site) }  // their titles changed
        #expect(try nextIndex(site).analysed == 3)
        try site.build()
        try expectSameAsClean(site)
        for n in [5, 62] { try remove(n, from: site) }
        let removal = try nextIndex(site)
        #expect(removal.incremental && removal.analysed == 0)
        try site.build()
        try expectSameAsClean(site)
        // Moved to 28 February: another id, and recent postings from 20 February: those of the
        // days before go to the archive's files; and back when it goes.
        try remove(20, from: site)
        let moved = try write(20, on: "2026-02-28", into: site)
        let moving = try nextIndex(site)
        #expect(moving.incremental && moving.analysed == 1 && moving.recentFrom == 20_504)
        let before = archive(site)
        try site.build()
        try expectSameAsClean(site)
        #expect(archive(site) != before && archive(site).count >= before.count)
        try FileManager.default.removeItem(atPath: site.path(moved))
        #expect(try nextIndex(site).recentFrom == 20_496)
        try site.build()
        try expectSameAsClean(site)
        try write(20, on: "2026-02-28", into: site)
        try site.build()
        try expectSameAsClean(site)
        // An article of last year: into the archive's postings.
        try write(65, on: "2025-06-05", into: site)
        #expect(try nextIndex(site).analysed == 1)
        try site.build()
        try expectSameAsClean(site)
        // Nothing changed: nothing analysed, nothing written.
        let same = try nextIndex(site)
        #expect(same.incremental && same.analysed == 0 && same.changedBuckets == 0 && !same.needsSaving)
        // Without its state the index is made again, to the same bytes.
        try FileManager.default.removeItem(atPath: try cache(site).folder)
        try GeneratedArticles.write(63, revision: 2, into: site)
        #expect(try !nextIndex(site).incremental)
        try site.build()
        try expectSameAsClean(site)
        // Past 256 articles, 32 buckets: made again; and back to 16.
        for n in 64..<300 { try GeneratedArticles.write(n, into: site) }
        try site.build()
        try expectSameAsClean(site)
        for n in 100..<300 { try remove(n, from: site) }
        let config = try Config.load(siteDirectory: site.root)
        _ = try SiteBuilder(config: config, options: .init(rules: PublishingRules(now: defaultNow), allowRemovals: true)).build()
        try expectSameAsClean(site)
        let folder = try cache(site).folder
        #expect(SearchState.load(folder: folder, key: try cache(site).key)?.buckets == 16)
        let beyond = try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            name != SearchState.catalogName && Int(name.drop { $0 != "-" }.dropFirst().prefix { $0 != "." })! >= 16
        }
        #expect(beyond.isEmpty, "the buckets of the larger index are left: \(beyond.sorted().prefix(5))")
    }

    @Test func aDamagedStateIsNotUsed() throws {
        let site = try TempSite()
        defer { site.remove() }
        for n in 0..<40 { try GeneratedArticles.write(n, into: site) }
        try site.build()
        let folder = try cache(site).folder
        func damageEveryBucket() throws {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name != SearchState.catalogName {
                try "abîmé".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
            }
        }
        // A bucket the change needs: the index is made from scratch.
        try damageEveryBucket()
        try GeneratedArticles.write(7, revision: 1, into: site)
        #expect(try !nextIndex(site).incremental)
        try site.build()
        try expectSameAsClean(site)
        // A bucket only a page needs (a new output folder renders every page): made from scratch too.
        try damageEveryBucket()
        let other = site.path("other")
        try site.build(output: other)
        let a = searchFiles(other), b = searchFiles(site.publicDir)
        #expect(!a.isEmpty && a == b)
        try site.build()
        try expectSameAsClean(site)
    }

    @Test func anAddedArticleRewritesOnlyTheBucketsOfItsTerms() throws {
        let site = try TempSite()
        defer { site.remove() }
        for n in 0..<300 { try GeneratedArticles.write(n, into: site) }
        try site.build()
        let folder = try cache(site).folder
        let before = searchFiles(site.publicDir), keptBefore = fileTree(folder)
        let file = try write(300, on: "2026-02-20", into: site)
        let next = try nextIndex(site)
        #expect(next.incremental && next.analysed == 1)
        let report = try site.build()
        let after = searchFiles(site.publicDir), keptAfter = fileTree(folder)
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        #expect(report.incremental)

        // Its words (front matter keys too: a superset), its sector's name and its filters,
        // in the recent postings (20 February is the newest day).
        let text = try String(contentsOfFile: site.path(file), encoding: .utf8)
        var analyzer = FrenchAnalyzer()
        #expect(next.buckets == 32 && next.buckets(of: .recent) == 16 && next.buckets(of: .prefixes) == 16)
        let terms = Set(analyzer.terms(text + " Économie") + ["#s:economie", "#t:bourse"])
        let mine = Set(terms.map { "search/r/\(SearchIndex.bucket($0, next.buckets(of: .recent))).txt" })
        let postings = changed.filter { $0.hasPrefix("search/r/") }
        #expect(!postings.isEmpty)
        #expect(postings.isSubset(of: mine), "rewritten without a term of the article: \(postings.subtracting(mine).sorted())")
        #expect(!changed.contains { $0.hasPrefix("search/t/") })
        #expect(changed.filter { $0.hasPrefix("search/m/") }.count == 1)
        #expect(changed.contains("search/index.json"))
        #expect(!changed.contains("search/search.js") && !changed.contains("search/index.html"))
        let prefixes = Set(terms.map { "search/p/\(SearchIndex.bucket(String(String.UnicodeScalarView($0.unicodeScalars.prefix(3))), next.buckets(of: .prefixes))).json" })
        #expect(changed.filter { $0.hasPrefix("search/p/") }.isSubset(of: prefixes))

        // The kept state: the catalog, and a new state for exactly the buckets whose file changed.
        let rewritten = Set(keptAfter.keys.filter { keptBefore[$0] != keptAfter[$0] })
        #expect(rewritten.contains(SearchState.catalogName))
        let states = Set(rewritten.subtracting([SearchState.catalogName]).map { name -> String in
            let part = name.prefix { $0 != "-" }, bucket = name.dropFirst(part.count + 1).prefix { $0 != "." }
            return "search/\(part)/\(bucket)" + (part == "t" || part == "r" ? ".txt" : ".json")
        })
        #expect(states == changed.subtracting(["search/index.json"]))
        #expect(next.changedBuckets == states.count)
    }

    @Test func theSearchKeysAreCheckedLikeTheOthers() throws {
        let base = "site:\n  title: \"T\"\n  base_url: \"https://www.example.com/\"\nsectors:\n  - slug: economie\n    name: \"Économie\"\n"
        #expect(try Config.parse(base, root: "/site").search.enabled)
        #expect(try !Config.parse(base + "search:\n  enabled: false\n", root: "/site").search.enabled)
        func error(_ yaml: String) -> Diagnostic? {
            do { _ = try Config.parse(base + yaml, root: "/site"); return nil } catch { return error.diagnostics.first }
        }
        #expect(error("search:\n  enable: false\n")?.message == "'search.enable' is not a key; did you mean 'search.enabled'?")
        #expect(error("search:\n  enabled: plutôt\n")?.message == "'search.enabled' must be true or false, not 'plutôt'")
        #expect(error("search:\n  enabled: plutôt\n")?.line == 8)
        #expect(error("search: false\n")?.message == "'search' must be a mapping of keys to values")
    }

    @Test func searchDisabledWritesNoIndexAndNoBox() throws {
        let site = try SearchSite.make()
        defer { site.remove() }
        try site.build()
        #expect(site.exists("search/index.json"))
        try site.write("kiosque.yaml", try String(contentsOfFile: site.path("kiosque.yaml"), encoding: .utf8) + "search:\n  enabled: false\n")
        try site.build()
        #expect(!site.exists("search"))
        #expect(!(site.output("index.html") ?? "").contains("search-box"))
    }
}

/// The buckets edited in place, against the same contents written from scratch, over seeded
/// random edits: terms that are prefixes of others, first and last lines, ids before, between
/// and after the others, lines and entries that empty out.
@Suite struct SearchShardTests {
    static let terms = ["a", "ab", "abc", "abd", "b", "ba", "cacao", "cac", "z", "zz"].map { Array($0.utf8) }

    @Test func postingsEditedInPlaceAreThePostingsWrittenWhole() {
        var g = KillHarness.Generator(seed: 0x5EA_7)
        var shard = PostingsShard(), model: [[UInt8]: [Int: UInt8]] = [:]
        for step in 0..<2_000 {
            if g.next() % 3 == 0 {
                let ids = Set(model.values.flatMap(\.keys))
                guard let id = ids.randomElement(using: &g) else { continue }
                var lost: [[UInt8]] = []
                shard.remove(id: id) { lost.append($0) }
                let had = model.filter { $0.value[id] != nil }.keys
                #expect(Set(lost) == Set(had), "step \(step)")
                for t in had { model[t]![id] = nil; if model[t]!.isEmpty { model[t] = nil } }
            } else {
                let term = Self.terms.randomElement(using: &g)!, id = Int(g.next() % 5_000), weight = UInt8(1 + g.next() % 63)
                guard model[term]?[id] == nil else { continue }
                shard.add(term: term, id: id, weight: weight)
                model[term, default: [:]][id] = weight
            }
            var whole = PostingsShard()
            for term in model.keys.sorted(by: precedes) {
                let ids = model[term]!.keys.sorted()
                whole.append(term: term, ids: ids, weights: ids.map { model[term]![$0]! })
            }
            #expect(shard.state == whole.state, "step \(step)")
            guard shard.state == whole.state else { return }
            #expect(shard.lines.map { [$0.term: Dictionary(uniqueKeysWithValues: zip($0.ids, $0.weights))] }
                == model.keys.sorted(by: precedes).map { [$0: model[$0]!] }, "step \(step)")
        }
    }

    @Test func prefixesEditedInPlaceAreThePrefixesWrittenWhole() {
        var g = KillHarness.Generator(seed: 0x9E_F1)
        var shard = PrefixShard(), model: [[UInt8]: Int] = [:]
        for step in 0..<2_000 {
            let terms = Self.terms.filter { _ in g.next() % 4 == 0 }.sorted(by: precedes)
            let changes = terms.map { (term: $0, change: Int(g.next() % 7) - 3) }
            let valid = changes.allSatisfy { (model[$0.term] ?? 0) + $0.change >= 0 }
            let before = shard.state
            #expect(shard.apply(changes) == valid, "step \(step)")
            if valid {
                for c in changes { model[c.term] = (model[c.term] ?? 0) + c.change > 0 ? (model[c.term] ?? 0) + c.change : nil }
            } else {
                #expect(shard.state == before, "step \(step): a refused change is left undone")
            }
            var whole = PrefixShard()
            for t in model.keys.sorted(by: precedes) { whole.append(t, df: model[t]!) }
            #expect(shard.state == whole.state, "step \(step)")
            guard shard.state == whole.state else { return }
        }
        #expect(PrefixShard().file() == Array("[]\n".utf8))
    }
}
