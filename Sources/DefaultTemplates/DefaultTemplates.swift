/// The templates and assets that ship inside the binary, so that a folder with only
/// `kiosque.yaml` and `content/` builds. They are the repository's `templates/` folder,
/// embedded at compile time; a site's own `templates/` overrides them file by file.
public enum DefaultTemplates {
    /// Path relative to `templates/`, and its bytes. A test checks this list against the folder.
    public static let files: [(path: String, bytes: [UInt8])] = [
        ("article.mustache", PackageResources.article_mustache),
        ("base.mustache", PackageResources.base_mustache),
        ("calendar.mustache", PackageResources.calendar_mustache),
        ("confirm.mustache", PackageResources.confirm_mustache),
        ("confirm.txt.mustache", PackageResources.confirm_txt_mustache),
        ("day.mustache", PackageResources.day_mustache),
        ("digest-archive.mustache", PackageResources.digest_archive_mustache),
        ("digest-page.mustache", PackageResources.digest_page_mustache),
        ("digest-web.mustache", PackageResources.digest_web_mustache),
        ("digest.mustache", PackageResources.digest_mustache),
        ("digest.txt.mustache", PackageResources.digest_txt_mustache),
        ("footer.mustache", PackageResources.footer_mustache),
        ("header.mustache", PackageResources.header_mustache),
        ("home.mustache", PackageResources.home_mustache),
        ("item.mustache", PackageResources.item_mustache),
        ("members-page.mustache", PackageResources.members_page_mustache),
        ("not-found.mustache", PackageResources.not_found_mustache),
        ("page.mustache", PackageResources.page_mustache),
        ("pagination.mustache", PackageResources.pagination_mustache),
        ("search.mustache", PackageResources.search_mustache),
        ("sector.mustache", PackageResources.sector_mustache),
        ("subscribe.mustache", PackageResources.subscribe_mustache),
        ("tag.mustache", PackageResources.tag_mustache),
        ("tags.mustache", PackageResources.tags_mustache),
        ("thumb.mustache", PackageResources.thumb_mustache),
        ("static/favicon.svg", PackageResources.favicon_svg),
        ("static/logo.png", PackageResources.logo_png),
        ("static/search/search.js", PackageResources.search_js),
        ("static/style.css", PackageResources.style_css),
    ]
}
