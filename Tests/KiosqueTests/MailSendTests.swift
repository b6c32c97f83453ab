import Foundation
import Testing
@testable import Mail

/// `kiosque send` against a real SMTP server on 127.0.0.1 (aiosmtpd).
@Suite struct MailSendTests {
    static let day = "2026-02-06"

    /// A site with its digest written and a recipients file.
    private func site(recipients: [String]) throws -> DigestSite {
        let site = try DigestSite.small()
        try site.write("recipients.txt", "# abonnés\n\n" + recipients.joined(separator: "\n") + "\n")
        let r = try CLI.run(["digest", "--site", site.root, "--date", Self.day, "--now", "2026-02-06T18:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        return site
    }

    private func send(_ site: DigestSite, _ sink: SMTPSink?, _ args: [String] = [], env: [String: String] = [:]) throws -> CLI.Result {
        var environment = env
        environment["KIOSQUE_SMTP_URL"] = environment["KIOSQUE_SMTP_URL"] ?? sink?.url
        return try CLI.run(["send", "--site", site.root, "--date", Self.day] + args, environment: environment)
    }

    private static let five = (1...5).map { "lecteur\($0)@example.com" }

    @Test func everyRecipientGetsExactlyOneMessageOfTheirOwn() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sent 5"))
        let got = sink.received
        #expect(got.count == 5)
        #expect(got.map { $0.to }.sorted { $0[0] < $1[0] } == Self.five.map { [$0] })
        #expect(got.allSatisfy { $0.from == "lettre@example.com" })
        // One connection for all of them.
        #expect(Set(got.map(\.clientPort)).count == 1)
        var ids = Set<String>()
        for m in got {
            let eml = EML(m.message)
            #expect(eml.header("To") == m.to[0])
            for other in Self.five where other != m.to[0] { #expect(!m.message.contains(other), "\(m.to[0]) sees \(other)") }
            ids.insert(eml.header("Message-ID") ?? "")
            #expect(MIMETestDecoder.encodedWords(eml.header("Subject") ?? "") == "L’essentiel du vendredi 6 février 2026")
            #expect(eml.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(eml.part("text/html") == site.read("digests/\(Self.day).html"))
            #expect(eml.part("text/plain") == site.read("digests/\(Self.day).txt"))
        }
        #expect(ids.count == 5)
        let log = try #require(site.read("digests/\(Self.day).sent"))
        for a in Self.five { #expect(log.contains(" \(a)\n") && log.contains("sent ")) }
    }

    @Test func runningTwiceMailsNobodyTwiceUnlessForced() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        #expect(try send(site, sink).status == 0)
        let again = try send(site, sink)
        #expect(again.status == 0)
        #expect(again.stdout.contains("sent 0"))
        #expect(again.stdout.contains("5 already had it"))
        #expect(sink.received.count == 5)
        #expect(try send(site, sink, ["--force"]).status == 0)
        #expect(sink.received.count == 10)
    }

    @Test func resumesAfterAnInterruptedSend() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        // A run that mailed two, then died while mailing the third (and left half a line).
        try site.write("digests/\(Self.day).sent", """
        sending 2026-02-06T06:00:00Z lecteur1@example.com
        sent 2026-02-06T06:00:00Z lecteur1@example.com
        sending 2026-02-06T06:00:01Z lecteur2@example.com
        sent 2026-02-06T06:00:01Z lecteur2@example.com
        sending 2026-02-06T06:00:02Z lecteur3@example.com
        sent 2026-02
        """)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(sink.received.flatMap(\.to).sorted() == ["lecteur4@example.com", "lecteur5@example.com"])
        #expect(r.stderr.contains("lecteur3@example.com: a previous run stopped while mailing this address"))
        // The uncertain one can be sent explicitly.
        #expect(try send(site, sink, ["--to", "lecteur3@example.com"]).status == 0)
        #expect(sink.received.count == 3)
    }

    @Test func aRefusedRecipientIsReportedAndTheOthersStillGetIt() throws {
        let site = try site(recipients: Self.five + ["pas-une-adresse"])
        defer { site.remove() }
        let sink = try SMTPSink(refuse: ["lecteur2@example.com"])
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 5)
        #expect(r.stderr.contains("lecteur2@example.com: refused by the server"))
        #expect(r.stderr.contains("recipients.txt:8: error: 'pas-une-adresse' is not an email address"))
        #expect(sink.received.flatMap(\.to).sorted() == Self.five.filter { $0 != "lecteur2@example.com" })
        let log = try #require(site.read("digests/\(Self.day).sent"))
        #expect(log.contains("refused ") && !log.contains("sent 2026-02-06") || !log.contains("Z lecteur2@example.com\nsent"))
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("sent ") && $0.hasSuffix(" lecteur2@example.com") })
    }

    @Test func aServerThatIsDownIsAClearError() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let r = try send(site, nil, env: ["KIOSQUE_SMTP_URL": "smtp://127.0.0.1:1"])
        #expect(r.status == 4)
        #expect(r.stderr.contains("cannot send: smtp://127.0.0.1:1"))
        #expect(r.stderr.contains("is the SMTP server running?"))
        #expect(r.stderr.contains("5 recipient(s) not mailed"))
        #expect(site.read("digests/\(Self.day).sent").map { !$0.contains("sent ") } ?? true)
    }

    @Test func dryRunAndTestAddress() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let dry = try send(site, sink, ["--dry-run"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("would send to lecteur5@example.com"))
        #expect(dry.stdout.contains("5 to send"))
        #expect(sink.received.isEmpty)
        #expect(!site.exists("digests/\(Self.day).sent"))
        let test = try send(site, sink, ["--to", "redaction@example.com"])
        #expect(test.status == 0)
        #expect(sink.received.flatMap(\.to) == ["redaction@example.com"])
        #expect(!site.exists("digests/\(Self.day).sent"))
    }

    @Test func noDigestForThatDay() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let r = try CLI.run(["send", "--site", site.root, "--date", "2026-02-07"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no digest for 2026-02-07"))
    }

    @Test func logsInWithCredentialsFromTheEnvironment() throws {
        let site = try site(recipients: Array(Self.five.prefix(2)))
        defer { site.remove() }
        let sink = try SMTPSink(user: "kiosque", password: "s3cret")
        defer { sink.stop() }
        let bad = try send(site, sink, env: ["KIOSQUE_SMTP_USER": "kiosque", "KIOSQUE_SMTP_PASSWORD": "wrong"])
        #expect(bad.status == 4)
        #expect(!bad.stderr.contains("wrong") && !bad.stdout.contains("wrong"))
        #expect(sink.received.isEmpty)
        let good = try send(site, sink, env: ["KIOSQUE_SMTP_USER": "kiosque", "KIOSQUE_SMTP_PASSWORD": "s3cret"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(sink.received.map(\.user) == ["kiosque", "kiosque"])
        // Credentials never go in the URL.
        let inURL = try send(site, sink, ["--force"], env: ["KIOSQUE_SMTP_URL": "smtp://kiosque:s3cret@127.0.0.1:\(sink.port)"])
        #expect(inURL.status == 3)
        #expect(!inURL.stderr.contains("s3cret"))
    }

    @Test func rateLimit() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let start = Date()
        #expect(try send(site, sink, ["--rate", "10"]).status == 0)
        #expect(Date().timeIntervalSince(start) >= 0.4)
        #expect(sink.received.count == 5)
    }

    @Test func recipientsFile() {
        let list = RecipientList(parsing: "# comment\n\na@example.com\n  B <b@example.com>  # inline\nnope\nA@example.com\n", file: "r.txt")
        #expect(list.addresses == ["a@example.com", "b@example.com"])
        #expect(list.problems.map(\.description) == [
            "r.txt:5: error: 'nope' is not an email address (write one address a line, such as nom@example.com; this line is skipped)",
            "r.txt:6: warning: A@example.com is already listed on line 3: it is mailed once",
        ])
    }
}
