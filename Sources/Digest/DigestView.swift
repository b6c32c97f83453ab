import KiosqueCore
import Site

/// The variables `digest.mustache` and `digest.txt.mustache` see (declared in
/// `DigestVariables`). Articles are the site's items plus `short_summary`; text is typeset
/// like the site's (`ViewModels`), `subject` included.
struct DigestView {
    let views: ViewModels
    let selection: DigestSelection
    let subject: String
    let unsubscribeURL: String

    static let summaryLength = 240
    static let preheaderLength = 140

    var urls: SiteURLs { views.urls }

    /// `cap`: at most that many articles per sector, the rest announced with a link to the
    /// site's day page (to keep the HTML under Gmail's clipping size).
    func context(cap: Int?) -> [String: Any] {
        let model = views.model
        let day = selection.day
        let dayURL = urls.absolute(SiteURLs.day(day))
        let site: [String: Any] = ["title": views.siteTitle, "url": urls.absolute(SiteURLs.home),
                                   "language": model.config.site.language]
        let titles = selection.ordered.map { views.text($0).title }
        let n = selection.count
        let digest: [String: Any] = [
            "subject": subject, "date_text": French.longDate(day), "date_iso": day.description,
            "preheader": Self.shorten(titles.joined(separator: " · "), to: Self.preheaderLength),
            // Keeps clients from filling the inbox preview with the text that follows.
            "preheader_filler": String(repeating: "&#847;&zwnj;&nbsp;", count: 60),
            "web_url": urls.absolute(SiteURLs.digest(day)), "day_url": dayURL,
            "archive_url": urls.absolute(SiteURLs.digests), "site_url": urls.absolute(SiteURLs.home),
            "unsubscribe_url": unsubscribeURL,
            "count_text": n == 1 ? "1 article publié" : "\(n) articles publiés",
        ]
        let sections: [[String: Any]] = selection.sections.map { s in
            let name = views.sectorName(s.slug)
            let shown = cap.map { Array(s.articles.prefix($0)) } ?? s.articles
            var d: [String: Any] = [
                "name": name, "slug": s.slug, "name_upper": name.uppercased(),
                "underline": String(repeating: "=", count: name.count),
                "url": urls.absolute(SiteURLs.sector(s.slug)), "count_text": views.count(s.articles.count),
                "articles": shown.map(item),
            ]
            let hidden = s.articles.count - shown.count
            if hidden > 0 {
                d["more"] = ["text": hidden == 1 ? "1 autre article en \(name)" : "\(hidden) autres articles en \(name)",
                             "url": dayURL + "#s-\(s.slug)"]
            }
            return d
        }
        return ["site": site, "digest": digest, "has_featured": !selection.featured.isEmpty,
                "featured": selection.featured.map(item), "sections": sections]
    }

    private func item(_ i: Int) -> [String: Any] {
        var d = views.itemFields(i)
        d["short_summary"] = Self.shorten(views.text(i).summary, to: Self.summaryLength)
        return d
    }

    /// At most `limit` characters, cut at a word, with "…".
    static func shorten(_ s: String, to limit: Int) -> String {
        guard s.count > limit else { return s }
        var cut = s.prefix(limit - 1)
        if let space = cut.lastIndex(of: " ") { cut = cut[..<space] }
        while let l = cut.last, ",;:. \u{A0}\u{202F}".contains(l) { cut = cut.dropLast() }
        return cut + "…"
    }
}

/// What `digest.mustache` and `digest.txt.mustache` see: the one declaration of the names
/// `DigestView` provides (see `TemplateVariables`, the site's).
public enum DigestVariables {
    static let item = TemplateScope(extending: TemplateVariables.item, [
        .text("short_summary", "the summary, cut at a word to \(DigestView.summaryLength) characters at most"),
    ])

    static let link = TemplateScope([
        .text("text", "`2 autres articles en Économie`"),
        .text("url", "the sector's part of the day page"),
    ])

    public static let scope = TemplateScope([
        .object("site", "the site", TemplateScope([
            .text("title", "from `kiosque.yaml`"),
            .text("url", "the home page's absolute URL"),
            .text("language", "from `kiosque.yaml`"),
        ])),
        .object("digest", "this newsletter", TemplateScope([
            .text("subject", "the subject, date filled in"),
            .text("date_text", "`vendredi 6 février 2026`"),
            .text("date_iso", "`2026-02-06`"),
            .text("count_text", "`12 articles publiés`"),
            .text("preheader", "the first headlines (\(DigestView.preheaderLength) characters at most), shown by mail clients beside the subject"),
            .html("preheader_filler", "invisible characters that keep clients from showing the body after the preheader"),
            .text("web_url", "its web version, `/digests/YYYY-MM-DD/`"),
            .text("day_url", "the day's page, `/dates/YYYY/MM/DD/`"),
            .text("archive_url", "every newsletter, `/digests/`"),
            .text("site_url", "the home page"),
            .text("unsubscribe_url", "the unsubscribe link (https, else `mailto:`)"),
        ])),
        .flag("has_featured", "true when `featured` has any"),
        .list("featured", "the day's articles \"à la une\"", of: item),
        .list("sections", "the other articles, by sector", of: TemplateScope([
            .text("name", "the sector's name"),
            .text("name_upper", "in capitals, for the text part"),
            .text("underline", "`=` as long as the name, for the text part"),
            .text("slug", "its slug"),
            .text("url", "its page"),
            .text("count_text", "`3 articles`"),
            .list("articles", "its articles", of: item),
            .object("more", "the articles left out when the mail was trimmed (Gmail clips long ones)", optional: true, link),
        ])),
    ])

    /// The templates `DigestView` renders.
    /// `digest-web` is the web version's body, which the site places in its layout.
    public static let roots = ["digest": scope, "digest.txt": scope, "digest-web": scope]
}
