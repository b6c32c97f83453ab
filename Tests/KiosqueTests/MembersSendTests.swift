import Foundation
import KiosqueCore
import Testing
@testable import Members

/// `kiosque send` with a `members:` block: the active members, each copy with its own
/// one-click link, and the recipients file while `digest.recipients` is set.
@Suite struct MembersSendTests {
    static let day = "2026-02-06"

    static func digest(_ site: MembersSite, _ day: String = day) throws {
        let r = try site.run(["digest", "--date", day, "--now", "\(day)T18:00:00Z"])
        try #require(r.status == 0, "\(r.stderr)")
    }

    @Test func theActiveMembersAndTheFileEachOnceWithTheirOwnLink() throws {
        let site = try MembersSite(recipientsFile: true)
        defer { site.remove() }
        for a in ["adama.kone@example.com", "salif.diop@example.com", "nadia.bello@example.com"] {
            #expect(try site.run(["members", "add", a]).status == 0)
        }
        _ = try site.run(["members", "remove", "nadia.bello@example.com"])
        let consent = Member.Consent(at: "2026-02-01T08:00:00Z", source: "formulaire pied-de-page", text: "J’accepte.")
        _ = try site.store().subscribe(email: "pending.reader@example.com", name: "", consent: consent, token: "selecteur", now: Clock.now())
        // The file: a member (mailed once), a reader of the file only, one who left through their own link.
        try site.site.write("recipients.txt", "Salif Diop <Salif.Diop@example.com>\nabonne.fichier@example.com\nparti.fichier@example.com\n")
        try site.store().unsubscribe(email: "parti.fichier@example.com", now: Clock.now())
        try Self.digest(site)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let sent = try site.run(["send", "--date", Self.day], sink: sink)
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        #expect(sent.stderr.contains("1 address(es) of the recipients file left the list"), "\(sent.stderr)")
        let mails = sink.wait(for: 3)
        #expect(mails.flatMap(\.to).sorted() == ["abonne.fichier@example.com", "adama.kone@example.com", "salif.diop@example.com"])

        let links = site.links
        for m in mails {
            let to = m.to[0], eml = EML(m.message)
            let own: String
            if let member = try site.store().member(email: to), member.status == .active {
                own = links.unsubscribe(member: member.id, signature: site.secretKey.signature(member: member.id))
            } else {
                own = links.unsubscribe(address: to, signature: site.secretKey.signature(address: to))
            }
            #expect(eml.unfolded("List-Unsubscribe")?.trimmingWhitespace.hasPrefix("<\(own)>") == true, "\(to): \(eml.unfolded("List-Unsubscribe") ?? "")")
            #expect(eml.part("text/plain")?.contains(own) == true, "\(to)")
            #expect(eml.header("To") == to)
        }
        // The file's reader leaves with their link: recorded, and the next letter skips them.
        let fileLink = links.unsubscribe(address: "abonne.fichier@example.com", signature: site.secretKey.signature(address: "abonne.fichier@example.com"))
        let confirmations = try SMTPSink()  // the pending reader's goes there
        defer { confirmations.stop() }
        let serve = try site.serve(confirmations)
        defer { _ = serve.stop() }
        let left = try serve.get(pathOf(fileLink), method: "POST", body: "List-Unsubscribe=One-Click")
        #expect(left.status == 200)
        #expect(try site.status("abonne.fichier@example.com") == .unsubscribed)
        try Self.digest(site, "2026-02-05")
        let next = try site.run(["send", "--date", "2026-02-05"], sink: sink)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(sink.wait(for: 5).dropFirst(3).flatMap(\.to).sorted() == ["adama.kone@example.com", "salif.diop@example.com"])
    }

    @Test func withoutDigestRecipientsTheFileIsNotRead() throws {
        let site = try MembersSite()
        defer { site.remove() }
        try site.site.write("recipients.txt", "ancien.abonne@example.com\n")
        _ = try site.run(["members", "add", "awa.sanogo@example.com"])
        try Self.digest(site)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let sent = try site.run(["send", "--date", Self.day], sink: sink)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sink.deliveries == ["awa.sanogo@example.com"])
        let again = try site.run(["send", "--date", Self.day], sink: sink)
        #expect(again.status == 0 && again.stdout.contains(": sent 0 in") && sink.deliveries.count == 1, "\(again.stdout)")
    }

    @Test func aMemberWhoLeavesDuringTheSendIsNotMailedAfter() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let addresses = (1...30).map { String(format: "lecteur%02d@example.com", $0) }
        try site.site.write("liste.txt", addresses.joined(separator: "\n") + "\n")
        #expect(try site.run(["members", "import", site.site.path("liste.txt")]).status == 0)
        try Self.digest(site)
        let sink = try SMTPSink()
        defer { sink.stop() }
        // Ten a second: the run lasts three seconds; the last five leave once the first copy is out.
        let leaving = Array(addresses.suffix(5))
        nonisolated(unsafe) let store = try site.store(), watched = sink
        let watcher = Thread {
            _ = watched.wait(for: 1)
            for a in leaving { try? store.unsubscribe(email: a, now: Clock.now()) }
        }
        watcher.start()
        let sent = try site.run(["send", "--date", Self.day, "--rate", "10"], sink: sink)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("5 left the list during the run (not mailed)"), "\(sent.stdout)")
        #expect(Set(sink.deliveries) == Set(addresses.dropLast(5)), "\(sink.deliveries.count) mailed")
    }

    @Test func membersNeedTheSecret() throws {
        let site = try MembersSite()
        defer { site.remove() }
        _ = try site.run(["members", "add", "awa.sanogo@example.com"])
        try Self.digest(site)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try CLI.run(["send", "--site", site.root, "--date", Self.day], environment: ["KIOSQUE_SMTP_URL": sink.url])
        #expect(r.status == 3 && r.stderr.contains("KIOSQUE_MEMBERS_SECRET is not set"), "\(r.stderr)")
        #expect(sink.deliveries.isEmpty && !site.site.exists("digests/\(Self.day).sent"))
    }
}
