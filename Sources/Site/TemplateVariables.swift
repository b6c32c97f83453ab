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

    /// An image: one of `content/media/` with its resized copies, or a remote one by its URL alone.
    public static let image = TemplateScope([
        .text("src", "the absolute URL of its largest JPEG copy (1200 px wide at most); a remote image's URL"),
        .text("src_480", "its JPEG copy 480 px wide (or less, for a smaller image): the newsletter's"),
        .text("srcset_webp", "`…/x.240.webp 240w, …/x.480.webp 480w, …/x.1200.webp 1200w` (images of `content/media/`)", optional: true),
        .text("srcset_jpeg", "the same in JPEG (images of `content/media/`)", optional: true),
        .number("width", "the width of the largest copy, in pixels (images of `content/media/`)", optional: true),
        .number("height", "its height (images of `content/media/`)", optional: true),
        .text("alt", "what it shows: `image_alt`, else the article's title"),
        .text("caption", "`image_caption` up to its ` — `", optional: true),
        .text("credit", "`image_caption` after its ` — `", optional: true),
    ])

    /// An article in a list, and what `item.mustache` sees.
    public static let item = TemplateScope(label: "item", [
        .text("title", "the article's title"),
        .text("url", "its absolute URL"),
        .text("summary", "its summary"),
        .text("source", "who published it first", optional: true),
        .object("image", "its image (`image` in its front matter), when the site can show it", optional: true, image),
        .flag("featured", "true for an article \"à la une\""),
        .text("date_iso", "`2026-02-06T09:30:00Z`, with the site's offset"),
        .text("date_text", "`6 février 2026` (\"1er\" on the first)"),
        .text("time_text", "`9 h 30`"),
        .text("datetime_text", "`6 février 2026 à 9 h 30`"),
        .text("sector_name", "its sector's name"),
        .text("sector_url", "its sector's page"),
        .list("tags", "its tags, as it writes them", of: TemplateScope([
            .text("name", "the tag as the article writes it"),
            .text("url", "the tag's page"),
        ])),
        .flag("has_tags", "true when it has tags"),
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
            .text("stylesheet_url", "`static/style.css`, published as `style.<hash>.css` (its bytes' hash: cache it for ever)"),
            .text("favicon_url", "`favicon.svg`"),
            .text("search_url", "the search page (absent when `search.enabled` is false)", optional: true),
            .text("year", "the year of the newest article"),
            .list("header_menu", "the standalone pages with `menu: header`, by `weight` then title", of: link),
            .list("footer_menu", "the standalone pages with `menu: footer`, by `weight` then title", of: link),
            .flag("has_header_menu", "true when a page has `menu: header`"),
            .flag("has_footer_menu", "true when a page has `menu: footer`"),
            .text("digests_url", "the newsletters' archive, once `kiosque digest` has written one", optional: true),
            .text("subscribe_url", "where the subscribe form posts (`members.url` + `inscription`); absent without a `members:` block", optional: true),
            .text("subscribe_consent", "what a subscriber agrees to (`members.consent_text`), shown by the form and recorded with the subscription", optional: true),
            .text("subscribe_link", "another list's sign-up page (`digest.subscribe_url`); `subscribe.mustache` links there when there is no `subscribe_url`", optional: true),
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
            .text("image", "the absolute URL shared as `og:image`: the article's image (its largest JPEG copy), else `site.image`", optional: true),
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

    /// Each page template's own names, beyond `page`'s: declared by its page kind.
    public static var pages: [String: TemplateScope] { SiteRenderer.pageTemplates }

    /// The templates rendered with a context of their own (others are reached from them).
    public static let roots: [String: TemplateScope] = pages.merging(["header": chrome, "footer": chrome, "item": item]) { a, _ in a }
}
