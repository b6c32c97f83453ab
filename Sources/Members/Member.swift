import Foundation
import KiosqueCore
import MIME

/// Someone on the newsletter's list, as `members.sqlite` keeps them.
public struct Member: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        /// Subscribed through the form, not confirmed yet (double opt-in).
        case pending
        /// Gets the newsletter.
        case active
        /// Left (one-click, `members remove`): kept as proof, and so that no import brings them back.
        case unsubscribed
        /// The mail server said the address does not exist.
        case bounced
    }

    /// What the reader agreed to, when, and where: the proof the RGPD asks for.
    public struct Consent: Sendable, Equatable {
        /// ISO 8601, UTC.
        public var at: String
        /// The form (`formulaire pied-de-page`), or the editor's command (`kiosque members add`).
        public var source: String
        public var text: String

        public init(at: String, source: String, text: String) {
            self.at = at
            self.source = source
            self.text = text
        }
    }

    public var id: Int64
    /// Normalised: see `Member.normalized`.
    public var email: String
    public var name: String
    public var status: Status
    public var consent: Consent?
    public var confirmedAt: String?
    public var createdAt: String
    public var updatedAt: String
    /// When they unsubscribed or bounced.
    public var leftAt: String?

    /// The address as the list keys it (one member per mailbox): trimmed and lower-cased, valid
    /// the way `kiosque send` validates addresses; nil when it is not one.
    public static func normalized(_ text: String) -> String? {
        let t = text.trimmingWhitespace.lowercased()
        return MailAddress.isValid(t) ? t : nil
    }

    /// A person's name as the form takes it: letters of any script, spaces, apostrophes,
    /// hyphens and dots, at most `maxName` characters (no controls, so no header injection;
    /// no `<`, `;` or `"`).
    public static func isValidName(_ name: String) -> Bool {
        name.count <= maxName && name.unicodeScalars.allSatisfy { c in
            c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark
                || c == " " || c == "'" || c == "’" || c == "-" || c == "."
        }
    }

    public static let maxName = 100
}

/// The wall clock, in one place so that expiry is computed the same way everywhere.
enum Clock {
    static func now() -> Timestamp { Timestamp(time(nil)) }
}
