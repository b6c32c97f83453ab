import Foundation
import KiosqueCore

/// Where a link under the site's address leads: a file the site build produces, the
/// unsubscribe endpoint, or a path another program serves on the same domain
/// (`site.served_elsewhere`). The newsletter's checks and `kiosque check` ask it the same way.
public struct SiteLinks: Sendable {
    /// The site's address (`--base-url` included).
    public let base: String
    /// Output files of the site build (relative paths).
    public let pages: Set<String>
    /// `https://host[:port]` of `base`: served-elsewhere paths start from there.
    let origin: String
    /// From the domain root, without a trailing `/`: each covers itself and what is below.
    let elsewhere: [String]
    /// The unsubscribe URL's path when it is on this domain (that URL alone, not below).
    let unsubscribe: String?

    public init(base: String, pages: Set<String>, servedElsewhere: [String], unsubscribeURL: String?) {
        self.base = base
        self.pages = pages
        let host = base.range(of: "://").map { base[$0.upperBound...] } ?? Substring(base)
        let origin = String(base[..<(host.firstIndex(of: "/") ?? base.endIndex)])
        self.origin = origin
        elsewhere = servedElsewhere.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        unsubscribe = unsubscribeURL.flatMap { $0.hasPrefix(origin + "/") ? Self.path($0.dropFirst(origin.count)) : nil }
    }

    public enum Target: Equatable, Sendable {
        /// Not under the base URL.
        case outside
        /// Served by another program (or the unsubscribe endpoint).
        case elsewhere
        /// A produced file (relative path), and the fragment when there is a non-empty one.
        case file(String, fragment: String?)
        /// Under the base URL, but the build produces no such file (the relative path).
        case missing(String)
    }

    /// Where an absolute URL leads.
    public func target(_ url: String) -> Target {
        guard url.hasPrefix(base) else { return .outside }
        let rooted = Self.path(url.dropFirst(origin.count))
        if rooted == unsubscribe || elsewhere.contains(where: { rooted == $0 || rooted.hasPrefix($0 + "/") }) { return .elsewhere }
        let path = Self.decoded(String(rooted.dropFirst(base.count - origin.count)))
        let file = SiteURLs.file(for: path)
        guard pages.contains(file) else { return .missing(path) }
        guard let hash = url.utf8.firstIndex(of: UInt8(ascii: "#")) else { return .file(file, fragment: nil) }
        let fragment = Self.decoded(String(url[url.utf8.index(after: hash)...]))
        return .file(file, fragment: fragment.isEmpty ? nil : fragment)
    }

    /// Without the query and the fragment (on bytes: every page's every link comes here).
    private static func path(_ s: Substring) -> String {
        String(s[..<(s.utf8.firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? s.endIndex)])
    }

    /// `%C3%A9` as `é`: file names are stored decoded.
    private static func decoded(_ s: String) -> String {
        s.containsByte(UInt8(ascii: "%")) ? s.removingPercentEncoding ?? s : s
    }
}
