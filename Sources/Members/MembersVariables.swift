import Foundation
import KiosqueCore
import Site

/// What `confirm.mustache`, `confirm.txt.mustache` and `members-page.mustache` see: the one
/// declaration of the names `ConfirmationMail` and `MemberPage` provide (see
/// `TemplateVariables`, the site's). Checked when `members serve` loads the templates.
public enum MembersVariables {
    static let site = TemplateVariable.object("site", "the site", TemplateScope([
        .text("title", "from `kiosque.yaml`"),
        .text("url", "the home page's absolute URL"),
        .text("language", "from `kiosque.yaml`"),
    ]))

    public static let confirm = TemplateScope([
        site,
        .object("member", "who subscribed", TemplateScope([
            .text("email", "their address"),
            .text("name", "their name, when they gave one", optional: true),
        ])),
        .text("confirm_url", "the link that confirms the subscription"),
        .text("expires_text", "the last day the link works, `mardi 8 décembre 2026`"),
        .text("consent_text", "what the form said they agree to (`members.consent_text`)"),
    ])

    public static let page = TemplateScope([
        .object("site", "the site", TemplateScope([
            .text("title", "from `kiosque.yaml`"),
            .text("url", "the home page's absolute URL"),
            .text("language", "from `kiosque.yaml`"),
            .text("stylesheet_url", "`style.css`"),
            .text("favicon_url", "`favicon.svg`"),
        ])),
        .object("page", "what the page says", TemplateScope([
            .text("title", "its heading, `Inscription confirmée`"),
            .text("message", "a sentence or two"),
            .text("unsubscribe_action", "on the page of an unsubscribe link: where its button posts `List-Unsubscribe=One-Click`", optional: true),
        ])),
    ])

    /// The templates `members serve` renders.
    public static let roots = ["confirm": confirm, "confirm.txt": confirm, "members-page": page]

    /// The site's templates (its own over the built-in ones), checked against these
    /// declarations as well as the site's.
    public static func templates(_ config: Config) throws(DiagnosticsError) -> TemplateSet {
        let dir = config.resolve(config.paths.templates)
        return try TemplateSet.load(overrides: FileManager.default.fileExists(atPath: dir) ? dir : nil, shownAs: config.paths.templates,
                                    roots: TemplateVariables.roots.merging(roots) { a, _ in a })
    }
}
