import Content
import Foundation
import KiosqueCore
import Site

/// `kiosque digest`: content -> site model -> the day's newsletter -> `digests/`.
public struct DigestBuilder {
    public enum Which: Sendable {
        case day(Day)
        /// The newest day with news.
        case latest
        /// Today in the site's time zone (at `rules.now`).
        case today
    }

    public struct Report: Sendable {
        public var issue: DigestComposer.Issue
        /// Absolute paths of the `.html`, `.txt` and `.eml` files.
        public var files: [String]
        public var warnings: [Diagnostic]
    }

    public let config: Config
    public let rules: PublishingRules

    public init(config: Config, rules: PublishingRules) {
        self.config = config
        self.rules = rules
    }

    /// Writes the three files, each atomically. Throws `DiagnosticsError` for configuration,
    /// content, template or check errors (nothing written), `DigestComposer.Failure.noNews`
    /// for a day without news.
    public func build(_ which: Which) throws -> Report {
        let (settings, warnings) = try DigestSettings.from(config)
        let content = ContentLoader.load(config: config)
        var problems = content.diagnostics
        var templates: TemplateSet?
        do {
            let dir = config.resolve(config.paths.templates)
            templates = try TemplateSet.load(overrides: FileManager.default.fileExists(atPath: dir) ? dir : nil,
                                             shownAs: config.paths.templates)
        } catch {
            problems += error.diagnostics
        }
        if problems.contains(where: { $0.severity == .error }) { throw DiagnosticsError(problems) }

        let model = SiteModel(config: config, articles: content.articles, rules: rules)
        let day: Day
        switch which {
        case .day(let d): day = d
        case .today: day = config.site.timeZone.day(of: rules.now)
        case .latest:
            guard let last = model.days.last else { throw DigestComposer.Failure.noNews(config.site.timeZone.day(of: rules.now)) }
            day = last.day
        }
        let folder = config.resolve(config.paths.digests)
        let composer = DigestComposer(model: model, templates: templates!, settings: settings,
                                      archived: ArchivedDigest.days(in: folder))
        let issue: DigestComposer.Issue
        do {
            issue = try composer.compose(day, now: rules.now)
        } catch {
            if case .problems(let p) = error { throw DiagnosticsError(p) }
            throw error
        }
        var files: [String] = []
        for (ext, bytes) in [("html", Array(issue.html.utf8)), ("txt", Array(issue.text.utf8)), ("eml", issue.eml)] {
            let path = Self.file(day, ext, in: folder)
            try AtomicFile.write(bytes, to: path)
            files.append(path)
        }
        return Report(issue: issue, files: files, warnings: config.warnings + problems + warnings)
    }

    /// `digests/2026-02-06.eml`.
    public static func file(_ day: Day, _ ext: String, in folder: String) -> String {
        (folder as NSString).appendingPathComponent("\(day).\(ext)")
    }
}
