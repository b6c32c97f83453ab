import HTML
import KiosqueCore

/// The links and ids of one rendered HTML page, sorted out for `kiosque check`: links under
/// the site's address that lead to no produced file, fragments to look up in other pages,
/// links off the site, and images without alt text.
struct PageLinks: Sendable {
    /// Links under the base URL that lead to no produced file or id: absolute, as written
    /// in the page, and why.
    var broken: [Broken] = []
    /// Links into another produced page with a fragment, that page and the id wanted.
    var fragments: [(link: Broken, file: String, id: String)] = []
    /// Absolute http(s) URLs off the site.
    var external: [String] = []
    /// Absolute sources of the images with no or an empty `alt`.
    var imagesWithoutAlt: [String] = []
    /// Every `id` (and `<a name>`) of the page.
    var ids: Set<String> = []

    struct Broken: Sendable {
        var url: String
        var written: String
        var why: String
    }

    /// `path`: the page's output path; `url`: its address, the base of its relative links.
    init(html: String, path: String, url pageURL: String, links: SiteLinks, images: Bool) {
        var seen = Set<String>()
        var own: [(link: Broken, id: String)] = []
        func follow(_ raw: String) {
            guard seen.insert(raw).inserted, let url = Self.absolute(raw, page: pageURL) else { return }
            switch links.target(url) {
            case .outside:
                external.append(url)
            case .elsewhere, .file(_, fragment: nil): break
            case .file(let file, fragment: let id?):
                let link = Broken(url: url, written: raw, why: Self.noSuchID(id))
                if file == path { own.append((link, id)) } else { fragments.append((link, file, id)) }
            case .missing(let rel):
                broken.append(Broken(url: url, written: raw, why: "the build produces no '\(SiteURLs.file(for: rel))'"))
            }
        }
        HTMLDocument.forEachStartTag(of: html) { tag in
            if let id = tag.attribute("id") { ids.insert(id) }
            if tag.named("a"), let name = tag.attribute("name") { ids.insert(name) }
            if let href = tag.attribute("href") { follow(href) }
            if let src = tag.attribute("src") {
                follow(src)
                if images, tag.named("img"), (tag.attribute("alt") ?? "").trimmingWhitespace.isEmpty,
                   let url = Self.absolute(src, page: pageURL) {
                    imagesWithoutAlt.append(url)
                }
            }
        }
        broken += own.filter { !Self.resolves($0.id, in: ids) }.map(\.link)
    }

    /// Whether `#id` leads somewhere on a page with these ids (`#top` always does, as in browsers).
    static func resolves(_ id: String, in ids: Set<String>) -> Bool { id == "top" || ids.contains(id) }

    static func noSuchID(_ id: String) -> String { "the page has no element with id '\(id)'" }

    /// A link as the browser follows it: nil for what is not fetched (`mailto:`, `tel:`,
    /// `javascript:`, `data:`) and for an empty one (the page itself).
    static func absolute(_ raw: String, page: String) -> String? {
        // Nearly every link of a page is already absolute: no trimming, no scheme parsing.
        if raw.utf8.starts(with: "https://".utf8) || raw.utf8.starts(with: "http://".utf8), raw.utf8.last.map({ $0 > 32 }) == true {
            return raw
        }
        let s = raw.trimmingWhitespace
        guard !s.isEmpty else { return nil }
        if s.hasPrefix("#") { return page + s }
        if let scheme = URLPolicy.scheme(s) { return scheme == "http" || scheme == "https" ? s : nil }
        let resolved = URLPolicy.resolve(s, against: page)
        return URLPolicy.scheme(resolved).map { $0 == "http" || $0 == "https" } == true ? resolved : nil
    }
}
