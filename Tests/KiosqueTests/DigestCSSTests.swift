import HTML
import Testing
@testable import Digest
import Feeds

@Suite struct DigestCSSTests {
    private func inlined(_ css: String, _ body: String) -> HTMLDocument {
        let doc = HTMLDocument("<!DOCTYPE html><html><head><style>\(css)</style></head><body>\(body)</body></html>")!
        CSSInliner.inline(doc)
        return doc
    }

    private func style(_ doc: HTMLDocument, id: String) -> String? {
        doc.elements.first { $0.attribute("id") == id }?.attribute("style")
    }

    @Test func cascadeBySpecificityThenOrder() {
        let doc = inlined("""
        p { color: red; margin: 0 }
        .lead { color: green }
        p.lead { font-size: 18px }
        #x { color: blue }
        .late { color: purple }
        p { color: black }
        """, #"<p id="x" class="lead late">a</p><p id="y" class="lead">b</p><p id="z">c</p>"#)
        #expect(style(doc, id: "x") == "color:blue;margin:0;font-size:18px;")
        #expect(style(doc, id: "y") == "color:green;margin:0;font-size:18px;")
        #expect(style(doc, id: "z") == "color:black;margin:0;")
    }

    @Test func descendantChildAndCommaLists() {
        let doc = inlined("""
        .card a, h2 { color: teal }
        table .cell > a { text-decoration: none }
        """, #"<table><tr><td class="card cell"><a id="a1" href="https://x.example/">x</a><span><a id="a2" href="https://x.example/">y</a></span></td></tr></table><h2 id="h">t</h2><a id="a3" href="https://x.example/">z</a>"#)
        #expect(style(doc, id: "a1") == "color:teal;text-decoration:none;")
        #expect(style(doc, id: "a2") == "color:teal;")
        #expect(style(doc, id: "h") == "color:teal;")
        #expect(style(doc, id: "a3") == nil)
    }

    @Test func ownStyleWinsUnlessImportant() {
        let doc = inlined("p { color: red; padding: 1px !important; margin: 2px }",
                          #"<p id="p" style="color: blue; padding: 0; margin: 3px !important">x</p>"#)
        #expect(style(doc, id: "p") == "color:blue;margin:3px !important;padding:1px !important;")
    }

    @Test func mediaQueriesAndUninlinableRulesStayInHead() {
        let doc = inlined("""
        /* a comment */
        a { color: red }
        a:hover, .b { color: blue }
        @media (prefers-color-scheme: dark) { .b { color: white !important; } }
        [data-ogsc] .b { color: white }
        """, #"<a id="a" class="b" href="https://x.example/">x</a>"#)
        #expect(style(doc, id: "a") == "color:blue;")
        let styles = doc.elements(named: "style")
        #expect(styles.count == 1)
        #expect(styles.first?.parent?.name == "head")
        let kept = styles.first?.text ?? ""
        #expect(kept.contains("a:hover {"))
        #expect(!kept.contains(".b {  color: blue") && !kept.contains("a { color: red"))
        #expect(kept.contains("@media (prefers-color-scheme: dark) { .b { color: white !important; } }"))
        #expect(kept.contains("[data-ogsc] .b"))
        #expect(!kept.contains("comment"))
    }

    @Test func nothingLeftMeansNoStyleElement() {
        let doc = inlined("p { color: red }", "<p>x</p>")
        #expect(doc.elements(named: "style").isEmpty)
    }
}
