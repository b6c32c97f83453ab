import Content
import Foundation
import KiosqueCore

/// `kiosque build`: content -> site model -> pages -> output, the steps in order.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var rules: PublishingRules
        /// Overrides `paths.output`.
        public var output: String?
        public init(rules: PublishingRules, output: String? = nil) {
            self.rules = rules
            self.output = output
        }
    }

    public struct Report: Sendable {
        public var articles: Int
        public var files: Int
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

    /// Builds the site. On any error in content or templates nothing is written and every
    /// problem is in the thrown `DiagnosticsError`.
    public func build() throws -> Report {
        let content = ContentLoader.load(config: config)
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
        let renderer = SiteRenderer(model: model, templates: templates!)
        let pages = renderer.pages
        let files = try OutputWriter(output: output).write(
            files: pages.map(renderer.path), assets: templates!.assets) { renderer.render(pages[$0]) }
        return Report(articles: model.articles.count, files: files, output: output,
                      warnings: config.warnings + problems, nextChange: model.nextChange)
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
