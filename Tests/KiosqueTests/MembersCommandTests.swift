import Foundation
import Testing
@testable import Members

/// `kiosque members list|add|remove|import|export|erase` on a real `members.sqlite`.
@Suite struct MembersCommandTests {
    @Test func theFileIsWALWithItsSchemaVersionAndMembersDbMovesIt() throws {
        let site = try MembersSite(members: "  db: data/liste.sqlite\n")
        defer { site.remove() }
        try FileManager.default.createDirectory(atPath: site.site.path("data"), withIntermediateDirectories: true)
        let added = try site.run(["members", "add", "Mariam.Ouattara@Example.com"])
        #expect(added.status == 0 && added.stdout == "mariam.ouattara@example.com: added, active\n", "\(added.stdout)\(added.stderr)")
        #expect(!site.site.exists("members.sqlite"))
        let db = try SQLiteDatabase(path: site.site.path("data/liste.sqlite"), create: false)
        var mode = "", version: Int64 = 0, timeout: Int64 = 0
        try db.query("PRAGMA journal_mode") { mode = $0.text(0) ?? "" }
        try db.query("PRAGMA user_version") { version = $0.integer(0) }
        try db.query("PRAGMA busy_timeout") { timeout = $0.integer(0) }
        #expect(mode == "wal" && version == Int64(Migrations.steps.count) && timeout == 5_000)
        // The address is the key: normalised and unique.
        let twice = try site.run(["members", "add", "MARIAM.OUATTARA@example.com "])
        #expect(twice.status == 0 && twice.stdout.contains("already an active member"))
        #expect(throws: SQLiteDatabase.Error.self) {
            try db.query("INSERT INTO members (email, status, created_at, updated_at) VALUES ('mariam.ouattara@example.com', 'active', '', '')")
        }
        // A file made by a newer kiosque is refused, not rewritten.
        try db.execute("PRAGMA user_version = 99")
        let newer = try site.run(["members", "list"])
        #expect(newer.status == 4 && newer.stderr.contains("made by a newer kiosque"), "\(newer.stderr)")
    }

    @Test func addListRemoveEraseWithCountsPerStatus() throws {
        let site = try MembersSite()
        defer { site.remove() }
        for (a, name) in [("yao.kouassi@example.com", "Yao Kouassi"), ("binta.ba@example.com", "Binta Bâ"), ("ibrahim.sy@example.com", "")] {
            let r = try site.run(["members", "add", a] + (name.isEmpty ? [] : ["--name", name]))
            #expect(r.status == 0, "\(r.stderr)")
        }
        let removed = try site.run(["members", "remove", "binta.ba@example.com"])
        #expect(removed.status == 0 && removed.stdout == "binta.ba@example.com: unsubscribed\n")
        #expect(try site.run(["members", "remove", "binta.ba@example.com"]).stdout == "binta.ba@example.com: already unsubscribed\n")
        let list = try site.run(["members", "list"])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "pending 0, active 2, unsubscribed 1, bounced 0", "\(list.stdout)")
        #expect(lines.count == 4 && lines[1].hasPrefix("yao.kouassi@example.com  active  Yao Kouassi  "))
        let left = try site.run(["members", "list", "--status", "unsubscribed"])
        #expect(left.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) } == ["binta.ba@example.com"])
        // Whoever left is not added back by an editor: only they can, through the form.
        let back = try site.run(["members", "add", "binta.ba@example.com"])
        #expect(back.status == 1 && back.stderr.contains("only they can subscribe again"), "\(back.stderr)")
        #expect(try site.status("binta.ba@example.com") == .unsubscribed)

        let erased = try site.run(["members", "erase", "binta.ba@example.com"])
        #expect(erased.status == 0 && erased.stdout == "binta.ba@example.com: erased\n")
        #expect(try site.status("binta.ba@example.com") == nil)
        for command in ["remove", "erase"] {
            let unknown = try site.run(["members", command, "personne@example.com"])
            #expect(unknown.status == 2 && unknown.stderr.contains("personne@example.com is not a member"), "\(command): \(unknown.stderr)")
        }
        let bad = try site.run(["members", "add", "pas-une-adresse"])
        #expect(bad.status == 64 && bad.stderr.contains("'pas-une-adresse' is not an email address"), "\(bad.stderr)")
        let badName = try site.run(["members", "add", "awa@example.com", "--name", "Awa\r\nBcc: x@example.com"])
        #expect(badName.status == 64)
        #expect(try site.status("awa@example.com") == nil)
    }

    @Test func importKeepsWhoLeftOutAndExportReadsBackWhole() throws {
        let site = try MembersSite()
        defer { site.remove() }
        _ = try site.run(["members", "add", "kadi.toure@example.com"])
        _ = try site.run(["members", "remove", "kadi.toure@example.com"])
        // An address a spreadsheet would run as a formula.
        #expect(try site.run(["members", "add", "=2+5@example.com"]).status == 0)
        try site.site.write("anciens.txt", """
            # la liste tenue à la main
            Aïcha Cissé <aicha.cisse@example.com>
            kadi.toure@example.com
            pas une adresse
            SEKOU.CAMARA@example.com

            """)
        let imported = try site.run(["members", "import", site.site.path("anciens.txt")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains(": 2 added, 0 already members, 1 left the list before and stay out, 1 line(s) skipped"), "\(imported.stdout)")
        #expect(imported.stderr.contains("anciens.txt:4: warning:"), "\(imported.stderr)")
        #expect(try site.status("kadi.toure@example.com") == .unsubscribed)
        #expect(try site.store().member(email: "aicha.cisse@example.com")?.name == "Aïcha Cissé")
        #expect(try site.status("sekou.camara@example.com") == .active)

        // The CSV export, consent included, imports into another list as it was.
        let csv = try site.run(["members", "export", "--csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix(MemberFiles.csvColumns.joined(separator: ",") + "\r\n"))
        let cells = csv.stdout.split(separator: "\r\n").flatMap { $0.split(separator: ",") }
        #expect(!cells.contains { "=+-@".contains($0.first!) }, "a cell a spreadsheet runs: \(csv.stdout)")
        #expect(csv.stdout.contains("\r\n'=2+5@example.com,"), "\(csv.stdout)")
        let recipients = try site.run(["members", "export"])
        #expect(recipients.stdout == "=2+5@example.com\nAïcha Cissé <aicha.cisse@example.com>\nsekou.camara@example.com\n", "\(recipients.stdout)")
        let other = try MembersSite()
        defer { other.remove() }
        try other.site.write("export.csv", csv.stdout)
        let again = try other.run(["members", "import", other.site.path("export.csv")])
        #expect(again.status == 0 && again.stdout.contains(": 4 added"), "\(again.stdout)\(again.stderr)")
        let theirs = try other.store().members(), ours = try site.store().members()
        #expect(theirs.map(\.email) == ours.map(\.email) && theirs.map(\.status) == ours.map(\.status))
        #expect(theirs.map(\.consent) == ours.map(\.consent))
        // Importing it again changes nobody; a CSV saying someone left moves them out.
        try other.site.write("depart.csv", "email,status\nsekou.camara@example.com,unsubscribed\naicha.cisse@example.com,active\n")
        let out = try other.run(["members", "import", other.site.path("depart.csv")])
        #expect(out.stdout.contains(": 0 added, 1 already members, 1 marked as gone"), "\(out.stdout)")
        #expect(try other.status("sekou.camara@example.com") == .unsubscribed)

        // A CSV without an email column imports nothing.
        try other.site.write("mauvais.csv", "adresse,nom\nx@example.com,X\n")
        let refused = try other.run(["members", "import", other.site.path("mauvais.csv")])
        #expect(refused.status == 1 && refused.stderr.contains("mauvais.csv:1: error:"), "\(refused.stderr)")
        #expect(try other.status("x@example.com") == nil)
    }

    @Test func withoutAMembersBlockTheCommandsSaySo() throws {
        let site = try DigestSite.small()
        defer { site.remove() }
        let r = try CLI.run(["members", "list", "--site", site.root])
        #expect(r.status == 3 && r.stderr.contains("no 'members:' block in kiosque.yaml"), "\(r.stderr)")
        #expect(!site.exists("members.sqlite"))
    }
}
