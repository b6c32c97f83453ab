import Content
import Foundation
import KiosqueCore
import Testing
@testable import Fetch

/// `kiosque fetch` killed (SIGKILL) at seeded instants over many runs of a site fed by three
/// local feeds (RSS, JSON Feed, Atom) that grow every run, correct their items, share titles,
/// leave some items undated and tell some stories twice. After each kill the editor may edit
/// one article (often the one written last) and delete another; then a run goes to the end.
/// What must hold then: every article parses with the build's parser, one file per story,
/// no edited file overwritten, no deleted file back, no temp left in `content/` or
/// `.kiosque/`, a readable state that has seen every item, every untouched article up to date
/// with its item; and at the end `kiosque build` publishes the site.
@Suite(.serialized) struct FetchKillTests {
    struct Item {
        var id: String
        var title: String
        var link: String
        /// Day of November 2026 and hour, or nil: undated.
        var when: (day: Int, hour: Int)?
        var text: String
    }

    struct Feed {
        enum Format { case rss, json, atom }
        var url: String
        var name: String
        var format: Format
        var host: String
        var items: [Item] = []
    }

    static let headlines = [
        "La BRVM termine la séance en hausse de # %",
        "La Sonatel annonce un dividende de # francs CFA par action",
        "Le Trésor ivoirien lève # milliards sur le marché régional",
        "La BCEAO maintient son taux directeur à 3,25 %",
        "Orange Money franchit le cap des # millions de clients",
        "Le cours du cacao recule de # % à Londres",
        "Le Burkina Faso relève sa production d’or de # tonnes",
        "La SIB publie un bénéfice net en progression de # %",
        "Wave lance le paiement marchand dans toute la sous-région",
        "Le Niger signe un accord pétrolier de # millions de dollars",
        "Ecobank ouvre # agences en Afrique de l’Ouest",
        "Le franc CFA reste stable face à l’euro",
    ]

    static let sentences = [
        "Les volumes échangés ont nettement progressé sur la séance",
        "Les analystes saluent une gestion prudente de la trésorerie",
        "Le conseil d’administration proposera la mesure à l’assemblée générale",
        "La demande des investisseurs institutionnels reste soutenue",
        "Les autorités monétaires surveillent l’évolution des prix",
    ]

    /// A site and its three feeds, which grow by `perRun` items each a cycle.
    struct World {
        static let perRun = 30
        let site: TestSite
        var feeds = [
            Feed(url: "feeds/brvm.xml", name: "Le Quotidien de la BRVM", format: .rss, host: "quotidien-brvm.example"),
            Feed(url: "feeds/fintech.json", name: "Fintech Hebdo", format: .json, host: "fintech-hebdo.example"),
            Feed(url: "feeds/energie.atom", name: "Énergie Sahel", format: .atom, host: "energie-sahel.example"),
        ]
        var cycle = 0

        init() throws {
            site = try TestSite(feeds: [("feeds/brvm.xml", "Le Quotidien de la BRVM", "actions"),
                                        ("feeds/fintech.json", "Fintech Hebdo", nil), ("feeds/energie.atom", "Énergie Sahel", nil)])
        }

