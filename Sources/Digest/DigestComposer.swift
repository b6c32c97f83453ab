import HTML
import KiosqueCore
import MIME
import Site

/// A day's newsletter, as files: the email HTML (CSS inlined), its text alternative and the
/// `.eml` that `kiosque send` mails. A pure function of the site model, the templates and the
/// clock.
public struct DigestComposer {
    public struct Issue: Sendable {
        public var day: Day
        public var html: String
        /// The web version's body (`digest-web.mustache`): the site shows it in its layout,
        /// without the lines meant for a recipient.
        public var web: String
        public var text: String
        public var eml: [UInt8]
        public var subject: String
        /// Articles of the day, and how many the mail shows (fewer when it had to be trimmed).
        public var articles: Int
        public var shown: Int
    }

    public enum Failure: Error {
        /// Nothing published that day: no newsletter (never an empty mail).
        case noNews(Day)
        case problems([Diagnostic])
    }

    public let model: SiteModel
    public let templates: TemplateSet
    public let settings: DigestSettings
    /// Output files of the site build (relative paths), to check the links against.
    let sitePaths: Set<String>

    /// `archived`: the days that already have a newsletter (their web versions are pages too).
    public init(model: SiteModel, templates: TemplateSet, settings: DigestSettings, archived: [Day]) {
        self.model = model
        self.templates = templates
        self.settings = settings
        let renderer = SiteRenderer(model: model, templates: templates,
                                    digests: archived.map { ArchivedDigest(day: $0, html: "") })
        sitePaths = Set(renderer.pages.map(renderer.path) + templates.assets.map(\.path))
    }

    static let templateFile = "templates/digest.mustache"

    public func compose(_ day: Day, now: Timestamp) throws(Failure) -> Issue {
        let selection = DigestSelection(model: model, day: day)
        guard !selection.isEmpty else { throw .noNews(day) }
        let subject = FrenchTypography.text(settings.subject.replacingOccurrences(of: "{date}", with: French.longDate(day)))
        let view = DigestView(views: ViewModels(model: model, templates: templates), selection: selection, subject: subject,
                              unsubscribeURL: settings.personalUnsubscribe ?? settings.unsubscribeURL ?? settings.unsubscribeMailto)
        // The web version is a page of the site once this newsletter exists.
        let links = SiteLinks(base: view.urls.base,
                              pages: sitePaths.union([SiteURLs.file(for: SiteURLs.digest(day)), SiteURLs.file(for: SiteURLs.digests)]),
                              servedElsewhere: model.config.site.servedElsewhere, unsubscribeURL: settings.unsubscribeURL)

        var (html, problems) = renderHTML(view, cap: nil, links: links)
        var cap: Int?
        if html.utf8.count > DigestChecks.maxBytes {
            // Fewer articles per sector until it fits; the rest are linked on the day page.
            var lo = 1, hi = (selection.sections.map(\.articles.count).max() ?? 1) - 1
            var best: (String, [String], Int)?
            while lo <= hi {
                let mid = (lo + hi) / 2
                let (h, p) = renderHTML(view, cap: mid, links: links)
                if h.utf8.count <= DigestChecks.maxBytes { best = (h, p, mid); lo = mid + 1 } else { hi = mid - 1 }
            }
            guard let best else {
                throw .problems([Diagnostic(file: Self.templateFile,
                    "the newsletter's HTML is \(html.utf8.count / 1000) KB even with one article per sector; Gmail clips messages over about 102 KB",
                    hint: "the limit is \(DigestChecks.maxBytes / 1000) KB: make the template lighter")])
            }
            (html, problems, cap) = best
        }
        guard problems.isEmpty else {
            throw .problems(problems.map { Diagnostic(file: Self.templateFile, $0) })
        }
        var text = PlainText.layout(templates.render(view.context(cap: cap), "digest.txt"))
        let shown = selection.featured.count + selection.sections.reduce(0) { $0 + min($1.articles.count, cap ?? .max) }
        let eml = eml(day: day, subject: subject, text: text, html: html, now: now)
        // The web version is everyone's: its link explains where each reader's own is.
        if let personal = settings.personalUnsubscribe, let info = model.config.members?.links.unsubscribeInfo {
            html = html.replacingOccurrences(of: personal.replacingOccurrences(of: "&", with: "&amp;"), with: info)
            text = text.replacingOccurrences(of: personal, with: info)
        }
        let web = templates.render(view.context(cap: cap), "digest-web")
        return Issue(day: day, html: html, web: web, text: text, eml: eml, subject: subject, articles: selection.count, shown: shown)
    }

