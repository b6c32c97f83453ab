import Content
import HTML
import Foundation
import KiosqueCore
import Markdown

/// Where in an article's file each URL of its page is written: a link or image of the body
/// (Markdown, or raw HTML), or `source_url` and `image` in the front matter; with the line
/// of the file, front matter counted. Made only for the pages `kiosque check` has something
/// to say about, so it may read and parse the file again.
struct ArticleLinkLines {
    struct Written {
        var url: String
        var line: Int
        /// An image of the body without alt text.
        var imageWithoutAlt = false
    }

    /// Each written URL's possible forms on the page (percent-decoded), with its line.
    private let written: [(forms: Set<String>, line: Int, imageWithoutAlt: Bool)]

    init?(_ article: Article, root: String, urls: SiteURLs) {
        guard let source = ArticleSource(article, root: root) else { return nil }
        let base = urls.base, pageURL = urls.absolute(article.path)
        var out: [Written] = []
        func inFile(_ bodyLine: Int) -> Int { source.bodyLine + bodyLine - 1 }
        for ref in Markdown.references(source.body, root: urls.base) {
            switch ref.kind {
            case .link: out.append(Written(url: ref.value, line: inFile(ref.line)))
            case .image:
                out.append(Written(url: ref.value, line: inFile(ref.line), imageWithoutAlt: ref.alt.trimmingWhitespace.isEmpty))
            case .html:
                HTMLDocument(ref.value)?.forEachElement { e in
                    let line = inFile(ref.line + e.line - 1)
                    if let href = e.attribute("href") { out.append(Written(url: href, line: line)) }
                    if let src = e.attribute("src") {
                        let noAlt = e.named("img") && (e.attribute("alt") ?? "").trimmingWhitespace.isEmpty
                        out.append(Written(url: src, line: line, imageWithoutAlt: noAlt))
                    }
                }
            }
        }
        for (key, value) in [("source_url", article.sourceURL), ("image", article.image)] {
            if let value, let line = source.line(ofKey: key) { out.append(Written(url: urls.resolve(value), line: line)) }
        }
        // What a written URL may become on the page: as written (Markdown), through the
        // sanitizer (a body with raw HTML), or resolved against the page (a relative link).
        written = out.map { w in
            let forms = [w.url, URLPolicy.link(w.url, base: base), URLPolicy.image(w.url, base: base),
                         PageLinks.absolute(w.url, page: pageURL)]
            return (Set(forms.compactMap { $0.map(Self.decoded) }), w.line, w.imageWithoutAlt)
        }
    }

    /// The lines where `url`, as the page shows it, is written.
    func lines(of url: String, imagesWithoutAlt: Bool = false) -> [Int] {
        let wanted = Self.decoded(url)
        return written.filter { (!imagesWithoutAlt || $0.imageWithoutAlt) && $0.forms.contains(wanted) }.map(\.line)
    }

    private static func decoded(_ url: String) -> String {
        url.containsByte(UInt8(ascii: "%")) ? url.removingPercentEncoding ?? url : url
    }
}
