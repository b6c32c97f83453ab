import Content
import KiosqueCore

/// Which articles a build publishes: Hugo's rules and flags.
public struct PublishingRules: Sendable {
    public var now: Timestamp
    /// `--drafts`: publish `draft: true` too.
    public var drafts = false
    /// `--future`: publish articles whose `publish_date` (or `date`) is still ahead.
    public var future = false
    /// `kiosque serve`: pages of drafts and scheduled articles say so in a banner.
    public var banners = false

    public init(now: Timestamp, drafts: Bool = false, future: Bool = false, banners: Bool = false) {
        self.now = now
        self.drafts = drafts
        self.future = future
        self.banners = banners
    }

    public func publishes(_ a: Article) -> Bool {
        if a.draft && !drafts { return false }
        if a.goesLive > now && !future { return false }
        if let e = a.expiryDate, e <= now { return false }
        return true
    }
}

extension SiteModel.Tag {
    /// `Taux directeur`, `taux-directeur`, `TAUX DIRECTEUR` -> `taux-directeur`.
    public static func slug(_ name: String) -> String { Slug.make(name, maxLength: 60) }
}

/// The published site, indexed for every page kind. Immutable once built, so pages can
/// render from it in parallel.
public struct SiteModel: Sendable {
    public struct DayGroup: Sendable {
        public var day: Day
        /// Indices into `articles`, newest first.
        public var articles: [Int]
    }

    public let config: Config
    public let rules: PublishingRules
    /// Newest first (by `date`, then by file for a stable order).
    public let articles: [Article]
    /// Wall-clock time of each article's `date` in the site's zone, by index.
    public let civil: [CivilTime]
    /// Sector slug -> indices into `articles`, newest first. Every configured sector has an entry.
    public let bySector: [String: [Int]]
    /// Each article's position in its sector's list (for previous/next links).
    public let positionInSector: [Int]
    /// Days with news, oldest first.
    public let days: [DayGroup]

    /// A tag: articles whose tags fold to the same slug (case and accents aside), shown as
    /// most of them write it (in French typography, like every text pages show).
    public struct Tag: Sendable {
        public let slug: String
        public let name: String
        /// Indices into `articles`, newest first.
        public let articles: [Int]
    }
    /// By slug.
    public let tags: [Tag]
    /// The next instant at which the published set changes (an article goes live or
    /// expires): when a cron should rebuild.
    public let nextChange: (time: Timestamp, file: String, what: String)?

    /// Articles the rules kept out, by reason (a draft counts as a draft whatever its dates).
    public struct Unpublished: Sendable, Equatable {
        public var drafts = 0
        public var scheduled = 0
        public var expired = 0
        /// When the first scheduled one goes live.
        public var nextLive: Timestamp?
    }
    public let unpublished: Unpublished

    /// The standalone pages published (drafts only with `--drafts`), by slug.
    public let pages: [StandalonePage]

    public init(config: Config, articles all: [Article], pages: [StandalonePage] = [], rules: PublishingRules) {
        self.config = config
        self.rules = rules
        self.pages = pages.filter { !$0.draft || rules.drafts }.sorted { $0.slug < $1.slug }
        let zone = config.site.timeZone
        // Sort indices, not the articles: each copy of an Article retains a dozen strings.
        let order = all.indices.filter { rules.publishes(all[$0]) }.sorted { i, j in
            all[i].date != all[j].date ? all[i].date > all[j].date : all[i].file < all[j].file
        }
        let published = order.map { all[$0] }
        articles = published
        civil = published.map { zone.civil($0.date) }

        var bySector: [String: [Int]] = [:]
        for s in config.sectors { bySector[s.slug] = [] }
        var byDay: [Day: [Int]] = [:]
        var position = [Int](repeating: 0, count: published.count)
        for (i, a) in published.enumerated() {
            position[i] = bySector[a.sector, default: []].count
            bySector[a.sector, default: []].append(i)
            byDay[civil[i].day_, default: []].append(i)
        }
        self.bySector = bySector
        positionInSector = position
        days = byDay.keys.sorted().map { DayGroup(day: $0, articles: byDay[$0]!) }
        tags = Self.tags(published)

        var next: (Timestamp, String, String)?
        func consider(_ t: Timestamp, _ file: String, _ what: String) {
            if t > rules.now, next.map({ (t, file) < ($0.0, $0.1) }) ?? true { next = (t, file, what) }
        }
        for a in all where !a.draft || rules.drafts {
            if !rules.future { consider(a.goesLive, a.file, "goes live") }
            if let e = a.expiryDate { consider(e, a.file, "expires") }
        }
        nextChange = next

        var out = Unpublished()
        for a in all where !rules.publishes(a) {
            if a.draft && !rules.drafts {
                out.drafts += 1
            } else if a.goesLive > rules.now && !rules.future {
                out.scheduled += 1
                out.nextLive = min(out.nextLive ?? a.goesLive, a.goesLive)
            } else {
                out.expired += 1
            }
        }
        unpublished = out
    }

    /// Tags by slug; each named by its most written spelling, the newest article's on a tie.
    static func tags(_ articles: [Article]) -> [Tag] {
        var members: [String: [Int]] = [:]
        var spellings: [String: [String: (count: Int, first: Int)]] = [:]
        for (i, a) in articles.enumerated() {
            for name in Set(a.tags) {
                let slug = Tag.slug(name)
                guard !slug.isEmpty else { continue }
                if members[slug]?.last != i { members[slug, default: []].append(i) }
                let seen = spellings[slug]?[name]
                spellings[slug, default: [:]][name] = ((seen?.count ?? 0) + 1, seen?.first ?? i)
            }
        }
        return members.keys.sorted().map { slug in
            let name = spellings[slug]!.max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
            }!.key
            return Tag(slug: slug, name: FrenchTypography.text(name), articles: members[slug]!)
        }
    }

    /// The older and newer article of the same sector, when there is one.
    public func neighbours(_ i: Int) -> (older: Int?, newer: Int?) {
        let list = bySector[articles[i].sector] ?? []
        let pos = positionInSector[i]
        return (pos + 1 < list.count ? list[pos + 1] : nil, pos > 0 ? list[pos - 1] : nil)
    }

    /// A menu's pages, in menu order.
    public func menu(_ menu: StandalonePage.Menu) -> [StandalonePage] {
        pages.filter { $0.menu == menu }.sorted(by: StandalonePage.menuOrder)
    }

    public func sectorName(_ slug: String) -> String { config.sector(slug)?.name ?? slug }

    /// The tag of `slug`, when an article has it.
    public func tag(_ slug: String) -> Tag? {
        var lo = 0, hi = tags.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tags[mid].slug < slug { lo = mid + 1 } else { hi = mid }
        }
        return lo < tags.count && tags[lo].slug == slug ? tags[lo] : nil
    }

    /// The preview's banner on an article that the public site does not show (yet).
    public func previewBanner(_ i: Int) -> String? {
        guard rules.banners else { return nil }
        let a = articles[i]
        if a.draft { return "Brouillon : non publié" }
        guard a.goesLive > rules.now else { return nil }
        let c = config.site.timeZone.civil(a.goesLive)
        return "Programmé : publié le \(French.date(c.day_)) à \(French.time(c))"
    }
}
