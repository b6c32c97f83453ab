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
        public init(rules: PublishingRules, output: String? = nil, clean: Bool = false) {
            self.rules = rules
            self.output = output
            self.clean = clean
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
        public var warnings: [Diagnostic]
        public var nextChange: (time: Timestamp, file: String, what: String)?
    }

    public let config: Config
    public let options: Options

    public init(config: Config, options: Options) {
        self.config = config
        self.options = options
    }

    /// The build cache: safe to delete, never trusted across binaries or configurations.
    var cacheFolder: String { config.resolve(".kiosque/build") }

    /// Builds the site. On any error in content or templates nothing is written and every
    /// problem is in the thrown `DiagnosticsError`.
    public func build() throws -> Report {
        var cacheKey = StableHash()
        cacheKey.mix(BuildIdentity.current)
        cacheKey.mix(config.sourceHash)
        let contentCachePath = cacheFolder + "/content.bin"
        let cache = options.clean ? ContentCache() : ContentCache.load(path: contentCachePath, key: cacheKey.value)
        let content = ContentLoader.load(config: config, cache: cache)
        var problems = content.diagnostics
        var templates: TemplateSet?
        do {
            templates = try TemplateSet.load(overrides: existingDirectory(config.resolve(config.paths.templates)),
                                             shownAs: config.paths.templates)
        } catch {
            problems += error.diagnostics
        }
        if problems.contains(where: { $0.severity == .error }) { throw DiagnosticsError(problems) }

        let output = try safeOutput()
        let model = SiteModel(config: config, articles: content.articles, rules: options.rules)
        let digests = try ArchivedDigest.load(from: config.resolve(config.paths.digests))
        let renderer = SiteRenderer(model: model, templates: templates!, digests: digests)
        let pages = renderer.pages
        let signatures = PageSignatures(model: model, templates: templates!, digests: digests)
        let jobs = pages.map { OutputWriter.Job(path: renderer.path($0), signature: signatures.signature($0)) }

        let manifestPath = cacheFolder + "/output-\(String(StableHash.of(output), radix: 16)).bin"
        let writer = OutputWriter(output: output)
        let previous = options.clean ? nil : OutputManifest.load(path: manifestPath, output: output)
        let outcome = try previous.map { try writer.update(jobs: jobs, assets: templates!.assets, previous: $0) { renderer.render(pages[$0]) } }
            ?? writer.replaceAll(jobs: jobs, assets: templates!.assets) { renderer.render(pages[$0]) }
        // The caches describe what is now on disk; losing them only costs a full build.
        if outcome.manifestChanged {
            try? outcome.manifest.save(path: manifestPath)
        }
        // Nothing parsed and as many entries: every file came from the cache, unchanged.
        if content.parsed > 0 || content.cache.count != cache.count {
            try? content.cache.save(path: contentCachePath, key: cacheKey.value)
        }

        return Report(articles: model.articles.count, parsed: content.parsed, written: outcome.written,
                      unchanged: outcome.unchanged, removed: outcome.removed, incremental: previous != nil,
                      output: output, warnings: config.warnings + problems, nextChange: model.nextChange)
    }

    /// The output folder is replaced wholesale: it must not be, hold or sit inside the
    /// sources, or a build would delete them.
    func safeOutput() throws(DiagnosticsError) -> String {
        func canonical(_ p: String) -> String { URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        let output = canonical(options.output.map(config.resolve) ?? config.resolve(config.paths.output))
        let root = canonical(config.root)
        let sources = [config.paths.content, config.paths.templates, config.paths.digests].map { canonical(config.resolve($0)) }
        func inside(_ a: String, _ b: String) -> Bool { a == b || a.hasPrefix(b.hasSuffix("/") ? b : b + "/") }
        if inside(root, output) || sources.contains(where: { inside(output, $0) || inside($0, output) }) {
            throw DiagnosticsError([Diagnostic(file: Config.fileName,
                "the output folder \(output) is or holds the site's sources: building there would delete them",
                hint: "set paths.output (or --output) to a folder of its own, such as public")])
        }
        return output
    }

    private func existingDirectory(_ path: String) -> String? {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue ? path : nil
    }
}
