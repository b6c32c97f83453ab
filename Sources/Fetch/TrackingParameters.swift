/// Campaign and click identifiers that sources append to their links (`utm_*`, `fbclid`…):
/// they track the reader who follows the link and make one story look like several. Taken
/// out of source links at fetch, as Miniflux does; the rest of the URL is kept byte for byte.
enum TrackingParameters {
    static let names: Set<String> = [
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking",
        "mkt_tok", "_openstat", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wt.mc_id", "xtor",
        "at_medium", "at_campaign", "ncid", "cmpid", "s_cid", "spm", "_ga", "_gl",
    ]

    static func isTracking(_ name: Substring) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("utm_") || names.contains(lower)
    }

    /// `url` without its tracking parameters (and without `?` when none is left).
    static func strip(_ url: String) -> String {
        guard let q = url.firstIndex(of: "?") else { return url }
        let fragmentStart = url[q...].firstIndex(of: "#") ?? url.endIndex
        let query = url[url.index(after: q)..<fragmentStart]
        let kept = query.split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            !isTracking(pair.prefix { $0 != "=" })
        }
        let total = query.split(separator: "&", omittingEmptySubsequences: true).count
        guard kept.count != total else { return url }
        return String(url[..<q]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&")) + url[fragmentStart...]
    }
}
