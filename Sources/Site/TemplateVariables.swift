/// What each template of the site sees: the one declaration of the names `ViewModels` provides.
/// Templates are checked against it when they load (a name no view model gives is an error),
/// README.md's tables are written from it, and a test renders every page kind to prove that
/// the view models provide exactly these names.
public enum TemplateVariables {
    static let link = TemplateScope([
        .text("title", "its title"),
        .text("url", "its absolute URL"),
    ])

    static let dayLink = TemplateScope([
        .text("text", "the day, `jeudi 5 février 2026`"),
        .text("url", "its page's absolute URL"),
    ])

    /// An article in a list, and what `item.mustache` sees.
    public static let item = TemplateScope(label: "item", [
        .text("title", "the article's title"),
        .text("url", "its absolute URL"),
        .text("summary", "its summary"),
        .text("source", "who published it first", optional: true),
        .text("image", "its image's absolute URL", optional: true),
        .flag("featured", "true for an article \"à la une\""),
        .text("date_iso", "`2026-02-06T09:30:00Z`, with the site's offset"),
        .text("date_text", "`6 février 2026` (\"1er\" on the first)"),
        .text("time_text", "`9 h 30`"),
        .text("datetime_text", "`6 février 2026 à 9 h 30`"),
        .text("sector_name", "its sector's name"),
        .text("sector_url", "its sector's page"),
    ])

    /// An item in the lists of the home, sector and day pages.
    static let listItem = TemplateScope(label: "item", extending: item, [
        .html("html", "`item.mustache` rendered for this article (in lists: `item.mustache` itself does not see it)"),
    ])

    /// `header.mustache` and `footer.mustache`: rendered once per sector, then placed by `base`.
    static let chrome = TemplateScope([
        .object("site", "the site", TemplateScope([
            .text("title", "from `kiosque.yaml`"),
            .text("description", "from `kiosque.yaml`"),
            .text("language", "from `kiosque.yaml`"),
            .text("url", "the home page's absolute URL"),
            .text("rss_url", "the site's RSS feed"),
            .text("json_feed_url", "the site's JSON Feed"),
            .text("sitemap_url", "the sitemap"),
            .text("calendar_url", "the archives, day by day"),
            .text("stylesheet_url", "`style.css`"),
            .text("favicon_url", "`favicon.svg`"),
            .text("year", "the year of the newest article"),
        ])),
        .list("nav", "the sectors, in the order of `kiosque.yaml`", of: TemplateScope([
            .text("name", "the sector's name"),
            .text("slug", "its slug"),
            .text("url", "its page"),
            .text("rss_url", "its RSS feed"),
            .flag("current", "true on that sector's pages and articles"),
        ])),
    ])

    /// Every HTML page.
    public static let page = TemplateScope(extending: chrome, [
        .object("page", "the page's head", TemplateScope([
            .text("title", "the full `<title>`"),
            .text("description", "the meta description"),
            .text("og_type", "`article` or `website`"),
            .text("canonical", "its absolute URL (absent on the 404 page)", optional: true),
            .flag("noindex", "true on the 404 page", optional: true),
            .text("og_title", "the article's title (articles)", optional: true),
            .text("published_time", "`2026-02-06T09:30:00Z` (articles)", optional: true),
            .text("section", "the sector's name (articles)", optional: true),
            .texts("tags", "the article's tags (articles)", optional: true),
            .text("image", "the article's image (articles that have one)", optional: true),
            .html("json_ld", "the article's schema.org `NewsArticle`, safe inside `<script>` (articles)", optional: true),
            .object("alternate_rss", "the sector's feed (sector and article pages)", optional: true, link),
            .text("preview_banner", "why a page is shown though it is not published (a draft, a scheduled article): set by `kiosque serve` only", optional: true),
        ])),
        .html("header_html", "`header.mustache`, rendered"),
        .html("footer_html", "`footer.mustache`, rendered"),
    ])

