import Markdown
import Testing

@Suite("Markdown")
struct MarkdownTests {
    /// Smart punctuation, then French typography: the paired English quotes become « ».
    @Test func commonMarkWithSmartPunctuation() {
        #expect(Markdown.html("Il a dit \"oui\" -- puis 'non'...") == "<p>Il a dit «\u{202F}oui\u{202F}» – puis ‘non’…</p>\n")
        #expect(Markdown.html("l'été") == "<p>l’été</p>\n")
        #expect(Markdown.html("## Titre\n\n- a\n- b\n") == "<h2>Titre</h2>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        #expect(Markdown.html("**gras** et *italique*") == "<p><strong>gras</strong> et <em>italique</em></p>\n")
        #expect(Markdown.html("") == "")
    }

    @Test func rawHTMLAndDangerousLinksAreDropped() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onerror"))
        #expect(Markdown.html("[lien](https://example.com/a?b=1&c=2)") == "<p><a href=\"https://example.com/a?b=1&amp;c=2\">lien</a></p>\n")
    }

    @Test func textIsEscaped() {
        #expect(Markdown.html("a < b & c") == "<p>a &lt; b &amp; c</p>\n")
    }
}
