import Foundation
import Yams

/// `kiosque.yaml`: the site, its sectors and its sources. Read once per command.
public struct Config: Sendable {
    public struct Site: Sendable {
        public var title: String
        /// Absolute, ends with `/`; may have a sub-path (`https://example.com/news/`).
        public var baseURL: String
        public var language: String
        public var timeZone: SiteTimeZone
        public var description: String
        /// Paths from the domain root (`/desabonnement`, `/membres/`) that another program
        /// serves: links there are not pages of this site, yet not broken.
        public var servedElsewhere: [String] = []
        /// The picture shared for pages without one of their own (og:image, JSON-LD): a
        /// site-root path, `/media/…` (of `content/media/`) or a file of `templates/static/`.
        public var image: String?
    }

    public struct Paths: Sendable {
        public var content: String
        public var templates: String
        public var output: String
        public var digests: String
    }

    public struct Sector: Sendable, Hashable {
        public var slug: String
        public var name: String
        public var keywords: [String]
        public init(slug: String, name: String, keywords: [String] = []) {
            self.slug = slug
            self.name = name
            self.keywords = keywords
        }
    }

    public struct Feed: Sendable, Hashable {
        public var url: String
        public var name: String
        public var sector: String?
    }

    public struct Digest: Sendable {
        public var from: String
        public var subject: String
        public var recipients: String
        public var smtpURL: String
        public var unsubscribeURL: String?
        /// Where a reader signs up when the site has no `members:` block (another list's
        /// sign-up page): an http(s) URL or a path of the site.
        public var subscribeURL: String?
        /// Whether `recipients` was written: with members, the recipients file is read only then.
        public var recipientsGiven = false
    }

    /// The `members:` block: the newsletter's own list (`kiosque members`).
    public struct Members: Sendable {
        /// Where `kiosque members serve` is reached through the site's proxy: absolute, ends with `/`.
        public var url: String
        /// The SQLite file, relative to the site folder unless absolute.
        public var database: String
        /// The peers whose `X-Forwarded-For` is believed.
        public var trustedProxies: [NetworkRange]
        /// What the subscribe form says the reader agrees to, recorded with each subscription.
        public var consentText: String
        /// The site's standalone pages a reader is sent to after the form and after the
        /// confirmation link (`content/pages/<slug>.md`): absolute URLs.
        public var thanksURL: String
        public var confirmedURL: String

        public var links: MemberLinks { MemberLinks(base: url) }
    }

    /// `search:`: the site's search index and page.
    public struct SearchSettings: Sendable {
        public var enabled = true
    }

    /// The folder holding `kiosque.yaml`; relative paths are resolved against it.
    public var root: String
    public var site: Site
    public var paths: Paths
    /// In the configured order: the order of the navigation and of the digest.
    public var sectors: [Sector]
    public var feeds: [Feed]
    public var digest: Digest?
    /// Set when `kiosque.yaml` has a `members:` block (empty for the defaults).
    public var members: Members?
    public var search = SearchSettings()
    /// Unknown keys and other non-fatal findings.
    public var warnings: [Diagnostic]
    /// Hash of the configuration's text: build caches made under another one are ignored.
    public var sourceHash: UInt64 = 0
    /// The line of each `paths.*` key that is set, for messages about those folders.
    public var lines: [String: Int] = [:]

    public func sector(_ slug: String) -> Sector? { sectors.first { $0.slug == slug } }

    /// Absolute path of a configured folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }

    /// A path as messages show it: relative to the site folder when it is inside it.
    public func shown(_ path: String) -> String {
        let r = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(r) ? String(path.dropFirst(r.count)) : path
    }

    public static let fileName = "kiosque.yaml"

    static let siteKeys: Set = ["title", "base_url", "language", "timezone", "description", "served_elsewhere", "image"]
    static let pathKeys: Set = ["content", "templates", "output", "digests"]
    static let digestKeys: Set = ["from", "subject", "recipients", "smtp_url", "unsubscribe_url", "subscribe_url"]
    static let memberKeys: Set = ["url", "db", "trusted_proxies", "consent_text", "thanks_page", "confirmed_page"]

    /// Reads `DIR/kiosque.yaml`.
    public static func load(siteDirectory dir: String) throws(DiagnosticsError) -> Config {
        let path = (dir as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([Diagnostic(file: path, "cannot read the site configuration",
                                               hint: "run kiosque in a site folder, pass --site DIR, or create one with 'kiosque init DIR'")])
        }
        return try parse(String(decoding: data, as: UTF8.self), file: fileName,
                         root: URL(fileURLWithPath: dir).standardizedFileURL.path)
    }

