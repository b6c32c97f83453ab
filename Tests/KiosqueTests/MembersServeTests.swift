import Foundation
import KiosqueCore
import Testing
@testable import Members

/// `kiosque members serve` over real HTTP on a free port, its database a real SQLite file, its
/// confirmation mails going to the SMTP sink; `kiosque send` mailing the members it confirms.
@Suite struct MembersServeTests {
    static let thanks = "https://news.example.com/merci-inscription/"
    static let confirmed = "https://news.example.com/inscription-confirmee/"

    @Test func subscribeConfirmGetTheLetterWithOneOwnLinkLeaveInOneClickAndTheNextSendSkips() throws {
        try MembersSite.serving { site, sink, serve throws in

            let r = try serve.subscribe(" Awa.Kone@Example.COM ", name: "Awa Koné")
            #expect(r.status == 303 && r.headers["location"] == Self.thanks, "\(r.status) \(r.headers) \(r.text)")
            let mails = sink.wait(for: 1)
            try #require(mails.count == 1, "\(serve.stderr)")
            #expect(mails[0].to == ["awa.kone@example.com"])
            let mail = EML(mails[0].message)
            #expect(mail.header("Auto-Submitted") == "auto-generated")
            #expect(mail.part("text/html")?.contains("Awa Koné") == true, "\(mail.raw)")
            let link = try #require(mail.link("https://news.example.com/membres/confirmer?t="), "\(mail.raw)")
            #expect(mail.part("text/html")?.contains(link) == true)
            #expect(try site.status("awa.kone@example.com") == .pending)
            let member = try #require(try site.store().member(email: "awa.kone@example.com"))
            #expect(member.name == "Awa Koné" && member.consent?.source == "formulaire pied-de-page")
            #expect(member.consent?.text.hasPrefix("J’accepte de recevoir la lettre quotidienne") == true)

            let confirm = try serve.get(pathOf(link))
            #expect(confirm.status == 303 && confirm.headers["location"] == Self.confirmed, "\(confirm.status) \(confirm.text)")
            #expect(try site.status("awa.kone@example.com") == .active)
            let used = try serve.get(pathOf(link))
            #expect(used.status == 410 && used.text.contains("déjà servi"), "\(used.status)")

            // The newsletter: to that member, with their own link in the header and the footer.
            let digest = try site.run(["digest", "--date", "2026-02-06", "--now", "2026-02-06T18:00:00Z"])
            try #require(digest.status == 0, "\(digest.stderr)")
            let sent = try site.run(["send", "--date", "2026-02-06"], sink: sink)
            #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
            let all = sink.wait(for: 2)
            try #require(all.count == 2)
            #expect(all[1].to == ["awa.kone@example.com"])
            let letter = EML(all[1].message)
            let own = "https://news.example.com/membres/desabonnement?m=\(member.id)&t=\(site.secretKey.signature(member: member.id))"
            #expect(letter.unfolded("List-Unsubscribe")?.trimmingWhitespace == "<\(own)>, <mailto:lettre@example.com?subject=unsubscribe>",
                    "\(letter.unfolded("List-Unsubscribe") ?? "none")")
            #expect(letter.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(letter.part("text/plain")?.contains(own) == true, "\(letter.part("text/plain") ?? "")")
            #expect(letter.part("text/html")?.contains(own.replacingOccurrences(of: "&", with: "&amp;")) == true)
            #expect(!letter.raw.contains(MemberLinks.whoToken) && !letter.raw.contains(MemberLinks.signatureToken))
            // The web version is everyone's: no one's own link in it.
            #expect(site.site.read("digests/2026-02-06.html")?.contains("desabonnement?m=") == false)

            // A link scanner fetching the link unsubscribes nobody; the button does.
            let page = try serve.get(pathOf(own))
            #expect(page.status == 200 && page.text.contains("<form") && page.text.contains("List-Unsubscribe"), "\(page.text)")
            #expect(try site.status("awa.kone@example.com") == .active)
            // RFC 8058 allows the body as multipart/form-data too; the second time changes nothing more.
            let multipart = "--b0undary\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b0undary--\r\n"
            for (body, type) in [(multipart, "multipart/form-data; boundary=b0undary"), ("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")] {
                let post = try serve.get(pathOf(own), method: "POST", headers: ["Content-Type": type], body: body)
                #expect(post.status == 200, "\(post.status) \(post.text)")
                #expect(try site.status("awa.kone@example.com") == .unsubscribed)
            }

            // The next newsletter skips them.
            let next = try site.run(["digest", "--date", "2026-02-05", "--now", "2026-02-05T18:00:00Z"])
            try #require(next.status == 0, "\(next.stderr)")
            let skipped = try site.run(["send", "--date", "2026-02-05"], sink: sink)
            #expect(skipped.status == 0, "\(skipped.stderr)")
            #expect(sink.received.count == 2)
        }
    }

    @Test func forgedTruncatedUnknownReplayedAndExpiredLinksChangeNothing() throws {
        try MembersSite.serving { site, sink, serve throws in
            _ = try serve.subscribe("kofi.mensah@example.com")
            _ = try serve.subscribe("ines.diallo@example.com")
            let mails = sink.wait(for: 2)
            try #require(mails.count == 2, "\(serve.stderr)")
            let links = Dictionary(uniqueKeysWithValues: mails.map { ($0.to[0], EML($0.message).link("https://news.example.com/membres/confirmer?t=")!) })
            let kofi = pathOf(links["kofi.mensah@example.com"]!)
            let token = String(kofi.dropFirst("/membres/confirmer?t=".count))
            let before = try site.snapshot()

            func expectUnchanged(_ target: String, method: String = "GET", body: String? = nil, _ status: Int, _ line: Int = #line) throws {
                let r = try serve.get(target, method: method, body: body)
                #expect(r.status == status, "line \(line): \(target): \(r.status) \(r.text)")
                #expect(try site.snapshot() == before, "line \(line): \(target) changed the members")
            }
            // Forged: the selector kept, the signature altered; or a selector never handed out, signed with another key.
            try expectUnchanged("/membres/confirmer?t=\(flipped(token, at: 40))", 403)
            // Base64's last character carries two bits of padding: a link differing there only is not the link either.
            try expectUnchanged("/membres/confirmer?t=\(token.dropLast() + (token.last == "A" ? "B" : "A"))", 403)
            let otherKey = try MemberSecret("une-autre-cle-que-celle-du-service-0123456789")
            try expectUnchanged("/membres/confirmer?t=\(ConfirmationToken.make().text(otherKey))", 403)
            // Truncated, padded, empty, missing, or with characters a link never has.
            for t in [String(token.dropLast(3)), token + "A", "", token.replacingOccurrences(of: token.prefix(1), with: "%"), "'%20OR%201=1--"] {
                try expectUnchanged("/membres/confirmer?t=\(t)", 400)
            }
            try expectUnchanged("/membres/confirmer", 400)
            // Signed with this key but handed out to nobody.
            try expectUnchanged("/membres/confirmer?t=\(ConfirmationToken.make().text(site.secretKey))", 404)

            // Expired: seven days after the subscription (set in the file as time would).
            try site.store().db.query("UPDATE members SET token_expires = '2020-01-01T00:00:00Z' WHERE email = 'ines.diallo@example.com'")
            let expiredBefore = try site.snapshot()
            let expired = try serve.get(pathOf(links["ines.diallo@example.com"]!))
            #expect(expired.status == 410 && expired.text.contains("plus de 7 jours"), "\(expired.status) \(expired.text)")
            #expect(try site.snapshot() == expiredBefore && site.status("ines.diallo@example.com") == .pending)

            // Replayed: the first use confirms, the next ones change nothing.
            #expect(try serve.get(kofi).status == 303)
            let confirmedState = try site.snapshot()
            for _ in 0..<2 {
                #expect(try serve.get(kofi).status == 410)
                #expect(try site.snapshot() == confirmedState)
            }

            // One-click links: forged, another member's signature, truncated, not one-click.
            let id = try #require(try site.store().member(email: "kofi.mensah@example.com")).id
            let other = try #require(try site.store().member(email: "ines.diallo@example.com")).id
            let sig = site.secretKey.signature(member: id)
            let oneClick = "List-Unsubscribe=One-Click"
            let state = try site.snapshot()
            for (target, status) in [("/membres/desabonnement?m=\(id)&t=\(flipped(sig, at: 20))", 403),
                                     ("/membres/desabonnement?m=\(other)&t=\(sig)", 403),
                                     ("/membres/desabonnement?m=\(id)&t=\(sig.dropLast(4))", 403),
                                     ("/membres/desabonnement?m=\(id)%27%3B%20DROP%20TABLE%20members%3B--&t=\(sig)", 400),
                                     ("/membres/desabonnement?m=\(id)", 400)] {
                for method in ["GET", "POST"] {
                    let r = try serve.get(target, method: method, body: method == "POST" ? oneClick : nil)
                    #expect(r.status == status, "\(method) \(target): \(r.status)")
                }
            }
            let notOneClick = try serve.get("/membres/desabonnement?m=\(id)&t=\(sig)", method: "POST", body: "List-Unsubscribe=Yes")
            #expect(notOneClick.status == 400)
            #expect(try site.snapshot() == state)
        }
    }

    @Test func linksAreBase64URLWithOneSpellingPerValue() throws {
        var g = SystemRandomNumberGenerator()
        for count in 0...48 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
            let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(Base64URL.encode(bytes) == foundation, "\(bytes)")
            #expect(Base64URL.decode(foundation) == bytes, "\(foundation)")
        }
        // Not base64url, a length no bytes have, or bits the last character does not carry.
        for text in ["ab+c", "ab/c", "abc=", "a", "abcde", "AB", "AAB", "A B"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
        #expect(Base64URL.decode("AA") == [0] && Base64URL.decode("AAA") == [0, 0])
    }

    @Test func badRequestsGetAClearFourHundredAndChangeNothing() throws {
        try MembersSite.serving { site, sink, serve throws in
            let empty = try site.snapshot()
            let ok = "email=fatou.sow%40example.com&name=Fatou&website=&source=pied-de-page"
            let cases: [(what: String, target: String, method: String, body: String?, status: Int)] = [
                ("a body over 16 KB", "/membres/inscription", "POST", ok + "&name=" + String(repeating: "a", count: 17_000), 413),
                ("a bad % escape", "/membres/inscription", "POST", "email=fatou%ZZ%40example.com", 400),
                ("bytes that are not UTF-8", "/membres/inscription", "POST", "email=fatou%FF%40example.com", 400),
                ("CR LF in the name", "/membres/inscription", "POST", "email=fatou.sow%40example.com&name=Fatou%0D%0ABcc%3A%20x%40example.com", 400),
                ("LF in the address", "/membres/inscription", "POST", "email=fatou.sow%40example.com%0ABcc%3A%20x%40example.com", 400),
                ("SQL in the address", "/membres/inscription", "POST", "email=x%27%3B%20DROP%20TABLE%20members%3B--%40example.com", 400),
                ("SQL in the name", "/membres/inscription", "POST", "email=fatou.sow%40example.com&name=Robert%27%29%3B%20DROP%20TABLE%20members%3B--", 400),
                ("not an address", "/membres/inscription", "POST", "email=fatou.sow%40example", 400),
                ("no address", "/membres/inscription", "POST", "name=Fatou", 400),
                ("a form that is not the site's", "/membres/inscription", "POST", ok.replacingOccurrences(of: "pied-de-page", with: "%3Cscript%3E"), 400),
                ("another content type", "/membres/inscription", "POST", nil, 400),
                ("a GET of the form's target", "/membres/inscription", "GET", nil, 405),
                ("an unknown path", "/membres/admin", "GET", nil, 404),
                ("a path outside the service", "/etc/passwd", "GET", nil, 404),
                ("a traversal", "/membres/../members.sqlite", "GET", nil, 404),
            ]
            for c in cases {
                let headers = c.what == "another content type" ? ["Content-Type": "application/json", "Content-Length": "2"] : [:]
                let r = try serve.get(c.target, method: c.method, headers: headers, body: c.what == "another content type" ? "{}" : c.body)
                #expect(r.status == c.status, "\(c.what): \(r.status) \(r.text)")
                #expect(r.headers["content-type"] == "text/html; charset=utf-8" && r.text.contains("<h1>"), "\(c.what): \(r.text)")
                #expect(try site.snapshot() == empty, "\(c.what) changed the members")
            }
            // A robot filling the hidden field: the same answer as a reader gets, and nothing kept.
            let robot = try serve.get("/membres/inscription", method: "POST",
                                      body: "email=robot%40example.com&name=Robot&website=http%3A%2F%2Fspam.example&source=pied-de-page")
            #expect(robot.status == 303 && robot.headers["location"] == Self.thanks)
            #expect(try site.snapshot() == empty)

            // An address with a quote is a valid address: kept as it is, nothing run.
            #expect(try serve.subscribe("o'brien@example.com", name: "Seán O’Brien").status == 303)
            let mails = sink.wait(for: 1)
            #expect(mails.map(\.to) == [["o'brien@example.com"]], "the robot or a bad request was mailed: \(mails.map(\.to))")
            #expect(try site.store().members().map(\.email) == ["o'brien@example.com"])
        }
    }

    @Test func anActiveAddressGetsTheSameAnswerAndNoMail() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let added = try site.run(["members", "add", "moussa.traore@example.com", "--name", "Moussa Traoré"])
        try #require(added.status == 0, "\(added.stderr)")
        let sink = try SMTPSink()
        defer { sink.stop() }
        let serve = try site.serve(sink)
        defer { _ = serve.stop() }
        let before = try site.snapshot()
        let again = try serve.subscribe("Moussa.Traore@example.com")
        let fresh = try serve.subscribe("aminata.keita@example.com")
        #expect(again.status == fresh.status && again.headers["location"] == fresh.headers["location"] && again.text == fresh.text)
        // The mailer works in order: once the second one's mail is there, the first would be too.
        let mails = sink.wait(for: 1)
        #expect(mails.map(\.to) == [["aminata.keita@example.com"]])
        #expect(try site.store().members().count == 2)
        #expect(try site.snapshot().hasPrefix(before), "the active member changed")
    }

    @Test func rateLimitsPerClientBehindTheProxyAndPerAddress() throws {
        try MembersSite.serving { site, sink, serve throws in
            // Per address: three confirmation mails an hour, whatever the client.
            for i in 0..<MembersService.perEmail {
                #expect(try serve.subscribe("adjoa.mensah@example.com", client: "2001:db8::\(i + 10)").status == 303)
            }
            let flood = try serve.subscribe("adjoa.mensah@example.com", client: "2001:db8::99")
            #expect(flood.status == 429 && flood.headers["retry-after"] != nil, "\(flood.status)")
            // Per client: the proxy's last hop, not the addresses a client writes before it.
            for i in 0..<MembersService.perClient {
                let r = try serve.get("/membres/inscription", method: "POST", headers: ["X-Forwarded-For": "198.51.100.\(i), 203.0.113.7"],
                                      body: "email=lecteur\(i)%40example.com")
                #expect(r.status == 303, "\(i): \(r.status)")
            }
            let blocked = try serve.get("/membres/inscription", method: "POST", headers: ["X-Forwarded-For": "198.51.100.200, 203.0.113.7"],
                                        body: "email=encore%40example.com")
            #expect(blocked.status == 429)
            #expect(try serve.subscribe("encore@example.com", client: "203.0.113.8").status == 303)
            #expect(try site.status("encore@example.com") == .pending)
        }
    }

    @Test func rateLimitsKeepAFewKeysAndStillHoldTheOnesInUseUnderAFloodOfOthers() {
        let limiter = RateLimiter(burst: 3, per: 3_600, maxKeys: 1_000)
        for _ in 0..<3 { #expect(limiter.take("2001:db8::bad", now: 0) == nil) }
        #expect(limiter.take("2001:db8::quiet", now: 0) == nil)
        for i in 0..<5_000 {
            #expect(limiter.take("client-\(i)", now: 1) == nil)
            if i % 100 == 0 { #expect(limiter.take("2001:db8::bad", now: 1) != nil, "after \(i) other clients") }
            #expect(limiter.count <= 1_000)
        }
        // A key left alone for a whole generation is forgotten: its bucket is new again.
        for _ in 0..<3 { #expect(limiter.take("2001:db8::quiet", now: 2) == nil) }
        #expect(limiter.take("2001:db8::quiet", now: 2) != nil)
    }

    @Test func forwardedForFromAPeerThatIsNotATrustedProxyIsIgnored() throws {
        try MembersSite.serving(members: "  trusted_proxies: [10.0.0.1]\n") { site, sink, serve throws in
            // Every request comes from 127.0.0.1, which is not trusted: one client, whatever it writes.
            for i in 0..<MembersService.perClient {
                #expect(try serve.subscribe("lectrice\(i)@example.com", client: "203.0.113.\(i)").status == 303)
            }
            #expect(try serve.subscribe("lectrice-de-trop@example.com", client: "203.0.113.250").status == 429)
            #expect(try site.status("lectrice-de-trop@example.com") == nil)
        }
    }

    @Test func fiftyConcurrentSubscriptionsLoseNone() throws {
        try MembersSite.serving { site, sink, serve throws in
            let addresses = (1...50).map { String(format: "membre%02d@example.com", $0) }
            let results = UnsafeMutableBufferPointer<Int>.allocate(capacity: addresses.count)
            results.initialize(repeating: -1)
            defer { results.deallocate() }
            nonisolated(unsafe) let statuses = results
            DispatchQueue.concurrentPerform(iterations: addresses.count) { i in
                statuses[i] = (try? serve.subscribe(addresses[i], client: "192.0.2.\(i + 1)").status) ?? -1
            }
            #expect(Array(statuses) == Array(repeating: 303, count: addresses.count))
            #expect(try site.store().members(status: .pending).map(\.email).sorted() == addresses)
            let mails = sink.wait(for: addresses.count)
            #expect(mails.flatMap(\.to).sorted() == addresses)
        }
    }

    @Test func refusesToStartWithoutTheSecretOrTheMembersBlock() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let noSecret = try CLI.run(["members", "serve", "--site", site.root, "--port", "0"])
        #expect(noSecret.status == 3)
        #expect(noSecret.stderr.contains("KIOSQUE_MEMBERS_SECRET is not set"), "\(noSecret.stderr)")
        let short = try CLI.run(["members", "serve", "--site", site.root, "--port", "0"], environment: ["KIOSQUE_MEMBERS_SECRET": "court"])
        #expect(short.status == 3 && short.stderr.contains("at least 32"), "\(short.stderr)")
        #expect(!site.site.exists("members.sqlite"))

        let plain = try DigestSite.small()
        defer { plain.remove() }
        let none = try CLI.run(["members", "serve", "--site", plain.root, "--port", "0"], environment: site.environment)
        #expect(none.status == 3 && none.stderr.contains("no 'members:' block"), "\(none.stderr)")
    }
}

/// `text` with its character at `offset` replaced by another of the same alphabet.
func flipped(_ text: String, at offset: Int) -> String {
    var chars = Array(text)
    chars[offset] = chars[offset] == "x" ? "y" : "x"
    return String(chars)
}
