import KiosqueCore

/// One image of `content/media/` as the site publishes it: the original, copied, and its
/// resized copies (`name.480.webp`, `name.480.jpg`), narrowest first.
public struct MediaImage: Sendable, Equatable {
    public struct Variant: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// Relative to the output folder (and the site's base URL).
        public var webp: String
        public var jpeg: String
    }

    /// `media/2026/11/26/seance.jpg`, relative to the output folder.
    public let path: String
    /// Of the source's bytes: what the pages that show it are signed with.
    public let hash: UInt64
    public let variants: [Variant]

    public var largest: Variant { variants.last! }

    /// The widest copy at most `width` pixels wide (the narrowest if none is).
    public func fitting(_ width: Int) -> Variant { variants.last { $0.width <= width } ?? variants[0] }

    /// `srcset` of one format: `…/seance.240.webp 240w, …/seance.480.webp 480w`.
    func srcset(_ urls: SiteURLs, webp: Bool) -> String {
        variants.map { urls.absolute(webp ? $0.webp : $0.jpeg) + " \($0.width)w" }.joined(separator: ", ")
    }
}

/// Every image of `content/media/` the build publishes, by the site-root path articles
/// write (`/media/2026/11/26/seance.jpg`), and the files that go into the output for them.
public struct MediaCatalog: Sendable {
    public var images: [String: MediaImage] = [:]
    /// Output files: the originals and their copies, with where their bytes are.
    public var files: [OutputWriter.FileAsset] = []
    /// Files not published (broken, not an image), named.
    public var warnings: [Diagnostic] = []

    public init() {}

    /// The image a URL of an article points at: a site-root `/media/…` path (or the same
    /// under the site's base URL); nil for a remote image or a file the catalog lacks.
    public func image(_ url: String, base: String) -> MediaImage? {
        guard !images.isEmpty else { return nil }
        if url.hasPrefix("/") { return images[url] }
        guard url.hasPrefix(base) else { return nil }
        return images["/" + url.dropFirst(base.count)]
    }
}