    public static func parse(_ text: String, file: String = fileName, root: String) throws(DiagnosticsError) -> Config {
        var y = YAMLFields(file: file)
        guard let top = y.mapping(y.parse(text), "the configuration") else {
            if !y.hasErrors { y.error(at: 1, "the configuration is empty", hint: "see README.md for the keys") }
            throw DiagnosticsError(y.diagnostics)
        }
        // A section's key written at the top (`timezone:` for `site: timezone:`) is an error too.
        var elsewhere: [String: String] = [:]
        for (section, keys) in [("members", memberKeys), ("digest", digestKeys), ("paths", pathKeys), ("site", siteKeys)] {
            for k in keys { elsewhere[k] = "\(section).\(k)" }
        }
        y.reportUnknownKeys(top, known: ["site", "paths", "sectors", "feeds", "digest", "members", "search"], path: "", strict: true, elsewhere: elsewhere)

        // site
        var site = Site(title: "", baseURL: "https://example.invalid/", language: "fr", timeZone: .utc, description: "")
        if let m = y.mapping(y.value(top, "site"), "site") {
            y.reportUnknownKeys(m, known: siteKeys, path: "site", strict: true)
            site.title = y.string(m, "title", path: "site.title", required: true) ?? ""
            if let raw = y.string(m, "base_url", path: "site.base_url", required: true) {
                if let u = normalizedBaseURL(raw) { site.baseURL = u } else {
                    y.error(at: y.line(of: YAMLFields.node(m, "base_url")), "'site.base_url' must be an absolute http(s) URL, not '\(raw)'",
                            hint: "e.g. https://www.example.com/")
                }
            }
            site.language = y.string(m, "language", path: "site.language") ?? "fr"
            if let tz = y.string(m, "timezone", path: "site.timezone") {
                if let zone = SiteTimeZone(identifier: tz) { site.timeZone = zone } else {
                    y.error(at: y.line(of: YAMLFields.node(m, "timezone")), "unknown time zone '\(tz)' in 'site.timezone'",
                            hint: "use an IANA name such as Africa/Abidjan or Europe/Paris")
                }
            }
            site.description = y.string(m, "description", path: "site.description") ?? ""
            // Both go into every page and feed: a pasted file would multiply the site's size.
            for (key, value, limit) in [("title", site.title, 200), ("description", site.description, 1_000)] where value.count > limit {
                y.error(at: y.line(of: YAMLFields.node(m, key)), "'site.\(key)' is \(value.count) characters long; at most \(limit)",
                        hint: key == "title" ? "the site's name, as the masthead shows it" : "a sentence or two: it is every page's meta description")
            }
            if let image = y.string(m, "image", path: "site.image")?.trimmingWhitespace, !image.isEmpty {
                if image.hasPrefix("/") && !image.hasPrefix("//") && !image.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) {
                    site.image = image
                } else {
                    y.error(at: y.line(of: YAMLFields.node(m, "image")), "'site.image' is a path from the site root, not '\(image)'",
                            hint: "write /media/logo.png for content/media/logo.png, or /logo.png for templates/static/logo.png")
                }
            }
            let listed = YAMLFields.node(m, "served_elsewhere")
            for (i, p) in (y.strings(m, "served_elsewhere", path: "site.served_elsewhere") ?? []).enumerated() {
                if p.hasPrefix("/") && !p.hasPrefix("//") && !p.contains(where: { $0 == "?" || $0 == "#" || $0.isWhitespace }) {
                    site.servedElsewhere.append(p)
                } else {
                    y.error(at: y.line(of: listed?.sequence.map { $0[i] } ?? listed),
                            "'site.served_elsewhere' lists paths from the domain root, not '\(p)'",
                            hint: "start each with '/', such as /desabonnement or /membres/; no https://host, no ? or #")
                }
            }
        } else {
            y.error(at: 1, "missing required key 'site'", hint: "add a 'site:' mapping with title and base_url")
        }

        // paths
        var paths = Paths(content: "content", templates: "templates", output: "public", digests: "digests")
        var lines: [String: Int] = [:]
        if let m = y.mapping(y.value(top, "paths"), "paths") {
            y.reportUnknownKeys(m, known: pathKeys, path: "paths", strict: true)
            paths.content = y.string(m, "content", path: "paths.content") ?? paths.content
            paths.templates = y.string(m, "templates", path: "paths.templates") ?? paths.templates
            paths.output = y.string(m, "output", path: "paths.output") ?? paths.output
            paths.digests = y.string(m, "digests", path: "paths.digests") ?? paths.digests
            for key in ["content", "templates", "output", "digests"] {
                if let line = y.line(of: YAMLFields.node(m, key)) { lines["paths." + key] = line }
            }
        }

