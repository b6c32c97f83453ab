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

        let model = SiteModel(config: config, articles: content.articles, rules: options.rules)
        let digests = try ArchivedDigest.load(from: config.resolve(config.paths.digests))
        let renderer = SiteRenderer(model: model, templates: templates!, digests: digests)
        let pages = renderer.pages
        let output = options.output.map(config.resolve) ?? config.resolve(config.paths.output)
        let files = try OutputWriter(output: output).write(
            files: pages.map(renderer.path), assets: templates!.assets) { renderer.render(pages[$0]) }
        return Report(articles: model.articles.count, files: files, output: output,
                      warnings: config.warnings + problems, nextChange: model.nextChange)
    }

    private func existingDirectory(_ path: String) -> String? {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue ? path : nil
    }
}
