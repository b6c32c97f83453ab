import Content
import HTML
import Foundation
import KiosqueCore

/// `kiosque check`: what a build would report (content, templates, the safety checks on
/// the output folder), found the build's own way, and what a build does not look at: every
/// link, image and `#fragment` of every HTML page, duplicate stories, empty bodies, images
/// without alt text. Pages are rendered in memory, in parallel; nothing is written (the
/// content cache is read, not saved).
public struct SiteCheck {
    public let config: Config
    public let rules: PublishingRules

    public init(config: Config, rules: PublishingRules) {
        self.config = config
        self.rules = rules
    }

    /// `external`: gather the links off the site, with where each is written (for `--external`).
    public func run(external: Bool = false) -> CheckReport {
        var report = CheckReport()
        report.add(.config, config.warnings)
        let builder = SiteBuilder(config: config, options: .init(rules: rules))
        let output: String
        do {
            output = try builder.safeOutput()
            try ContentLoader.requireFolder(config)
        } catch {
            report.add(.config, error.diagnostics)
            return report
        }

        let sources = SiteSources.load(config: config, cache: ContentCache.load(path: builder.contentCachePath, key: builder.cacheKey))
        report.articleFiles = sources.content.files
        report.add(.content, sources.content.diagnostics)
        report.add(.template, sources.templateProblems)
        report.add(.content, sources.media.warnings)
        let articles = sources.content.articles
        report.add(.duplicate, ContentLint.duplicates(articles, zone: config.site.timeZone) { article, key in
            ArticleSource(article, root: config.root)?.line(ofKey: key)
        })
        guard let templates = sources.templates else { return report }

        let plan: SitePlan
        do {
            plan = try SitePlan(config: config, content: sources.content, templates: templates, rules: rules, media: sources.media,
                                searchCache: builder.searchCache(incremental: true))
        } catch {
            report.add(.content, Diagnostic(file: config.paths.digests, "cannot read the newsletters: \(error)", hint: "check its permissions"))
            return report
        }
        // The build's checks on the output folder come after content and templates, as in a build.
        if !sources.hasErrors {
            let existing = OutputState(output: output, manifestPath: builder.manifestPath(output))
            let outputGuard = builder.outputGuard(output)
            do {
                let verdict = try outputGuard.check(produced: plan.produced, owned: existing.owned, fullBuild: existing.saved == nil)
                report.add(.output, [outputGuard.keptWarning(verdict.carry)].compactMap { $0 })
            } catch {
                report.add(.output, error.diagnostics)
            }
        }
        LinkCheck(plan: plan, shownOutput: config.shown(output), external: external).run(into: &report)
        return report
    }
}

/// The links of every HTML page of a plan, and the article checks that need the pages:
/// empty bodies, images without alt text. A link of an article's body is reported at its
/// line in the Markdown file; a link of a template at the first page it is on.
struct LinkCheck {
    let plan: SitePlan
    /// The output folder as messages name it: a template's link is reported at its page there.
    let shownOutput: String
    /// Whether the links off the site are wanted, with their lines.
    let external: Bool

    /// One page's links, and for an article page with something to report, where in its
    /// file each link is written; whether its body is empty.
    struct PageResult {
        var links: PageLinks
        var lines: ArticleLinkLines?
        var emptyBody = false
    }

    private var model: SiteModel { plan.model }
    private var urls: SiteURLs { plan.renderer.urls }
    private var root: String { model.config.root }