        /// New items at the head of every feed, and one older item corrected.
        mutating func advance(_ g: inout KillHarness.Generator) throws {
            let k = cycle
            cycle += 1
            for f in feeds.indices {
                var fresh: [Item] = []
                for j in 0..<Self.perRun {
                    // Titles repeat (some have no number), one item in five has no date.
                    let n = (k * 13 + j * 7 + f * 5) % 90 + 5
                    var item = Item(id: "\(f)-\(k)-\(j)",
                                    title: headlines[(k * 7 + j * 3 + f) % headlines.count].replacingOccurrences(of: "#", with: "\(n)"),
                                    link: "https://\(feeds[f].host)/articles/\(k)/\(j)",
                                    when: j % 5 == 4 ? nil : (20 + (k + j) % 8, 8 + j % 10), text: text(k, j, f))
                    if f > 0 && j == 0, let wire = feeds[0].items.first(where: { $0.id == "0-\(k)-0" }) {
                        item.title = "Côte d’Ivoire : " + wire.title  // the same wire story, retitled, the same day
                        item.when = wire.when
                    }
                    if f == 2 && j == 1 { item.link = "https://\(feeds[0].host)/articles/\(k)/1?utm_source=energie" }  // the same link
                    fresh.append(item)
                }
                feeds[f].items.insert(contentsOf: fresh, at: 0)
            }
            let f = Int.random(in: 0..<feeds.count, using: &g)
            if feeds[f].items.count > Self.perRun {
                let i = Int.random(in: Self.perRun..<feeds[f].items.count, using: &g)
                feeds[f].items[i].text += " Rectificatif du cycle \(k) : les chiffres ont été révisés."
            }
            try write()
        }

        /// The feed withdraws the stories a kill caught being written (a retraction): their
        /// temps must then go, whether the item is tried again or not.
        mutating func withdraw(_ ids: Set<String>) throws {
            for f in feeds.indices { feeds[f].items.removeAll { ids.contains($0.id) } }
            try write()
        }

        func text(_ k: Int, _ j: Int, _ f: Int) -> String {
            "Séance \(k)-\(j)-\(f) : " + sentences[(k + j + f) % sentences.count] + "."
        }

        func write() throws {
            for feed in feeds {
                let bytes: [UInt8]
                switch feed.format {
                case .rss: bytes = Self.rss(feed)
                case .json: bytes = try Self.json(feed)
                case .atom: bytes = Self.atom(feed)
                }
                try site.write(feed.url, bytes)
            }
        }

        static func escaped(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }

        /// An XML feed: its head, one element an item, its tail.
        static func xml(_ head: String, _ feed: Feed, _ tail: String, _ element: (Item) -> String) -> [UInt8] {
            Array(("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + head + "\n"
                   + feed.items.map(element).joined(separator: "\n") + "\n" + tail + "\n").utf8)
        }

        static func html(_ i: Item) -> String { "<p>" + i.text + "</p>" }

        static func rss(_ feed: Feed) -> [UInt8] {
            let weekdays = ["Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"]  // 20 to 27 November 2026
            let head = "<rss version=\"2.0\"><channel><title>\(feed.name)</title><link>https://\(feed.host)/</link>"
            return xml(head, feed, "</channel></rss>") { i in
                "<item><guid isPermaLink=\"false\">\(i.id)</guid><title>\(escaped(i.title))</title><link>\(escaped(i.link))</link>"
                    + (i.when.map { "<pubDate>\(weekdays[$0.day - 20]), \($0.day) Nov 2026 \($0.hour):15:00 +0000</pubDate>" } ?? "")
                    + "<description>\(escaped(html(i)))</description></item>"
            }
        }

        static func iso(_ w: (day: Int, hour: Int)) -> String { String(format: "2026-11-%02dT%02d:15:00Z", w.day, w.hour) }

