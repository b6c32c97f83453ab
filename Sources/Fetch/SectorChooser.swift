import KiosqueCore

/// Picks an item's sector from the configured keywords: whole words, accents and case
/// ignored, the title counting double. The feed's default sector stands unless another
/// sector's keywords match better; with no default and no match, the first sector.
public struct SectorChooser: Sendable {
    private let sectors: [(slug: String, keywords: [(shown: String, folded: String)])]

    public init(sectors: [Config.Sector]) {
        self.sectors = sectors.map { s in
            (s.slug, s.keywords.map { ($0, SectorChooser.fold($0)) }.filter { $0.1 != " " })
        }
    }

    /// The sector and why, in words for the editor (`sector_reason`).
    public func choose(title: String, summary: String, feedSector: String?, feedName: String) -> (slug: String, reason: String) {
        let t = SectorChooser.fold(title), s = SectorChooser.fold(summary)
        var best: (slug: String, score: Int, words: [String])?
        var feedScore = 0
        for sector in sectors {
            var score = 0
            var words: [String] = []
            for k in sector.keywords {
                let hit = (t.contains(k.folded) ? 2 : 0) + (s.contains(k.folded) ? 1 : 0)
                if hit > 0 { score += hit; words.append(k.shown) }
            }
            if sector.slug == feedSector { feedScore = score }
            if score > (best?.score ?? 0) { best = (sector.slug, score, words) }
        }
        if let best, best.slug != feedSector, best.score > feedScore {
            return (best.slug, "keywords: " + best.words.joined(separator: ", "))
        }
        if let feedSector {
            return (feedSector, "default sector of the feed '\(feedName)'")
        }
        return (sectors.first?.slug ?? "", "no keyword matched; first sector")
    }

    /// " cote d ivoire " : ASCII, lower case, words separated by single spaces, padded so
    /// that `contains(" or ")` matches whole words only.
    static func fold(_ text: String) -> String {
        var out = " "
        var space = true
        for ch in Slug.asciiFold(text).lowercased().unicodeScalars {
            if ch.properties.isAlphabetic || ("0"..."9").contains(ch) {
                out.unicodeScalars.append(ch)
                space = false
            } else if !space {
                out += " "
                space = true
            }
        }
        if !space { out += " " }
        return out
    }
}
