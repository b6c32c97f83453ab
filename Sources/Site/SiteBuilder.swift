import Content
import Foundation
import KiosqueCore

/// `kiosque build`: content -> site model -> pages -> output, the steps in order.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var rules: PublishingRules
        /// Overrides `paths.output`.
        public var output: String?
        /// Ignore the build cache: parse and render everything, replace the whole output.
        public var clean: Bool
        /// Let the build unpublish more than a tenth of the site's articles.
        public var allowRemovals = false
        /// Replace the output folder whole, removing the files Kiosque did not write.
        public var cleanDestination = false
        /// `kiosque serve`'s build: into `.kiosque/preview/`, with caches and a lock of its own,
        /// removals allowed (it is nobody's published site).
        public var preview = false
        /// Called when another build of the site holds the lock (with its process id), before
        /// waiting for it.
        public var waiting: @Sendable (String?) -> Void = { _ in }
        public init(rules: PublishingRules, output: String? = nil, clean: Bool = false,
                    allowRemovals: Bool = false, cleanDestination: Bool = false) {
            self.rules = rules
            self.output = output
            self.clean = clean
            self.allowRemovals = allowRemovals
            self.cleanDestination = cleanDestination
        }
    }

    public struct Report: Sendable {
        public var articles: Int
        /// Content files parsed (the others came from the build cache).
        public var parsed: Int
        /// Output files written, left as they were, and deleted.
        public var written: Int
        public var unchanged: Int
        public var removed: Int
        /// False when the whole output was replaced.
        public var incremental: Bool
        public var output: String
        /// Found while building (not those of `kiosque.yaml`, which the config reports).
        public var warnings: [Diagnostic]
        /// Output files written or removed, relative to the output folder.
        public var changed: [String]
        public var nextChange: (time: Timestamp, file: String, what: String)?
        public var unpublished: SiteModel.Unpublished
    }

    public let config: Config
    public let options: Options

    public init(config: Config, options: Options) {
        self.config = config
        self.options = options
    }

    /// The build cache: safe to delete, never trusted across binaries or configurations.
    var cacheFolder: String { config.resolve(options.preview ? ".kiosque/preview-build" : ".kiosque/build") }

    /// Where `kiosque serve` builds: inside `.kiosque/`, where no `--output` may go.
    public static let previewFolder = ".kiosque/preview"

    var contentCachePath: String { cacheFolder + "/content.bin" }
    /// Where the search index is kept between builds (`search/`), valid for the content cache's key.
    func searchCache(incremental: Bool) -> SitePlan.SearchCache {
        SitePlan.SearchCache(folder: cacheFolder + "/search", key: cacheKey, incremental: incremental)
    }

    /// What the content cache is valid for: this binary and this configuration.
    var cacheKey: UInt64 {
        var key = StableHash()
        key.mix(BuildIdentity.current)
        key.mix(config.sourceHash)
        return key.value
    }

    /// The build manifest of one output folder.
    func manifestPath(_ output: String) -> String { cacheFolder + "/output-\(String(StableHash.of(output), radix: 16)).bin" }

    func outputGuard(_ output: String) -> OutputGuard {
        OutputGuard(output: output, shown: config.shown(output), allowRemovals: options.allowRemovals || options.preview,
                    cleanDestination: options.cleanDestination)
    }

    /// Builds the site. On any error in content or templates nothing is written and every
    /// problem is in the thrown `DiagnosticsError`. One build at a time per site: a second
    /// one waits for the lock.
    public func build() throws -> Report {
        let output = options.preview ? config.resolve(Self.previewFolder) : try safeOutput()
        let lock = try FileLock(path: config.resolve(options.preview ? ".kiosque/preview.lock" : ".kiosque/build.lock"),
                                wait: true, waiting: options.waiting)
        defer { withExtendedLifetime(lock) {} }
        var clock = PhaseClock("kiosque.build")
        // What a killed build left: before anything else.
        StagingArea.removeAbandoned(beside: output)
        AtomicFile.removeDebris(in: cacheFolder)
        try ContentLoader.requireFolder(config)

        let cache = options.clean ? ContentCache() : ContentCache.load(path: contentCachePath, key: cacheKey)
        let sources = SiteSources.load(config: config, cache: cache)
        let content = sources.content
        clock.step("content and templates: \(content.articles.count) articles, \(content.parsed) files parsed; templates checked")
        if sources.hasErrors { throw DiagnosticsError(sources.problems) }

        let plan = try SitePlan(config: config, content: content, templates: sources.templates!, rules: options.rules,
                                media: sources.media, searchCache: searchCache(incremental: !options.clean))
        let jobs = plan.jobs()
        clock.step("model: \(plan.model.articles.count) articles published, \(jobs.count) pages; search index of \(plan.search?.count ?? 0), \(plan.search?.analysed ?? 0) analysed, \(plan.search?.changedBuckets ?? 0) buckets changed")
        let existing = OutputState(output: output, manifestPath: manifestPath(output))
        let previous = options.clean || options.cleanDestination ? nil : existing.saved
        let outputGuard = self.outputGuard(output)
        let verdict = try outputGuard.check(produced: plan.produced, owned: existing.owned, fullBuild: previous == nil)

        let writer = OutputWriter(output: output)
        let renderer = plan.renderer, pages = plan.pages, manifestPath = existing.manifestPath
        let outcome = try previous.map {
            try writer.update(jobs: jobs, assets: plan.assets, files: plan.files, previous: $0,
                              owned: existing.owned ?? OutputInventory(paths: Set($0.files.keys)), added: verdict.added,
                              pendingMark: manifestPath) { renderer.render(pages[$0]) }
        } ?? writer.replaceAll(jobs: jobs, assets: plan.assets, files: plan.files, carry: verdict.carry, manifest: manifestPath) { renderer.render(pages[$0]) }
        clock.step("output: \(outcome.written) files written, \(outcome.unchanged) unchanged, \(outcome.removed) removed")
        // The caches describe what is now on disk; losing them only costs a full build.
        if outcome.manifestChanged {
            try? outcome.manifest.save(path: manifestPath)
        }
        // Nothing parsed and as many entries: every file came from the cache, unchanged.
        if content.parsed > 0 || content.cache.count != cache.count {
            try? content.cache.save(path: contentCachePath, key: cacheKey)
        }
        if let search = plan.search, search.needsSaving { try? search.commit() }

        let model = plan.model
        return Report(articles: model.articles.count, parsed: content.parsed, written: outcome.written,
                      unchanged: outcome.unchanged, removed: outcome.removed, incremental: previous != nil,
                      output: output, warnings: sources.problems + [outputGuard.keptWarning(verdict.carry)].compactMap { $0 },
                      changed: outcome.changed, nextChange: model.nextChange, unpublished: model.unpublished)
    }

    /// The output folder is Kiosque's to replace: it must not be, hold or sit inside what the
    /// site is made from (the site folder, the configuration, content, templates, digests,
    /// local feeds, the recipients file, `.kiosque/`), or a build would delete them.
    func safeOutput() throws(DiagnosticsError) -> String {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        /// `a` is `b` or below it.
        func within(_ a: String, _ b: String) -> Bool { a == b || a.hasPrefix(b.hasSuffix("/") ? b : b + "/") }
        let output = canonical(options.output.map(config.resolve) ?? config.resolve(config.paths.output))
        let root = canonical(config.root)
        let folders = [config.paths.content, config.paths.templates, config.paths.digests, ".kiosque"]
            .map { canonical(config.resolve($0)) }
        var files = [Config.fileName] + (config.digest.map { [$0.recipients] } ?? [])
        var feedFolders: [String] = []
        for feed in config.feeds {
            guard case .file(let path) = FeedLocation(feed.url, relativeTo: config.root) else { continue }
            files.append(path)
            let folder = canonical((path as NSString).deletingLastPathComponent)
            if !within(root, folder) { feedFolders.append(folder) }
        }
        let sources = files.map { canonical(config.resolve($0)) }
        let clash = within(root, output) || folders.contains { within($0, output) || within(output, $0) }
            || sources.contains { within($0, output) } || feedFolders.contains { within(output, $0) }
        guard clash else { return output }
        throw DiagnosticsError([Diagnostic(file: Config.fileName, line: options.output == nil ? config.lines["paths.output"] : nil,
            "the output folder \(output) is, holds or sits inside the site's own files: building there would delete them",
            hint: "set paths.output (or --output) to a folder of its own, such as public")])
    }
}

/// What the previous build left in an output folder, as the build manifest and the
/// inventory say: read, never written.
struct OutputState {
    let manifestPath: String
    /// The manifest says what Kiosque wrote even when its signatures are not to be used.
    let saved: OutputManifest?
    /// The files Kiosque wrote there, by the inventory, else by the manifest.
    let owned: OutputInventory?

    init(output: String, manifestPath: String) {
        self.manifestPath = manifestPath
        let saved = OutputManifest.load(path: manifestPath, output: output)
        self.saved = saved
        owned = OutputInventory.load(output: output, known: saved.flatMap { m in m.inventory.map { ($0, m.files.keys) } })
            ?? saved.map { OutputInventory(paths: Set($0.files.keys)) }
    }
}