        // sectors
        var sectors: [Sector] = []
        for (i, m) in (y.list(top, "sectors", path: "sectors", required: true) ?? []).enumerated() {
            let path = "sectors[\(i + 1)]"
            y.reportUnknownKeys(m, known: ["slug", "name", "keywords"], path: path, strict: true)
            guard let slug = y.string(m, "slug", path: "\(path).slug", required: true),
                  let name = y.string(m, "name", path: "\(path).name", required: true) else { continue }
            if !Slug.isValid(slug) {
                y.error(at: y.line(of: YAMLFields.node(m, "slug")), "sector slug '\(slug)' must use only a-z, 0-9 and '-'",
                        hint: "e.g. '\(Slug.make(slug))'")
            } else if sectors.contains(where: { $0.slug == slug }) {
                y.error(at: y.line(of: YAMLFields.node(m, "slug")), "sector '\(slug)' is listed twice")
            } else {
                sectors.append(Sector(slug: slug, name: name, keywords: y.strings(m, "keywords", path: "\(path).keywords") ?? []))
            }
        }
        if sectors.isEmpty, !y.hasErrors { y.error(at: y.line(of: YAMLFields.node(top, "sectors")), "'sectors' must list at least one sector") }

        // feeds
        var feeds: [Feed] = []
        for (i, m) in (y.list(top, "feeds", path: "feeds") ?? []).enumerated() {
            let path = "feeds[\(i + 1)]"
            y.reportUnknownKeys(m, known: ["url", "name", "sector"], path: path, strict: true)
            guard let url = y.string(m, "url", path: "\(path).url", required: true) else { continue }
            let sector = y.string(m, "sector", path: "\(path).sector")
            if let sector, !sectors.contains(where: { $0.slug == sector }) {
                y.error(at: y.line(of: YAMLFields.node(m, "sector")), "unknown sector '\(sector)' in '\(path).sector'",
                        hint: "use one of: \(sectors.map(\.slug).joined(separator: ", "))")
            }
            feeds.append(Feed(url: url, name: y.string(m, "name", path: "\(path).name") ?? url, sector: sector))
        }

        // digest
        var digest: Digest?
        if let m = y.mapping(y.value(top, "digest"), "digest") {
            y.reportUnknownKeys(m, known: digestKeys, path: "digest", strict: true)
            digest = Digest(
                from: y.string(m, "from", path: "digest.from", required: true) ?? "",
                subject: y.string(m, "subject", path: "digest.subject") ?? "L’essentiel du {date}",
                recipients: y.string(m, "recipients", path: "digest.recipients") ?? "recipients.txt",
                smtpURL: y.string(m, "smtp_url", path: "digest.smtp_url") ?? "smtp://127.0.0.1:25",
                unsubscribeURL: y.string(m, "unsubscribe_url", path: "digest.unsubscribe_url"),
                subscribeURL: y.string(m, "subscribe_url", path: "digest.subscribe_url")?.trimmingWhitespace,
                recipientsGiven: y.value(m, "recipients") != nil)
            if let url = digest?.subscribeURL,
               !(url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") || (url.hasPrefix("/") && !url.hasPrefix("//"))) {
                y.error(at: y.line(of: YAMLFields.node(m, "subscribe_url")), "'digest.subscribe_url' must be an http(s) URL or a path starting with '/', not '\(url)'",
                        hint: "the page where readers sign up, e.g. /lettre/ or https://listes.example.org/inscription")
            }
            if let url = digest?.smtpURL, let c = URLComponents(string: url) {
                if c.user != nil || c.password != nil {
                    y.error(at: y.line(of: YAMLFields.node(m, "smtp_url")), "'digest.smtp_url' must not hold a user name or password",
                            hint: "remove them and set KIOSQUE_SMTP_USER and KIOSQUE_SMTP_PASSWORD in the environment")
                } else if !["smtp", "smtps"].contains(c.scheme?.lowercased() ?? "") || (c.host ?? "").isEmpty {
                    y.error(at: y.line(of: YAMLFields.node(m, "smtp_url")), "'digest.smtp_url' must be smtp://host[:port] or smtps://host[:port], not '\(url)'")
                }
            }
            for (key, url, hint) in [("unsubscribe_url", digest?.unsubscribeURL, "the one-click unsubscribe endpoint of your list manager (RFC 8058 requires https)")] {
                if let url, !(url.lowercased().hasPrefix("https://") && URLComponents(string: url)?.host?.isEmpty == false) {
                    y.error(at: y.line(of: YAMLFields.node(m, key)), "'digest.\(key)' must be an https URL, not '\(url)'", hint: hint)
                }
            }
        }

