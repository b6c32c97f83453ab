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

    @Test func aTornLastLineIsCutOffBeforeAnythingIsAppended() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        // A run that mailed two, then stopped while mailing the third, before the message
        // was complete, and a crash cut its last line.
        let complete = """
        sending 2026-02-06T06:00:00Z lecteur1@example.com
        data 2026-02-06T06:00:00Z lecteur1@example.com
        sent 2026-02-06T06:00:00Z lecteur1@example.com
        sending 2026-02-06T06:00:01Z lecteur2@example.com
        data 2026-02-06T06:00:01Z lecteur2@example.com
        sent 2026-02-06T06:00:01Z lecteur2@example.com
        sending 2026-02-06T06:00:02Z lecteur3@example.com

        """
        try site.write("digests/\(Self.day).sent", complete + "data 2026-02")
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 0, "\(r.stderr)")
        // "sending" without "data": the message never went out whole, so it is mailed again.
        #expect(sink.received.flatMap(\.to).sorted() == ["lecteur3@example.com", "lecteur4@example.com", "lecteur5@example.com"])
        let log = try #require(site.read("digests/\(Self.day).sent"))
        #expect(log.hasPrefix(complete + "sending "), "\(log)")
        #expect(!log.contains("data 2026-02s") && !log.contains("data 2026-02\n"))
        #expect(SendLogLines(log).problems.isEmpty, "\(SendLogLines(log).problems)")
    }

    @Test func dataWithoutSentIsUncertainUntilSettledByTo() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        // lecteur2: the run stopped while the server answered (it may have it).
        try site.write("digests/\(Self.day).sent", """
        sending 2026-02-06T06:00:00Z lecteur1@example.com
        data 2026-02-06T06:00:00Z lecteur1@example.com
        sent 2026-02-06T06:00:00Z lecteur1@example.com
        sending 2026-02-06T06:00:01Z lecteur2@example.com
        data 2026-02-06T06:00:01Z lecteur2@example.com

        """)
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 6, "\(r.stderr)")
        #expect(r.stderr.contains("lecteur2@example.com: uncertain: a run stopped while the server answered"))
        #expect(r.stderr.contains("--to lecteur2@example.com"))
        #expect(r.stdout.contains("sent 3") && r.stdout.contains("1 uncertain"))
        #expect(sink.received.flatMap(\.to).sorted() == ["lecteur3@example.com", "lecteur4@example.com", "lecteur5@example.com"])
        // It stays so, mailed to nobody, until settled.
        #expect(try send(site, sink).status == 6)
        #expect(sink.received.count == 3)
        let settle = try send(site, sink, ["--to", "lecteur2@example.com"])
        #expect(settle.status == 0, "\(settle.stderr)")
        #expect(sink.received.count == 4)
        let done = try send(site, sink)
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("sent 0") && done.stdout.contains("5 already had it"))
        #expect(sink.received.count == 4)
    }

    @Test func forceSettlesUncertainAddresses() throws {
        let site = try site(recipients: Array(Self.five.prefix(2)))
        defer { site.remove() }
        try site.write("digests/\(Self.day).sent", """
        sending 2026-02-06T06:00:00Z lecteur1@example.com
        data 2026-02-06T06:00:00Z lecteur1@example.com

        """)
        let sink = try SMTPSink()
        defer { sink.stop() }
        #expect(try send(site, sink, ["--force"]).status == 0)
        #expect(sink.received.flatMap(\.to).sorted() == ["lecteur1@example.com", "lecteur2@example.com"])
        #expect(try send(site, sink).status == 0)
        #expect(sink.received.count == 2)
    }

    @Test func aProofSentWithToIsInTheSendLog() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        #expect(try send(site, sink, ["--to", "lecteur4@example.com"]).status == 0)
        let log = try #require(site.read("digests/\(Self.day).sent"))
        #expect(log.split(separator: "\n").contains { $0.hasPrefix("sent ") && $0.hasSuffix(" lecteur4@example.com") })
        // Whoever got the proof is not mailed again.
        let r = try send(site, sink)
        #expect(r.status == 0)
        #expect(r.stdout.contains("sent 4") && r.stdout.contains("1 already had it"))
        #expect(sink.received.flatMap(\.to).filter { $0 == "lecteur4@example.com" }.count == 1)
    }

    @Test func aRefusedRecipientGivesFiveThenZeroOnTheNextRun() throws {
        let site = try site(recipients: Self.five)
        defer { site.remove() }
        let sink = try SMTPSink(refuse: ["lecteur2@example.com"])
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 5)
        #expect(r.stderr.contains("lecteur2@example.com: refused by the server"))
        #expect(sink.received.flatMap(\.to).sorted() == Self.five.filter { $0 != "lecteur2@example.com" })
        let log = try #require(site.read("digests/\(Self.day).sent"))
        #expect(log.split(separator: "\n").contains { $0.hasPrefix("refused ") && $0.contains(" lecteur2@example.com 550 ") })
        #expect(!log.split(separator: "\n").contains { $0.hasPrefix("sent ") && $0.hasSuffix(" lecteur2@example.com") })
        // A 5xx refusal is final: nobody is left to send to.
        let next = try send(site, sink)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("sent 0") && next.stdout.contains("1 refused by an earlier run"))
        #expect(sink.received.count == 4)
    }

    @Test func anInvalidLineIsAWarningAndEveryoneElseGetsIt() throws {
        let site = try site(recipients: Self.five + ["pas-une-adresse"])
        defer { site.remove() }
        let sink = try SMTPSink()
        defer { sink.stop() }
        let r = try send(site, sink)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("recipients.txt:8: warning: 'pas-une-adresse' is not an email address"), "\(r.stderr)")
        #expect(r.stdout.contains("1 invalid line(s) of the recipients file skipped"))
        #expect(sink.received.flatMap(\.to).sorted() == Self.five)
        #expect(try send(site, sink).status == 0)
    }

    @Test(arguments: ["greeting", "data"])
    func aFrozenServerIsGivenUpAfterTheTimeout(freezesAt: String) throws {
        let site = try site(recipients: Array(Self.five.prefix(2)))
        defer { site.remove() }
        let frozen = try PythonServer("Tests/frozen_smtp.py", [freezesAt], what: "the frozen SMTP server")
        defer { frozen.stop() }
        let r = try send(site, nil, ["--timeout", "2"], env: ["KIOSQUE_SMTP_URL": "smtp://127.0.0.1:\(frozen.port)"])
        #expect(r.status == 4, "\(r.stderr)")
        #expect(r.stderr.contains("cannot send: smtp://127.0.0.1:\(frozen.port)"), "\(r.stderr)")
        #expect(r.stderr.contains("(the server stopped answering for 2 s)"), "\(r.stderr)")
        let log = SendLogLines(site.read("digests/\(Self.day).sent") ?? "")
        #expect(log.problems.isEmpty)
        #expect(log.sent.isEmpty)
        if freezesAt == "data" {
            // The whole message went out and no answer came back: it may have arrived.
            #expect(log.uncertain == ["lecteur1@example.com"])
            #expect(r.stderr.contains("lecteur1@example.com: uncertain"))
            #expect(r.stderr.contains("1 recipient(s) not mailed"))
        } else {
            #expect(log.uncertain.isEmpty)
            #expect(r.stderr.contains("2 recipient(s) not mailed"))
        }
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
        let dryAfter = try send(site, sink, ["--dry-run"])
        #expect(dryAfter.stdout.contains("5 to send, 0 already have it"))
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
        #expect(list.invalid == 1)
        #expect(list.problems.map(\.description) == [
            "r.txt:5: warning: 'nope' is not an email address (write one address a line, such as nom@example.com; this line is skipped)",
            "r.txt:6: warning: A@example.com is already listed on line 3: it is mailed once",
        ])
    }
}