    private func renderHTML(_ view: DigestView, cap: Int?, links: SiteLinks) -> (String, [String]) {
        let raw = templates.render(view.context(cap: cap), "digest")
        guard let doc = HTMLDocument(raw) else { return (raw, ["libxml2 could not parse the HTML"]) }
        CSSInliner.inline(doc)
        let problems = DigestChecks.problems(doc, links: links)
        return (doc.html, problems)
    }

    private func eml(day: Day, subject: String, text: String, html: String, now: Timestamp) -> [UInt8] {
        var headers: [(String, String)] = [
            ("From", settings.from.header),
            ("To", "undisclosed-recipients:;"),
            ("Subject", EncodedWord.unstructured(subject, field: "Subject")),
            ("Date", RFC822Date.format(now)),
            ("Message-ID", "<digest.\(day).\(hexHash(text + html))@\(settings.from.domain)>"),
            ("Content-Language", model.config.site.language),
        ]
        if let url = settings.personalUnsubscribe ?? settings.unsubscribeURL {
            headers.append(("List-Unsubscribe", "<\(url)>, <\(settings.unsubscribeMailto)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        } else {
            headers.append(("List-Unsubscribe", "<\(settings.unsubscribeMailto)>"))
        }
        return MIMEMessage(headers: headers, text: text, html: html).bytes
    }
}

/// The `digest:` block of `kiosque.yaml`, checked.
public struct DigestSettings: Sendable {
    public var from: MailAddress
    /// With `{date}` for the French date.
    public var subject: String
    /// https: the list manager's one-click endpoint (RFC 8058).
    public var unsubscribeURL: String?
    /// With `members:`: the members' one-click link with the placeholders `kiosque send`
    /// fills in for each copy (see `MemberLinks.unsubscribePlaceholder`).
    public var personalUnsubscribe: String?

    public var unsubscribeMailto: String { "mailto:\(from.address)?subject=unsubscribe" }

    /// Errors name `kiosque.yaml`'s keys; a missing `unsubscribe_url` is a warning.
    public static func from(_ config: Config) throws(DiagnosticsError) -> (DigestSettings, [Diagnostic]) {
        guard let d = config.digest else {
            throw DiagnosticsError([Diagnostic(file: Config.fileName, "no 'digest:' block: the newsletter is not configured",
                                               hint: "add 'digest:' with at least 'from: \"Name <address@example.com>\"' (see README.md)")])
        }
        guard let from = MailAddress(d.from) else {
            throw DiagnosticsError([Diagnostic(file: Config.fileName, "'digest.from' is not an email address: '\(d.from)'",
                                               hint: "write \"Name <address@example.com>\" or address@example.com")])
        }
        var warnings: [Diagnostic] = []
        let personal = config.members?.links.unsubscribePlaceholder
        if d.unsubscribeURL == nil && personal == nil {
            warnings.append(Diagnostic(.warning, file: Config.fileName,
                "'digest.unsubscribe_url' is not set: List-Unsubscribe has only a mailto: address and no one-click unsubscribe (RFC 8058), which Gmail and Yahoo require of bulk senders",
                hint: "set it to your list manager's https one-click endpoint"))
        }
        return (DigestSettings(from: from, subject: d.subject, unsubscribeURL: d.unsubscribeURL, personalUnsubscribe: personal), warnings)
    }
}
