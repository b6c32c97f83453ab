import HTML
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
                if let p = problem(url, links) { out.append("<\(e.name) \(attr)=\"\(url)\">: \(p)") }
            }
        }
        return out
    }

    /// nil when the URL is fine for an email.
    static func problem(_ url: String, _ links: SiteLinks) -> String? {
        let lower = url.lowercased()
        if lower.hasPrefix("mailto:") { return url.count > 7 ? nil : "empty mailto: link" }
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
            if lower.hasPrefix("//") { return "protocol-relative link: write https://" }
            if lower.hasPrefix("javascript:") || lower.hasPrefix("data:") { return "this kind of link is not allowed in an email" }
            return "relative link: an email has no base address, write the full URL (e.g. {{site.url}}…)"
        }
        guard case .missing(let path) = links.target(url) else { return nil }
        return "no such page on the site: the site build does not produce '\(path)' (if another program serves it, list it in 'site.served_elsewhere' of kiosque.yaml)"
    }
}
