import KiosqueCore

/// `kiosque send` to the list: the active members (and the recipients file's addresses while
/// `digest.recipients` is set), and for each copy its own one-click link, filled into the
/// placeholders `kiosque digest` wrote. Each member's status is read again just before their
/// copy goes, so that one who unsubscribes during the run is not mailed after that.
public struct MemberMailing {
    let store: MemberStore
    let secret: MemberSecret
    let links: MemberLinks
    /// The members to mail, by lower-cased address.
    private var ids: [String: Int64] = [:]
    /// Envelope addresses: members first (by id), then the file's that are not members.
    public private(set) var recipients: [String] = []
    /// Addresses of the recipients file that left the list (they unsubscribed or bounced).
    public private(set) var leftFromFile: [String] = []

    public static let placeholders = [MemberLinks.whoToken, MemberLinks.signatureToken]

    /// `file`: the recipients file's addresses, when it is read.
    public init(store: MemberStore, secret: MemberSecret, links: MemberLinks, file: [String]) throws {
        self.store = store
        self.secret = secret
        self.links = links
        for (id, email) in try store.activeRecipients() {
            ids[email] = id
            recipients.append(email)
        }
        for address in file where ids[address.lowercased()] == nil {
            switch try store.status(email: address.lowercased()) {
            case .unsubscribed?, .bounced?: leftFromFile.append(address)
            default: recipients.append(address)
            }
        }
    }

    public var memberCount: Int { ids.count }

    /// The placeholders' values for `address`'s copy, or nil when it left the list since the
    /// run began (or the database cannot say: then nobody who may have left is mailed).
    public func values(for address: String) -> [String: String]? {
        let key = address.lowercased()
        do {
            if let id = ids[key] {
                guard try store.status(id: id) == .active else { return nil }
                return [MemberLinks.whoToken: "m=\(id)", MemberLinks.signatureToken: secret.signature(member: id)]
            }
            // An address of the file (or of --to): it may have used its own link since.
            let status = try store.status(email: key)
            guard status != .unsubscribed && status != .bounced else { return nil }
            return fileValues(key)
        } catch {
            return nil
        }
    }

    private func fileValues(_ key: String) -> [String: String] {
        [MemberLinks.whoToken: "a=" + MemberLinks.queryEncoded(key), MemberLinks.signatureToken: secret.signature(address: key)]
    }
}