        var search = SearchSettings()
        if let m = y.mapping(y.value(top, "search"), "search") {
            y.reportUnknownKeys(m, known: ["enabled"], path: "search", strict: true)
            search.enabled = y.bool(m, "enabled", path: "search.enabled") ?? true
        }

        let members = parseMembers(top, site: site, &y)
        if let members, let origin = origin(of: site.baseURL), members.url.hasPrefix(origin + "/") {
            // The service answers there: the newsletter and `kiosque check` must not call its links broken.
            site.servedElsewhere.append(members.links.path)
        }

        if y.hasErrors { throw DiagnosticsError(y.diagnostics) }
        return Config(root: root, site: site, paths: paths, sectors: sectors, feeds: feeds, digest: digest,
                      members: members, search: search, warnings: y.diagnostics, sourceHash: StableHash.of(text), lines: lines)
    }

    /// `members:` with or without keys (an empty block takes every default).
    static func parseMembers(_ top: Node.Mapping, site: Site, _ y: inout YAMLFields) -> Members? {
        guard let node = YAMLFields.node(top, "members") else { return nil }
        var members = Members(url: site.baseURL + "membres/", database: "members.sqlite", trustedProxies: NetworkRange.loopback,
                              consentText: "J’accepte de recevoir la lettre quotidienne de \(site.title) par e-mail. "
                                + "Chaque lettre contient un lien pour me désabonner en un clic.",
                              thanksURL: site.baseURL + "merci-inscription/", confirmedURL: site.baseURL + "inscription-confirmee/")
        guard y.value(top, "members") != nil, let m = y.mapping(node, "members") else { return members }
        y.reportUnknownKeys(m, known: memberKeys, path: "members", strict: true)
        if let raw = y.string(m, "url", path: "members.url") {
            if let u = normalizedBaseURL(raw) { members.url = u } else {
                y.error(at: y.line(of: YAMLFields.node(m, "url")), "'members.url' must be an absolute https URL, not '\(raw)'",
                        hint: "where the site's proxy passes to 'kiosque members serve', e.g. https://www.example.com/membres/")
            }
        }
        if !members.url.hasPrefix("https://") {
            y.error(at: y.line(of: YAMLFields.node(m, "url") ?? node), "'members.url' must be https, not '\(members.url)'",
                    hint: "one-click unsubscribes (RFC 8058) need https; set members.url (its default is site.base_url + membres/)")
        }
        members.database = y.string(m, "db", path: "members.db") ?? members.database
        if let proxies = y.strings(m, "trusted_proxies", path: "members.trusted_proxies") {
            let listed = YAMLFields.node(m, "trusted_proxies")
            members.trustedProxies = []
            for (i, p) in proxies.enumerated() {
                if let r = NetworkRange(p) { members.trustedProxies.append(r) } else {
                    y.error(at: y.line(of: listed?.sequence.map { $0[i] } ?? listed),
                            "'members.trusted_proxies' lists IP addresses or CIDR blocks, not '\(p)'",
                            hint: "e.g. [127.0.0.1, ::1] or 10.0.0.0/8")
                }
            }
        }
        if let text = y.string(m, "consent_text", path: "members.consent_text", required: YAMLFields.node(m, "consent_text") != nil) {
            members.consentText = text
        }
        for (key, url) in [("thanks_page", \Members.thanksURL), ("confirmed_page", \Members.confirmedURL)] {
            guard let slug = y.string(m, key, path: "members.\(key)") else { continue }
            if Slug.isValid(slug) { members[keyPath: url] = site.baseURL + slug + "/" } else {
                y.error(at: y.line(of: YAMLFields.node(m, key)), "'members.\(key)' is the slug of a page of content/pages/, not '\(slug)'",
                        hint: "a-z, 0-9 and '-', e.g. merci-inscription for content/pages/merci-inscription.md")
            }
        }
        return members
    }

    /// `https://host[:port]` of an absolute URL.
    static func origin(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        return String(url[..<(rest.firstIndex(of: "/") ?? url.endIndex)])
    }

    /// `https://Example.com/news` -> `https://example.com/news/`; nil when not http(s).
    public static func normalizedBaseURL(_ raw: String) -> String? {
        guard var c = URLComponents(string: raw.trimmingWhitespace), let scheme = c.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty,
              c.query == nil, c.fragment == nil else { return nil }
        c.scheme = scheme
        c.host = host.lowercased()
        if !c.path.hasSuffix("/") { c.path += "/" }
        return c.string
    }
}