        static func json(_ feed: Feed) throws -> [UInt8] {
            let items: [[String: Any]] = feed.items.map { i in
                var o: [String: Any] = ["id": i.id, "title": i.title, "url": i.link, "content_html": html(i)]
                if let w = i.when { o["date_published"] = iso(w) }
                return o
            }
            let doc: [String: Any] = ["version": "https://jsonfeed.org/version/1.1", "title": feed.name,
                                      "home_page_url": "https://\(feed.host)/", "items": items]
            return [UInt8](try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]))
        }

        static func atom(_ feed: Feed) -> [UInt8] {
            let head = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>\(feed.name)</title><id>urn:energie-sahel</id>"
                + "<link href=\"https://\(feed.host)/\"/><updated>2026-11-27T12:00:00Z</updated>"
            return xml(head, feed, "</feed>") { i in
                "<entry><id>\(i.id)</id><title>\(escaped(i.title))</title><link href=\"\(escaped(i.link))\"/>"
                    + (i.when.map { "<published>\(iso($0))</published><updated>\(iso($0))</updated>" } ?? "")
                    + "<content type=\"html\">\(escaped(html(i)))</content></entry>"
            }
        }

        func fetch(killAfter: Double? = nil) throws -> KillHarness.Run {
            try KillHarness.run(["fetch", "--site", site.root], killAfter: killAfter, log: site.root + "/fetch.log")
        }
    }

    /// What the editor did, for the whole life of a site.
    struct Editor {
        var edited: [String: Data] = [:]
        var deleted: [String: String] = [:]  // file -> its guid

        func untouched(_ file: String) -> Bool { edited[file] == nil && deleted[file] == nil }

        /// Edits one article and deletes another: first those the kill caught mid-write (a temp
        /// beside them), else often the newest (a kill may have caught it between its rename and
        /// the state knowing of it).
        mutating func act(on site: TestSite, _ g: inout KillHarness.Generator) throws {
            let pending = Set(FetchKillTests.temps(in: site).map { temp in
                let name = (temp as NSString).lastPathComponent
                return (temp as NSString).deletingLastPathComponent + "/" + name.dropFirst().dropLast(".kiosque-new".count)
            })
            let files = site.articles().filter(untouched).map { file in
                (file, pending.contains(file),
                 (try? FileManager.default.attributesOfItem(atPath: site.root + "/" + file)[.modificationDate] as? Date) ?? .distantPast)
            }.sorted { ($0.1 ? 1 : 0, $0.2, $0.0) > ($1.1 ? 1 : 0, $1.2, $1.0) }.map(\.0)
            guard files.count >= 2 else { return }
            let newestFirst = Bool.random(using: &g)
            let edit = newestFirst ? files[0] : files[Int.random(in: 1..<files.count, using: &g)]
            let remove = newestFirst ? files[Int.random(in: 1..<files.count, using: &g)] : files[0]
            let text = site.read(edit) + "\nPrécision de la rédaction : l’article a été relu.\n"
            try site.write(edit, Array(text.utf8))
            edited[edit] = Data(text.utf8)
            deleted[remove] = FetchKillTests.guid(site.read(remove)) ?? ""
            try FileManager.default.removeItem(atPath: site.root + "/" + remove)
        }
    }

    /// The article temps under `content/`, relative to the site folder.
    static func temps(in site: TestSite) -> [String] {
        ((FileManager.default.enumerator(atPath: site.root + "/content")?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".kiosque-new") }.map { "content/" + $0 }
    }

    static func guid(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("guid: \"") }.map { String($0.dropFirst(7).dropLast()) }
    }

    /// Every way the site can be wrong after a completed run.
    static func violations(_ world: World, _ editor: Editor) throws -> [String] {
        let site = world.site
        let config = try site.config()
        var found: [String] = []
        var byGuid: [String: [String]] = [:]
        let content = site.root + "/content"
        for rel in (FileManager.default.enumerator(atPath: content)?.allObjects as? [String]) ?? [] {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") { found.append("debris in content/: \(rel)") }
            guard rel.hasSuffix(".md"), !name.hasPrefix("."), rel.hasPrefix("articles/") else { continue }
            let text = site.read("content/" + rel)
            let parsed = FrontMatter.parse(text, file: rel, relative: String(rel.dropFirst("articles/".count)), config: config)
            if let e = parsed.diagnostics.first(where: { $0.severity == .error }) { found.append("\(rel) does not parse: \(e)") }
            if let g = guid(text) { byGuid[g, default: []].append("content/" + rel) }
        }
        for (g, files) in byGuid where files.count > 1 { found.append("story \(g) written twice: \(files.sorted())") }
        for (file, bytes) in editor.edited where FileManager.default.contents(atPath: site.root + "/" + file) != bytes {
            found.append("the edited \(file) was overwritten")
        }
        for (file, g) in editor.deleted {
            if FileManager.default.fileExists(atPath: site.root + "/" + file) { found.append("the deleted \(file) is back") }
            if let files = byGuid[g] { found.append("the deleted story \(g) is back as \(files)") }
        }
        let kiosque = Set((try? FileManager.default.contentsOfDirectory(atPath: site.root + "/.kiosque")) ?? [])
        if kiosque != ["state.json", "fetch.lock"] { found.append(".kiosque/ holds \(kiosque.sorted())") }
        let state = try FetchState.load(site.root + "/.kiosque/state.json")
        for feed in world.feeds {
            for item in feed.items {
                guard let file = state.seen[FetchState.seenKey(feed: feed.url, item: item.id)] else {
                    found.append("\(feed.name) item \(item.id) was never ingested")
                    continue
                }
                let text = site.read(file)
                if editor.untouched(file), guid(text) == item.id, !text.contains(item.text) {
                    found.append("\(file) does not have the latest text of \(item.id)")
                }
            }
        }
        return found
    }

    @Test func killedFetchesLoseNothingAndOverwriteNothing() throws {
        let seed = KillHarness.seed
        var g = KillHarness.Generator(seed: seed)
        // How long a run takes uninterrupted (the longest of three, the machine being shared),
        // on a site of its own.
        var timing = try World()
        defer { timing.site.remove() }
        var duration = 0.0
        for _ in 0..<3 {
            try timing.advance(&g)
            let timed = try timing.fetch()
            #expect(timed.status == 0, "\(timing.site.read("fetch.log"))")
            duration = max(duration, timed.seconds)
        }
        let instants = KillHarness.instants(duration: duration, seed: seed)

        var killed = 0, midWrite = 0, violations: [String] = [], known = Set<String>()
        var world = try World(), editor = Editor()
        defer { world.site.remove() }
        for (k, instant) in instants.enumerated() {
            let point = "seed \(seed), point \(k), kill at \(String(format: "%.4f", instant)) s of \(String(format: "%.3f", duration)) s"
            // A fresh site every ten points keeps each run the size of the timed one.
            if k % 10 == 0 && k > 0 {
                world.site.remove()
                (world, editor) = (try World(), Editor())
            }
            if world.cycle == 0 {
                try world.advance(&g)
                #expect(try world.fetch().status == 0)
            }
            try world.advance(&g)
            let run = try world.fetch(killAfter: instant)
            if run.killed { killed += 1 } else if run.status != 0 { violations.append("\(point): exit \(run.status)") }
            let temps = Self.temps(in: world.site)
            if !temps.isEmpty { midWrite += 1 }
            if Bool.random(using: &g) { try world.withdraw(Set(temps.compactMap { Self.guid(world.site.read($0)) })) }
            if Int.random(in: 0..<4, using: &g) > 0 { try editor.act(on: world.site, &g) }
            if Bool.random(using: &g) { try world.advance(&g) }  // the feeds move on before the next run
            let next = try world.fetch()
            if next.status != 0 { violations.append("\(point): the run after the kill exited \(next.status)") }
            // Each wrong thing once, at the point it first appeared.
            violations += try Self.violations(world, editor).filter { known.insert($0).inserted }.map { "\(point): \($0)" }
        }
        // The runs did tell stories twice, the other source being listed.
        #expect(world.site.allText(under: "content", ending: ".md").contains("\nalso_reported_by: ["))
        let build = try CLI.run(["build", "--site", world.site.root])
        if build.status != 0 { violations.append("seed \(seed): kiosque build failed: \(build.stderr.prefix(500))") }
        print("fetch kill test: \(instants.count) points tried, \(killed) killed mid-run (\(midWrite) with an article temp on disk), "
              + "\(violations.count) violations (seed \(seed), a run takes \(String(format: "%.2f", duration)) s)")
        #expect(instants.count >= KillHarness.points)
        #expect(killed > 0, "no instant fell inside a run (seed \(seed))")
        #expect(violations.isEmpty, "\(violations.prefix(10).joined(separator: "\n"))")
    }
}
