import Testing
@testable import MIME

@Suite struct DigestMIMETests {
    @Test func quotedPrintableKeepsLinesShortAndRoundTrips() {
        let long = String(repeating: "é", count: 100) + " fin"
        let text = long + "\n.point\nFrom here\nFromage\ntrailing space \n" + String(repeating: "=", count: 90) + "\n"
        let qp = QuotedPrintable.encode(text)
        for line in qp.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76) }
        #expect(qp.contains("\r\n=2Epoint\r\n=46rom here\r\nFromage\r\ntrailing space=20\r\n"))
        #expect(MIMETestDecoder.quotedPrintable(qp) == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(qp.utf8.allSatisfy { $0 < 128 })
    }

    @Test func subjectIsEncodedInShortWords() {
        let subject = "L’essentiel du vendredi 6 février 2026 : la BRVM, le franc CFA et le cacao à la une"
        let value = EncodedWord.unstructured(subject, field: "Subject")
        for (n, line) in ("Subject: " + value).components(separatedBy: "\r\n").enumerated() {
            #expect(line.utf8.count <= 76, "line \(n): \(line)")
        }
        #expect(MIMETestDecoder.encodedWords(value) == subject)
        #expect(EncodedWord.unstructured("Plain ASCII", field: "Subject") == "Plain ASCII")
    }

    @Test func addresses() {
        #expect(MailAddress("Orishas Direct <lettre@example.com>")?.address == "lettre@example.com")
        #expect(MailAddress("Orishas Direct <lettre@example.com>")?.header == "Orishas Direct <lettre@example.com>")
        #expect(MailAddress("\"Kiosque, la lettre\" <a@b.example>")?.header == "\"Kiosque, la lettre\" <a@b.example>")
        #expect(MailAddress("Économie <eco@example.com>")?.header == "=?UTF-8?Q?=C3=89conomie?= <eco@example.com>")
        #expect(MailAddress("first.last+tag@sub.example.org")?.name == nil)
        for bad in ["", "nobody", "a@b", "a@@b.com", ".a@b.com", "a..b@c.com", "a b@c.com", "a@-b.com", "é@example.com", "<a@b.com"] {
            #expect(MailAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func rawMessageFieldsAreReplacedAndBodyKept() throws {
        let bytes = Array("From: a@example.com\r\nTo: undisclosed-recipients:;\r\nSubject: =?UTF-8?Q?x?=\r\n =?UTF-8?Q?y?=\r\n\r\nbody\r\n.\r\n".utf8)
        var m = try #require(RawMessage(bytes))
        #expect(m.value("subject") == "=?UTF-8?Q?x?= =?UTF-8?Q?y?=")
        m.set("To", "b@example.com")
        m.set("Message-ID", "<1@example.com>")
        let s = String(decoding: m.bytes, as: UTF8.self)
        #expect(s == "From: a@example.com\r\nTo: b@example.com\r\nSubject: =?UTF-8?Q?x?=\r\n =?UTF-8?Q?y?=\r\nMessage-ID: <1@example.com>\r\n\r\nbody\r\n.\r\n")
    }

    @Test func longHeadersAreFolded() {
        let folded = MIMEMessage.fold("List-Unsubscribe: <https://lists.example.com/unsubscribe/with/a/long/path>, <mailto:lettre@example.com?subject=unsubscribe>")
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix(" <mailto:"))
    }
}
