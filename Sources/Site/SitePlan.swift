import Content
import Foundation
import KiosqueCore
import Search

/// What a build reads before it makes anything: every article (through the content cache)
/// and the templates, with every problem found in them. `kiosque build` stops on an error
/// among them; `kiosque check` reports them and checks what it can of the rest.
struct SiteSources {
    let content: ContentLoader.Result
    /// nil when a template does not parse (`templateProblems` say why).
    let templates: TemplateSet?
    let templateProblems: [Diagnostic]
    /// `content/media/`, its resized copies made (or found in their cache).
    let media: MediaCatalog

    /// Content, media and template diagnostics, errors and warnings.
    var problems: [Diagnostic] { content.diagnostics + media.warnings + templateProblems }
    var hasErrors: Bool { problems.contains { $0.severity == .error } }

    static func load(config: Config, cache: ContentCache) -> SiteSources {
        var content = ContentLoader.load(config: config, cache: cache)
        content.diagnostics += content.pages.filter { SiteURLs.reservedFolders.contains($0.slug) }.map {
            Diagnostic(file: $0.file, "a page named '\($0.slug)' would take the site's /\($0.slug)/ folder",
                       hint: "rename the file: \(SiteURLs.reservedFolders.sorted().joined(separator: ", ")) are the site's")
        }
        content.pages.removeAll { SiteURLs.reservedFolders.contains($0.slug) }
        let media = MediaLibrary.load(config: config)
        do {
            let templates = try TemplateSet.load(overrides: existingDirectory(config.resolve(config.paths.templates)),
                                                 shownAs: config.paths.templates)
            return SiteSources(content: content, templates: templates, templateProblems: [], media: media)
        } catch {
            return SiteSources(content: content, templates: nil, templateProblems: error.diagnostics, media: media)
        }
    }

    private static func existingDirectory(_ path: String) -> String? {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue ? path : nil
    }
}

/// The site a build makes of its sources, before a byte is written: the model, the renderer,
/// every page and the output path of each. `build` renders the pages into the output;
/// `check` renders them in memory.
struct SitePlan {
    let model: SiteModel
    let templates: TemplateSet
    let digests: [ArchivedDigest]
    let renderer: SiteRenderer
    let pages: [SiteRenderer.Page]
    /// Output path of each page, relative to the output folder (by index into `pages`).
    let paths: [String]
    /// The published articles' search index (nil when `search.enabled` is false).
    let search: SearchIndex?

    /// `searchCache`: where the previous build left its index, and whether to start from it.
    init(config: Config, content: ContentLoader.Result, templates: TemplateSet, rules: PublishingRules,
         media: MediaCatalog = MediaCatalog(), searchCache: SearchCache?) throws {
        model = SiteModel(config: config, articles: content.articles, pages: content.pages, rules: rules, media: media)
        self.templates = templates
        digests = try ArchivedDigest.load(from: config.resolve(config.paths.digests))
        search = config.search.enabled ? Self.searchIndex(model, searchCache) : nil
        renderer = SiteRenderer(model: model, templates: templates, digests: digests, search: search)
        pages = renderer.pages
        paths = pages.map(renderer.path)
    }

    /// Where a build keeps its search index (`SearchState`, in the build cache), and whether
    /// this one starts from the previous build's.
    struct SearchCache {
        var folder: String
        var key: UInt64
        var incremental: Bool
    }

    /// The index of the published articles.
    static func searchIndex(_ model: SiteModel, _ state: SearchCache?) -> SearchIndex {
        SearchIndex(articles: model.articles, days: model.civil.map(\.day_), config: model.config,
                    folder: state?.folder, key: state?.key ?? 0, incremental: state?.incremental ?? false)
    }

    /// The templates' static files; the search client only with the search.
    var assets: [OutputWriter.Asset] {
        search != nil ? templates.assets : templates.assets.filter { $0.path != SiteURLs.searchScript }
    }

    /// The images and their copies, copied into the output.
    var files: [OutputWriter.FileAsset] { model.media.files }

    /// Every file the build writes into the output: pages, then assets, then images.
    var produced: [String] { paths + assets.map(\.path) + files.map(\.path) }

    /// The pages as the writer's jobs, with the signature of what each one's bytes depend on.
    func jobs() -> [OutputWriter.Job] {
        return pages.indices.map { OutputWriter.Job(path: paths[$0], signature: renderer.signature(pages[$0])) }
    }
}
