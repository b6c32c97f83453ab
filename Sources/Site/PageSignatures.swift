import KiosqueCore

/// What each page's bytes depend on, hashed: a page whose signature matches the previous
/// build's renders to the same bytes, so an incremental build skips it. Every input a view
/// model reads must be folded in here; the incremental-equals-clean tests hold that line.
struct PageSignatures {
    let model: SiteModel
    let digests: [ArchivedDigest]
    /// Binary, configuration (and `--base-url`), templates, and the year every footer shows.
    let global: UInt64

    init(model: SiteModel, templates: TemplateSet, digests: [ArchivedDigest]) {
        self.model = model
        self.digests = digests
        var h = StableHash()
        h.mix(BuildIdentity.current)
        h.mix(model.config.sourceHash)
        h.add(model.config.site.baseURL)
        h.mix(templates.fingerprint)
        h.add(model.civil.first?.year ?? 0)
        global = h.value
    }

    func signature(_ page: SiteRenderer.Page) -> UInt64 {
        var h = StableHash(seed: global)
        switch page {
        case .home:
            h.add("home")
            articles(model.articles.indices.prefix(SiteRenderer.homeCount), &h)
            if let last = model.days.last { day(last.day, &h) }
        case .article(let i):
            h.add("article")
            h.mix(model.articles[i].hash)
            h.add(model.previewBanner(i) ?? "")
            // The previous/next links show the neighbours' titles.
            let (older, newer) = model.neighbours(i)
            h.mix(older.map { model.articles[$0].hash } ?? 0)
            h.mix(newer.map { model.articles[$0].hash } ?? 0)
        case .sector(let slug, let n):
            h.add("sector")
            h.add(slug)
            h.add(n)
            let all = model.bySector[slug] ?? []
            h.add(all.count)
            articles(all.dropFirst((n - 1) * SiteRenderer.perPage).prefix(SiteRenderer.perPage), &h)
        case .day(let k):
            h.add("day")
            day(model.days[k].day, &h)
            articles(model.days[k].articles[...], &h)
            if k > 0 { day(model.days[k - 1].day, &h) }
            if k + 1 < model.days.count { day(model.days[k + 1].day, &h) }
        case .calendar:
            h.add("calendar")
            for g in model.days {
                day(g.day, &h)
                h.add(g.articles.count)
            }
        case .notFound:
            h.add("404")
        case .rss, .jsonFeed:
            h.add(page == .rss ? "rss" : "json")
            articles(model.articles.indices.prefix(SiteFeeds.count), &h)
        case .sectorRSS(let slug):
            h.add("sector-rss")
            h.add(slug)
            articles((model.bySector[slug] ?? []).prefix(SiteFeeds.count), &h)
        case .sitemap, .sitemapPart, .newsSitemap:
            // Every article, day and sector can appear: hash them all (still far cheaper
            // than writing the XML).
            switch page {
            case .sitemapPart(let n): h.add("sitemap-part"); h.add(n)
            case .newsSitemap: h.add("news-sitemap")
            default: h.add("sitemap")
            }
            articles(model.articles.indices, &h)
        case .robots:
            h.add("robots")
        case .digest(let k):
            h.add("digest")
            h.add(digests[k].html)
        case .digestArchive:
            h.add("digest-archive")
            for d in digests { day(d.day, &h) }
        }
        return h.value
    }

    private func articles(_ indices: some Collection<Int>, _ h: inout StableHash) {
        h.add(indices.count)
        for i in indices { h.mix(model.articles[i].hash) }
    }

    private func day(_ d: Day, _ h: inout StableHash) {
        h.add(d.year * 10_000 + d.month * 100 + d.day)
    }
}
