import Foundation
import KiosqueCore

/// How two items are recognised as one story.
enum StoryMatch {
    /// Query parameters that only say who sent the reader.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "xtor", "at_medium", "at_campaign",
        "ref", "ref_src", "cmpid", "ns_campaign", "ns_mchannel", "ns_source", "ns_linkname", "ns_fee", "_ga", "yclid",
    ]

    /// The link without fragment, `utm_*` and other tracking parameters, `www.`, or a
    /// trailing slash; lower-case scheme and host.
    static func canonicalLink(_ link: String?) -> String? {
        guard let link, var c = URLComponents(string: link), let host = c.host?.lowercased(), !host.isEmpty else { return nil }
        c.scheme = c.scheme?.lowercased() == "http" ? "https" : c.scheme?.lowercased()
        c.host = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        c.fragment = nil
        let kept = (c.queryItems ?? []).filter { q in
            let name = q.name.lowercased()
            return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        c.queryItems = kept.isEmpty ? nil : kept
        if c.path.count > 1 && c.path.hasSuffix("/") { c.path.removeLast() }
        if c.port == 443 || c.port == 80 { c.port = nil }
        return c.string
    }

    /// The title's words, folded, for comparison.
    static func words(_ title: String) -> Set<String> {
        Set(SectorChooser.fold(title).split(separator: " ").map(String.init))
    }

    /// The same wire story retitled by another outlet, which often adds a prefix
    /// ("Côte d’Ivoire : …"): nearly every word of the shorter title in the longer one, and
    /// most words shared overall. Titles of fewer than four words are never matched.
    static func nearlySameTitle(_ a: Set<String>, _ b: Set<String>) -> Bool {
        guard min(a.count, b.count) >= minimumWords else { return false }
        let common = Double(a.intersection(b).count)
        return common / Double(min(a.count, b.count)) >= 0.9 && common / Double(a.union(b).count) >= 0.6
    }

    static let minimumWords = 4

    /// A title `nearlySameTitle` matches with one of `count` words holds at least 60 % of
    /// them (they share 60 % of their union), so it holds one of any `count - ⌊0.6 count⌋ + 1`
    /// of them: looking up that many of its rarest words finds every match.
    static func wordsToLookUp(_ count: Int) -> Int { min(count, count - count * 6 / 10 + 1) }
}
