import HTML
import Testing
@testable import Feeds

@Suite struct SanitizerTests {
    static let vectors = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"javascript:alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\" &#14;javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<form action=\"https://evil.example/\"><input name=a></form>",
        "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<p style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</p>",
        "<svg onload=alert(1)><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<body onload=alert(1)>",
        "<div><scr<script>ipt>alert(1)</script></div>",
        "<!--<script>alert(1)</script>-->",
        "<a href=\"https://ok.example/\" onmouseover=\"alert(1)\">ok</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "</p><script>alert(1)</script><p>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<textarea><script>alert(1)</script></textarea>",
    ]

    @Test(arguments: vectors)
    func nothingExecutableSurvives(_ html: String) {
        let out = HTMLSanitizer.sanitize(html, base: "https://feed.example/")
        let lower = out.lowercased()
        #expect(!lower.contains("<script"), "\(out)")
        #expect(!lower.contains("javascript:"), "\(out)")
        #expect(!lower.contains("vbscript:"), "\(out)")
        #expect(!lower.contains("data:text"), "\(out)")
        #expect(!lower.contains("data:image/svg"), "\(out)")
        #expect(!lower.contains(" on"), "\(out)")  // no on* attribute (and no attribute starting "on")
        #expect(!lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<embed") && !lower.contains("<form"))
        #expect(!lower.contains("<style") && !lower.contains("style=") && !lower.contains("<base") && !lower.contains("<meta"))
        #expect(!lower.contains("<svg") && !lower.contains("<math") && !lower.contains("<textarea"))
        let md = HTMLMarkdown.markdown(html, base: "https://feed.example/").lowercased()
        #expect(!md.contains("<script") && !md.contains("javascript:") && !md.contains("onerror"), "\(md)")
    }

    @Test func keepsProseAndResolvesRelativeURLs() {
        let html = """
        <div class="x"><h2 id="t">Titre</h2><p>Un <a href="/a?b=1&amp;c=2" title="t" target="_blank">lien</a>, \
        <em>de l’emphase</em> et <span style="color:red">du texte</span>.</p>\
        <img src="img/photo.jpg" alt="Photo" width="600" height="400" srcset="x 2x"></div>
        """
        #expect(HTMLSanitizer.sanitize(html, base: "https://site.example/dossier/page") == """
        <div><h2>Titre</h2><p>Un <a href="https://site.example/a?b=1&amp;c=2" title="t">lien</a>, \
        <em>de l’emphase</em> et du texte.</p><img src="https://site.example/dossier/img/photo.jpg" alt="Photo" width="600" height="400"></div>
        """)
    }

    @Test func trackingPixelsAndUnsafeImagesAreDropped() {
        #expect(HTMLSanitizer.sanitize("<p>a<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\">b</p>", base: nil) == "<p>ab</p>")
        #expect(HTMLSanitizer.sanitize("<img src=\"https://t.example/p.gif\" width=\"0\" height=\"0\">", base: nil) == "")
        #expect(HTMLSanitizer.sanitize("<img src=\"relative.png\">", base: nil) == "")  // nothing to resolve it against
        let png = "data:image/png;base64,iVBORw0KGgo="
        #expect(HTMLSanitizer.sanitize("<img src=\"\(png)\">", base: nil) == "<img src=\"\(png)\">")
        #expect(HTMLSanitizer.sanitize("<a href=\"\(png)\">x</a>", base: nil) == "<a>x</a>")  // data: only in images
    }

    @Test func plainText() {
        #expect(HTMLSanitizer.plainText("<p>Un <b>texte</b></p><p>en   deux</p><script>x()</script>") == "Un texte en deux")
    }
}

@Suite struct SanitizerMarkdownTests {
    @Test func paragraphsHeadingsListsLinksEmphasisImagesQuotes() {
        let html = """
        <h1>Titre</h1><p>Un <strong>texte</strong> avec <em>emphase</em> et un <a href="https://x.example/a b">lien</a>.<br>Ligne deux.</p>
        <ul><li>un</li><li>deux <b>gras</b></li></ul><ol start="3"><li>trois</li><li>quatre</li></ol>
        <blockquote><p>Citation.</p><p>Suite.</p></blockquote>
        <p><img src="https://x.example/i.png" alt="Une image"></p><pre><code>let x = `a`</code></pre><hr>
        """
        #expect(HTMLMarkdown.markdown(html, base: nil) == """
        # Titre

        Un **texte** avec *emphase* et un [lien](<https://x.example/a%20b>).\\
        Ligne deux.

        - un
        - deux **gras**

        3. trois
        4. quatre

        > Citation.
        >
        > Suite.

        ![Une image](<https://x.example/i.png>)

        ```
        let x = `a`
        ```

        * * *

        """)
    }

    @Test func tablesStaySanitizedHTML() {
        let md = HTMLMarkdown.markdown("<table onclick=x><tr><td style=a>1</td><td><script>x</script>2</td></tr></table>", base: nil)
        #expect(md == "<table><tr><td>1</td><td>2</td></tr></table>\n")
    }

    @Test func textIsEscapedNotMarkup() {
        let md = HTMLMarkdown.markdown("<p>&lt;script&gt;alert(1)&lt;/script&gt; *pas* [de](lien) &amp;eacute; 5 &amp; 6</p><p>1. pas une liste</p><p># pas un titre</p><p>- pas un tiret</p>", base: nil)
        #expect(md == """
        \\<script\\>alert(1)\\</script\\> \\*pas\\* \\[de\\](lien) \\&eacute; 5 & 6

        1\\. pas une liste

        \\# pas un titre

        \\- pas un tiret

        """)
    }
}