    func run(into report: inout CheckReport) {
        let links = SiteLinks(base: urls.base, pages: Set(plan.produced), servedElsewhere: model.config.site.servedElsewhere,
                              unsubscribeURL: model.config.digest?.unsubscribeURL)
        // HTML pages, then the HTML files of templates/static/.
        let pageIndices = plan.paths.indices.filter { plan.paths[$0].hasSuffix(".html") }
        let assets = plan.assets.filter { $0.path.hasSuffix(".html") }
        let results = Parallel.map(pageIndices.count + assets.count) { k -> PageResult in
            if k < pageIndices.count { return scan(pageIndices[k], links) }
            let asset = assets[k - pageIndices.count]
            return PageResult(links: PageLinks(html: String(decoding: asset.bytes, as: UTF8.self), path: asset.path,
                                               url: url(of: asset.path), links: links, images: false))
        }
        report.pages = results.count
        let paths = pageIndices.map { plan.paths[$0] } + assets.map(\.path)
        var ids: [String: Set<String>] = [:]
        for (k, r) in results.enumerated() where !r.links.ids.isEmpty { ids[paths[k]] = r.links.ids }

        var templateLinks = TemplateLinks()
        var offSite: [String: [(file: String, line: Int?)]] = [:]
        for (k, result) in results.enumerated() {
            var scan = result.links
            // A fragment into a produced page that is not HTML (a feed) cannot be checked.
            for f in scan.fragments where (ids[f.file] != nil || f.file.hasSuffix(".html")) && !PageLinks.resolves(f.id, in: ids[f.file] ?? []) {
                scan.broken.append(f.link)
            }
            var article: Article?
            if k < pageIndices.count, let i = plan.renderer.article(plan.pages[pageIndices[k]]) { article = model.articles[i] }
            if result.emptyBody, let a = article {
                report.add(.emptyBody, Diagnostic(.warning, file: a.file, line: ArticleSource(a, root: root)?.bodyLine,
                                                  "the article has no text below its front matter",
                                                  hint: "write it, or set draft: true until it is ready"))
            }
            // A fragment found missing just now needs the lines too.
            let written = result.lines ?? (scan.broken.isEmpty ? nil : article.flatMap { ArticleLinkLines($0, root: root, urls: urls) })
            let page = shownOutput + "/" + paths[k]
            for link in scan.broken {
                let lines = written?.lines(of: link.url) ?? []
                if lines.isEmpty { templateLinks.add(link, on: page) }
                for line in lines {
                    report.add(.link, Diagnostic(file: article!.file, line: line, "broken link '\(link.url)': \(link.why)",
                                                 hint: "fix the address, or remove the link"))
                }
            }
            for src in scan.imagesWithoutAlt {
                for line in written?.lines(of: src, imagesWithoutAlt: true) ?? [] {
                    report.add(.imageAlt, Diagnostic(.warning, file: article!.file, line: line, "image '\(src)' has no alt text",
                                                     hint: "say what it shows: ![description](…), or alt=\"…\" in HTML"))
                }
            }
            for url in scan.external where external {
                let lines = written?.lines(of: url) ?? []
                offSite[url, default: []] += lines.isEmpty ? [(page, nil)] : lines.map { (article!.file, $0) }
            }
        }
        report.add(.link, templateLinks.diagnostics)
        report.external = offSite.keys.sorted().map { CheckReport.ExternalLink(url: $0, sources: offSite[$0]!) }
    }

    /// One page rendered and read; for an article, where its links are written when there
    /// is something to say about them (found here, on every core: most pages have nothing).
    private func scan(_ index: Int, _ links: SiteLinks) -> PageResult {
        let page = plan.pages[index], path = plan.paths[index]
        let i = plan.renderer.article(page)
        let scan = PageLinks(html: plan.renderer.render(page), path: path, url: url(of: path), links: links, images: i != nil)
        guard let i else { return PageResult(links: scan) }
        let article = model.articles[i]
        let needed = !scan.broken.isEmpty || !scan.imagesWithoutAlt.isEmpty || (external && !scan.external.isEmpty)
        return PageResult(links: scan, lines: needed ? ArticleLinkLines(article, root: root, urls: urls) : nil,
                          emptyBody: ContentLoader.body(of: article, root: root).trimmingWhitespace.isEmpty)
    }

    /// A page's address, from its output path (`a/index.html` is served as `a/`).
    private func url(of path: String) -> String {
        urls.absolute(path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path)
    }
}

/// Broken links of the templates: one finding per link as written and reason, at the first
/// page it is on, saying on how many others (a footer's link is on every page).
struct TemplateLinks {
    private var found: [String: (link: PageLinks.Broken, pages: [String])] = [:]

    mutating func add(_ link: PageLinks.Broken, on page: String) {
        found[link.written + "\n" + link.why, default: (link, [])].pages.append(page)
    }

    var diagnostics: [Diagnostic] {
        found.values.map { f in
            let pages = f.pages.sorted()
            return Diagnostic(file: pages[0], "broken link '\(f.link.written)' in the templates: \(f.link.why)",
                              hint: "fix the address in templates/\(Counted.otherPages(pages.count))")
        }
    }
}
