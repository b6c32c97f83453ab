import KiosqueCore

/// A page outside the news flow (À propos, Mentions légales): `content/pages/<slug>.md`,
/// published at `/<slug>/`, listed in the header or footer menu when it asks to be, as
/// Hugo's `menu` and `weight` do.
public struct StandalonePage: Sendable {
    public enum Menu: String, Sendable, CaseIterable {
        case header, footer
    }

    /// Path relative to the site folder, as in messages.
    public let file: String
    public let slug: String
    public let title: String
    /// For the meta description; the body's first paragraph when the editor wrote none.
    public let description: String
    public let menu: Menu?
    /// Lighter first in its menu, then by title.
    public let weight: Int
    public let draft: Bool
    public let body: String
    /// The site-root `/media/…` paths its body writes (its page depends on their images).
    public let media: [String]
    /// Of the file's bytes and its path, for page signatures.
    public let hash: UInt64
    /// The file's modification time: the sitemap's `lastmod` (a page has no date of its own).
    public let modified: Timestamp

    public var path: String { slug + "/" }

    public static let knownKeys: Set<String> = ["title", "description", "menu", "weight", "draft"]

    /// Parses `content/pages/<slug>.md`; `file` is the path shown in messages.
    public static func parse(_ text: String, file: String, slug: String, hash: UInt64, modified: Timestamp)
        -> (page: StandalonePage?, diagnostics: [Diagnostic])
    {
        var y = YAMLFields(file: file, lineOffset: 1)
        if !Slug.isValid(slug) {
            y.error(at: nil, "a page's file name is its URL: use a-z, 0-9 and '-' (content/pages/<slug>.md)",
                    hint: "rename the file, e.g. mentions-legales.md")
        }
        guard let (m, body) = FrontMatter.read(FrontMatter.unixLineEndings(text), &y, fast: false, known: knownKeys, needs: "'title'") else {
            return (nil, y.diagnostics)
        }
        let title = y.string(m, "title", path: "title", required: true)?.trimmingWhitespace
        let description = y.string(m, "description", path: "description")?.trimmingWhitespace
        var menu: Menu?
        if let s = y.string(m, "menu", path: "menu")?.trimmingWhitespace, !s.isEmpty {
            menu = Menu(rawValue: s)
            if menu == nil {
                y.error(at: y.line(of: YAMLFields.node(m, "menu")), "'menu' must be header or footer, not '\(s)'",
                        hint: "write menu: header, menu: footer, or leave it out to keep the page out of the menus")
            }
        }
        var weight = 0
        if let s = y.string(m, "weight", path: "weight")?.trimmingWhitespace {
            if let n = Int(s) { weight = n } else {
                y.error(at: y.line(of: YAMLFields.node(m, "weight")), "'weight' must be a whole number, not '\(s)'",
                        hint: "lighter pages come first in their menu: weight: 10")
            }
        }
        let draft = y.bool(m, "draft", path: "draft") ?? false
        guard !y.hasErrors, let title, !title.isEmpty else {
            if !y.hasErrors { y.error(at: y.line(of: YAMLFields.node(m, "title")), "'title' is empty", hint: "give the page a title") }
            return (nil, y.diagnostics)
        }
        let bodyText = String(body)
        let page = StandalonePage(file: file, slug: slug, title: title,
                                  description: description?.isEmpty == false ? description! : Excerpt.fromMarkdown(bodyText),
                                  menu: menu, weight: weight, draft: draft, body: bodyText,
                                  media: MediaReferences.inBody(bodyText), hash: hash, modified: modified)
        return (page, y.diagnostics)
    }

    /// Menu order: weight, then title, then slug (so that equal weights stay stable).
    public static func menuOrder(_ a: StandalonePage, _ b: StandalonePage) -> Bool {
        (a.weight, a.title, a.slug) < (b.weight, b.title, b.slug)
    }
}
