import Site

/// What no newsletter tool checks before sending: every link absolute and, on the site,
/// pointing at a page the site build produces (or one served elsewhere); every image with alt text and a width;
/// nothing that mail clients strip or flag (scripts, forms, frames). Size is checked by the
/// composer, which can trim.
enum DigestChecks {
    /// Gmail clips a message's HTML at about 102 KB; stay clear of it.
    static let maxBytes = 100_000

    static let forbidden: Set = ["script", "form", "iframe", "frame", "frameset", "object", "embed", "applet",
                                 "input", "textarea", "select", "button"]

    /// Problems, one sentence each, in document order.
    static func problems(_ doc: HTMLDocument, links: SiteLinks) -> [String] {
        var out: [String] = []
        for e in doc.elements {
            if forbidden.contains(e.name) {
                out.append("<\(e.name)> is not allowed in an email (mail clients strip it or flag the message as spam)")
            }
            if e.name == "img" {
                let src = e.attribute("src") ?? "(no src)"
                if e.attribute("alt") == nil {
                    out.append("image '\(src)' has no alt text (most clients block images at first: say what it shows)")
                }
                if e.attribute("width") == nil {
                    out.append("image '\(src)' has no width attribute (Outlook shows it at its natural size)")
                }
            }
            for attr in ["href", "src", "background"] {
                guard let url = e.attribute(attr) else { continue }
                if let p = links.problem(url) { out.append("<\(e.name) \(attr)=\"\(url)\">: \(p)") }
            }
        }
        return out
    }
}

/// Where a link under the site's address may point: a page the site build produces, the
/// unsubscribe endpoint, or a path another program serves on the same domain
/// (`site.served_elsewhere`).
struct SiteLinks {
    /// The site's address as used for this newsletter (`--base-url` included).
    let base: String
    /// Output files of the site build (relative paths).
    let pages: Set<String>
    /// `https://host[:port]` of `base`: served-elsewhere paths start from there.
    let origin: String
    /// From the domain root, without a trailing `/`: each covers itself and what is below.
    let elsewhere: [String]
    /// The unsubscribe URL's path when it is on this domain (that URL alone, not below).
    let unsubscribe: String?

    init(base: String, pages: Set<String>, servedElsewhere: [String], unsubscribeURL: String?) {
        self.base = base
        self.pages = pages
        let host = base.range(of: "://").map { base[$0.upperBound...] } ?? Substring(base)
        let origin = String(base[..<(host.firstIndex(of: "/") ?? base.endIndex)])
        self.origin = origin
        elsewhere = servedElsewhere.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        unsubscribe = unsubscribeURL.flatMap { $0.hasPrefix(origin + "/") ? Self.path($0.dropFirst(origin.count)) : nil }
    }

    /// nil when the URL is fine for an email.
    func problem(_ url: String) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("mailto:") { return url.count > 7 ? nil : "empty mailto: link" }
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            if lower.hasPrefix("//") { return "protocol-relative link: write https://" }
            if lower.hasPrefix("javascript:") || lower.hasPrefix("data:") { return "this kind of link is not allowed in an email" }
            return "relative link: an email has no base address, write the full URL (e.g. {{site.url}}…)"
        }
        guard url.hasPrefix(base) else { return nil }
        let rooted = Self.path(url.dropFirst(origin.count))
        if rooted == unsubscribe || elsewhere.contains(where: { rooted == $0 || rooted.hasPrefix($0 + "/") }) { return nil }
        let path = rooted.dropFirst(base.count - origin.count)
        if pages.contains(SiteURLs.file(for: String(path))) { return nil }
        return "no such page on the site: the site build does not produce '\(path)' (if another program serves it, list it in 'site.served_elsewhere' of kiosque.yaml)"
    }

    /// Without the query and the fragment.
    private static func path(_ s: Substring) -> String {
        String(s[..<(s.firstIndex { $0 == "?" || $0 == "#" } ?? s.endIndex)])
    }
}
