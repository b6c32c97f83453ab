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
        /// Absolute paths of the `.html`, `.web.html`, `.txt` and `.eml` files.
        public var files: [String]
        public var warnings: [Diagnostic]
    }

    public let config: Config
    public let rules: PublishingRules

    public init(config: Config, rules: PublishingRules) {
        self.config = config
        self.rules = rules
    }

    /// Writes the four files, all or none. Throws `DiagnosticsError` for configuration,
    /// content, template or check errors, `DigestComposer.Failure.noNews` for a day without
    /// news, `AtomicFile.WriteError` when a file cannot be written (full disk): nothing
    /// written in all three cases.
    public func build(_ which: Which) throws -> Report {
        let (settings, warnings) = try DigestSettings.from(config)
        let content = ContentLoader.load(config: config)
        var problems = content.diagnostics
        var templates: TemplateSet?
        do {
            let dir = config.resolve(config.paths.templates)
            templates = try TemplateSet.load(overrides: FileManager.default.fileExists(atPath: dir) ? dir : nil,
                                             shownAs: config.paths.templates,
                                             roots: TemplateVariables.roots.merging(DigestVariables.roots) { a, _ in a })
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
        Self.removeLeftovers(in: folder)
        var staged: [AtomicFile.Staged] = []
        do {
            for (ext, bytes) in [("html", Array(issue.html.utf8)), (ArchivedDigest.webExtension, Array(issue.web.utf8)),
                                 ("txt", Array(issue.text.utf8)), ("eml", issue.eml)] {
                staged.append(try AtomicFile.stage(bytes, for: Self.file(day, ext, in: folder)))
            }
            // The .eml last: what `send` mails changes only once its web and text copies have.
            for s in staged { try s.commit() }
        } catch {
            for s in staged { s.discard() }  // those not renamed yet
            throw error
        }
        return Report(issue: issue, files: staged.map(\.path), warnings: problems + warnings)
    }

    static let extensions: Set = ["html", ArchivedDigest.webExtension, "txt", "eml"]

    /// Temporary files of a digest that was killed or lost power before its renames.
    static func removeLeftovers(in folder: String) {
        AtomicFile.removeDebris(in: folder) { target in
            let name = (target as NSString).lastPathComponent
            return extensions.contains { ext in name.hasSuffix("." + ext) && Day(iso: String(name.dropLast(ext.count + 1))) != nil }
        }
    }

    /// `digests/2026-02-06.eml`.
    public static func file(_ day: Day, _ ext: String, in folder: String) -> String {
        (folder as NSString).appendingPathComponent("\(day).\(ext)")
    }
}
