import KiosqueCore
import Site

/// The small pages `members serve` answers with (`members-page.mustache`), in French, each
/// with its HTTP status: what a reader sees after the form, a confirmation link or an
/// unsubscribe link. An `Error` too: a request refused is answered with its page.
public struct MemberPage: Sendable, Equatable, Error {
    public var status: Int
    public var title: String
    public var message: String
    /// Set on the page of a one-click link opened in a browser: its button posts there.
    public var unsubscribeAction: String?

    public init(status: Int, title: String, message: String, unsubscribeAction: String? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.unsubscribeAction = unsubscribeAction
    }

    public static let alreadyConfirmed = MemberPage(status: 410, title: "Inscription déjà confirmée",
        message: "Ce lien a déjà servi : votre inscription est confirmée, il n’y a rien d’autre à faire.")
    public static let expired = MemberPage(status: 410, title: "Lien expiré",
        message: "Ce lien de confirmation a plus de 7 jours et ne vaut plus : inscrivez-vous à nouveau avec le formulaire du site, un nouveau lien vous sera envoyé.")
    public static let unknownLink = MemberPage(status: 404, title: "Lien inconnu",
        message: "Ce lien n’est pas (ou plus) valable : rien n’a été modifié. Pour vous inscrire, utilisez le formulaire du site.")
    public static let brokenLink = MemberPage(status: 400, title: "Lien incomplet ou altéré",
        message: "Ce lien a été coupé ou modifié : rien n’a été modifié. Copiez-le en entier depuis l’e-mail reçu, ou ouvrez-le d’un clic dans l’e-mail.")
    public static let forgedLink = MemberPage(status: 403, title: "Lien non valable",
        message: "Ce lien ne vient pas de nous (sa signature ne correspond pas) : rien n’a été modifié. Ouvrez le lien d’un clic depuis l’e-mail reçu.")
    public static func unsubscribeQuestion(action: String) -> MemberPage {
        MemberPage(status: 200, title: "Se désabonner de la lettre ?",
                   message: "Confirmez d’un clic et vous ne recevrez plus la lettre quotidienne.", unsubscribeAction: action)
    }
    public static let unsubscribed = MemberPage(status: 200, title: "Vous êtes désabonné(e)",
        message: "Vous ne recevrez plus la lettre quotidienne. Vous pouvez vous réinscrire à tout moment avec le formulaire du site.")
    public static let unsubscribeInfo = MemberPage(status: 200, title: "Se désabonner",
        message: "Chaque lettre porte, tout en bas, votre lien personnel de désabonnement : ouvrez-le depuis la dernière lettre reçue.")
    public static func badRequest(_ why: String) -> MemberPage {
        MemberPage(status: 400, title: "Demande invalide", message: why + " Rien n’a été enregistré.")
    }
    public static func tooMany(minutes: Int) -> MemberPage {
        MemberPage(status: 429, title: "Trop de demandes",
                   message: "Trop de demandes d’inscription en peu de temps : réessayez dans \(minutes) minute\(minutes > 1 ? "s" : "").")
    }
    public static let tooLarge = MemberPage(status: 413, title: "Demande trop longue",
        message: "Le formulaire envoyé dépasse 16 Ko : rien n’a été enregistré.")
    public static let headTooLarge = MemberPage(status: 431, title: "Demande trop longue",
        message: "Les en-têtes de la demande dépassent 16 Ko : rien n’a été enregistré.")
    public static let unsupportedCoding = MemberPage(status: 501, title: "Demande illisible",
        message: "Le corps de la demande est envoyé dans un codage que ce service ne lit pas (seul « chunked » l’est) : rien n’a été enregistré.")
    public static let notFound = MemberPage(status: 404, title: "Page introuvable", message: "Cette adresse ne correspond à aucune page.")
    public static let methodNotAllowed = MemberPage(status: 405, title: "Méthode non permise",
        message: "Cette adresse ne s’utilise pas ainsi : passez par le formulaire ou le lien reçu par e-mail.")
    public static let unavailable = MemberPage(status: 503, title: "Service momentanément indisponible",
        message: "Votre demande n’a pas pu être enregistrée : réessayez dans un instant.")

    /// The page's HTML.
    public func html(_ templates: TemplateSet, site: Config.Site) -> String {
        let urls = SiteURLs(base: site.baseURL)
        var page: [String: Any] = ["title": title, "message": message]
        if let unsubscribeAction { page["unsubscribe_action"] = unsubscribeAction }
        let siteValues: [String: Any] = ["title": site.title, "url": urls.absolute(SiteURLs.home), "language": site.language,
                                         "stylesheet_url": urls.absolute("style.css"), "favicon_url": urls.absolute("favicon.svg")]
        return templates.render(["site": siteValues, "page": page], "members-page")
    }
}
