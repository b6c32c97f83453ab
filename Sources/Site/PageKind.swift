import Content
import KiosqueCore
import Search

/// What every page is made from: the published site, the view helpers, the templates, the
/// newsletters' web versions, and the sitemap's entries (which the page kinds give).
public struct SiteContext: @unchecked Sendable {  // immutable once made
    public let model: SiteModel
    let views: ViewModels
    let templates: TemplateSet
    /// The newsletters written by `kiosque digest`, oldest first, published as they are.
    public let digests: [ArchivedDigest]
    /// The search index, when `search.enabled`.
    public let search: SearchIndex?
    /// Every page the sitemap lists, in the order of `SiteRenderer.kinds`.
    fileprivate(set) var sitemapEntries: [Sitemaps.Entry] = []

    var urls: SiteURLs { views.urls }
    var config: Config { model.config }
    /// Typeset, like every text of the view models.
    var siteTitle: String { views.siteTitle }

    init(model: SiteModel, templates: TemplateSet, digests: [ArchivedDigest], search: SearchIndex?, kinds: [any PageKind.Type]) {
        self.model = model
        self.search = search
        self.templates = templates
        self.digests = digests.sorted { $0.day < $1.day }
        views = ViewModels(model: model, templates: templates, hasDigests: !digests.isEmpty)
        let site = self
        sitemapEntries = kinds.flatMap { $0.sitemap(site) }
    }
}

/// One kind of output file, whole in one type: which pages it has, where each goes, what its
/// bytes are, which pages enter the sitemap, and what the bytes depend on.
///
/// A page's `Input` is everything it reads beyond what every page reads (the site's
/// configuration, the templates, the binary): its bytes are made from it, and its signature is
/// a hash of it, so what an incremental build compares is what the page shows.
protocol PageKind: Sendable {
    associatedtype Input: Sendable
    /// Its template and the names it sees, for the kinds rendered through one.
    static var template: (name: String, variables: TemplateScope)? { get }
    /// One input a page, in this site.
    static func inputs(_ site: SiteContext) -> [Input]
    /// Where the page goes, relative to the output folder.
    static func path(_ input: Input, _ site: SiteContext) -> String
    /// The template's context, for the kinds rendered through one.
    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]?
    static func render(_ input: Input, _ site: SiteContext) -> String
    static func sign(_ input: Input, _ signature: inout PageSignature)
    /// The pages of this kind the sitemap lists.
    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry]
    /// The article a page shows on its own (for `check`).
    static func article(_ input: Input) -> Int?
}

extension PageKind {
    static var template: (name: String, variables: TemplateScope)? { nil }
    static func view(_ input: Input, _ site: SiteContext) -> [String: Any]? { nil }
    /// Through its template, for the kinds that have one.
    static func render(_ input: Input, _ site: SiteContext) -> String {
        site.templates.render(view(input, site)!, template!.name)
    }
    static func sitemap(_ site: SiteContext) -> [Sitemaps.Entry] { [] }
    static func article(_ input: Input) -> Int? { nil }
}

/// What a page's bytes depend on, hashed. Articles enter by the hash of their file, so an
/// edit anywhere in one changes the pages that show it, and no other.
struct PageSignature {
    private(set) var hash: StableHash
    let model: SiteModel

    init(seed: UInt64, model: SiteModel) {
        hash = StableHash(seed: seed)
        self.model = model
    }

    mutating func add(_ s: String) { hash.add(s) }
    mutating func add(_ n: Int) { hash.add(n) }
    mutating func mix(_ v: UInt64) { hash.mix(v) }

    mutating func article(_ i: Int?) {
        hash.mix(i.map { model.articles[$0].hash } ?? 0)
        if let i { media(of: model.articles[i]) }
    }

    mutating func articles(_ indices: some Collection<Int>) {
        hash.add(indices.count)
        for i in indices {
            hash.mix(model.articles[i].hash)
            media(of: model.articles[i])
        }
    }

    /// The images an article shows: its own and its body's.
    private mutating func media(of a: Article) {
        if let url = a.image { image(url) }
        for path in a.media { image(path) }
    }

    /// An image a page shows, by its bytes: a replaced image changes its size in the page.
    /// Nothing without a `content/media/` folder.
    mutating func image(_ url: String) {
        guard !model.media.images.isEmpty else { return }
        hash.mix(model.media.image(url, base: model.config.site.baseURL)?.hash ?? 1)
    }

    mutating func day(_ d: Day?) { hash.add(d.map { $0.year * 10_000 + $0.month * 100 + $0.day } ?? 0) }

    /// What every page depends on: the binary, the configuration (and `--base-url`), the
    /// templates, the year every footer shows, the menus, and the picture `site.image` names
    /// (its largest copy is every page's og:image).
    static func global(_ site: SiteContext) -> UInt64 {
        var h = StableHash()
        h.mix(BuildIdentity.current)
        h.mix(site.config.sourceHash)
        h.add(site.config.site.baseURL)
        h.mix(site.templates.fingerprint)
        h.add(site.model.civil.first?.year ?? 0)
        // The menus are in every page's header and footer.
        for menu in StandalonePage.Menu.allCases {
            for p in site.model.menu(menu) {
                h.add(p.slug)
                h.add(p.title)
            }
            h.add(0)
        }
        // Whether the newsletters' archive exists: the footer links to it only then.
        h.add(site.digests.isEmpty ? 0 : 1)
        if let image = site.config.site.image { h.mix(site.model.media.image(image, base: site.config.site.baseURL)?.hash ?? 1) }
        return h.value
    }
}

/// One kind's pages with their inputs, as the renderer lists them.
struct PageSet: @unchecked Sendable {  // immutable; the closures read immutable values
    let kind: String
    let count: Int
    let path: (Int) -> String
    let render: (Int) -> String
    let sign: (Int, inout PageSignature) -> Void
    let article: (Int) -> Int?
    /// The template's context of each page (nil for the kinds without a template).
    let view: (Int) -> [String: Any]?

    init<K: PageKind>(_ kind: K.Type, _ site: SiteContext) {
        let inputs = K.inputs(site)
        self.kind = String(describing: kind)
        count = inputs.count
        path = { K.path(inputs[$0], site) }
        render = { K.render(inputs[$0], site) }
        sign = { K.sign(inputs[$0], &$1) }
        article = { K.article(inputs[$0]) }
        view = { K.view(inputs[$0], site) }
    }
}
