import Foundation
import Testing

/// `kiosque send` SIGKILLed at seeded instants (sometimes twice in a row), to a real SMTP
/// server: whatever the instant, nobody is mailed twice, and nobody is left out but the
/// addresses reported uncertain, which `--to` settles.
@Suite struct SendKillTests {
    static let day = "2026-02-06"

    @Test func killedAtAnyInstantMailsNobodyTwice() throws {
        let recipients = (1...300).map { String(format: "abonne%03d@example.com", $0) }
        let site = try DigestSite.small()
        defer { site.remove() }
        try site.write("recipients.txt", "# abonnés de la lettre quotidienne\n" + recipients.joined(separator: "\n") + "\n")
        let written = try CLI.run(["digest", "--site", site.root, "--date", Self.day, "--now", "2026-02-06T18:00:00Z"])
        try #require(written.status == 0, "\(written.stderr)")
        // At most 250 a second: a run lasts over a second however fast the machine.
        let send = ["send", "--site", site.root, "--date", Self.day, "--rate", "250"]
        let outcome = try SendKill(send: send, recipients: recipients, logPath: site.path("digests/\(Self.day).sent"),
                                   output: site.path("runs.log")).run()
        print("SendKillTests: " + outcome.summary)
        #expect(outcome.violations.isEmpty, "\(outcome.violations.joined(separator: "\n"))")
    }
}