    static let sectorGroup = TemplateScope([
        .text("name", "the sector's name"),
        .text("slug", "its slug"),
        .text("url", "its page"),
        .text("count_text", "`3 articles`"),
        .list("articles", "its articles, newest first", of: listItem),
    ])

    /// Each page template's own names, beyond `page`'s.
    public static let pages: [String: TemplateScope] = [
        "home": TemplateScope(extending: page, [
            .list("featured", "the articles \"à la une\" among the newest", of: listItem),
            .flag("has_featured", "true when `featured` has any"),
            .list("sections", "the other newest articles, by sector", of: sectorGroup),
            .object("latest_day", "the newest day with news", optional: true, dayLink),
            .flag("empty", "true when nothing is published"),
        ]),
        "article": TemplateScope(extending: page, [
            .object("article", "the article", TemplateScope(extending: item, [
                .html("body_html", "the body, sanitized"),
                .text("long_date_text", "`vendredi 6 février 2026 à 9 h 30`"),
                .text("day_url", "its day's page"),
                .text("day_text", "its day, `vendredi 6 février 2026`"),
                .texts("tags", "its tags"),
                .flag("has_tags", "true when it has tags"),
                .text("source_url", "the original's absolute URL", optional: true),
                .object("older", "the previous article in its sector", optional: true, link),
                .object("newer", "the next article in its sector", optional: true, link),
            ])),
        ]),
        "sector": TemplateScope(extending: page, [
            .object("sector", "the sector", TemplateScope([
                .text("name", "its name"),
                .text("slug", "its slug"),
                .text("url", "its first page"),
                .text("rss_url", "its RSS feed"),
            ])),
            .list("articles", "this page's articles, newest first", of: listItem),
            .flag("empty", "true when the sector has no article"),
            .object("pagination", "where this page is", TemplateScope([
                .number("page", "this page's number"),
                .number("pages", "how many pages"),
                .flag("many", "true when there is more than one"),
                .text("count_text", "`Page 2 sur 5 · 87 articles`"),
                .text("prev_url", "the newer page", optional: true),
                .text("next_url", "the older page", optional: true),
                .list("links", "the first, the last and the pages around this one", of: TemplateScope([
                    .number("number", "the page's number", optional: true),
                    .text("url", "its URL", optional: true),
                    .flag("current", "true for this page", optional: true),
                    .flag("gap", "true in place of the pages left out (then alone)", optional: true),
                ])),
            ])),
        ]),
        "day": TemplateScope(extending: page, [
            .object("day", "the day", TemplateScope([
                .text("text", "`vendredi 6 février 2026`"),
                .text("iso", "`2026-02-06`"),
                .text("count_text", "`12 articles`"),
                .object("prev", "the previous day with news", optional: true, dayLink),
                .object("next", "the next day with news", optional: true, dayLink),
            ])),
            .list("groups", "the day's articles, by sector", of: sectorGroup),
        ]),
        "calendar": TemplateScope(extending: page, [
            .list("months", "every month with news, newest first", of: TemplateScope([
                .text("label", "`novembre 2026`"),
                .text("count_text", "`87 articles`"),
                .list("weeks", "Monday-first weeks", of: TemplateScope([
                    .list("days", "seven cells", of: TemplateScope([
                        .text("text", "the day of the month (absent on the cells before the 1st and after the last)", optional: true),
                        .text("url", "the day's page, on days with news", optional: true),
                        .text("title", "`vendredi 6 février 2026 : 12 articles`, on days with news", optional: true),
                    ])),
                ])),
            ])),
        ]),
        "not-found": TemplateScope(extending: page, []),
        "digest-archive": TemplateScope(extending: page, [
            .list("digests", "every newsletter, newest first", of: TemplateScope([
                .text("text", "its day, `vendredi 6 février 2026`"),
                .text("iso", "`2026-02-06`"),
                .text("url", "its web version"),
            ])),
        ]),
    ]

    /// The templates rendered with a context of their own (others are reached from them).
    public static let roots: [String: TemplateScope] = pages.merging(["header": chrome, "footer": chrome, "item": item]) { a, _ in a }
}
