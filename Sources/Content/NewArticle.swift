import Foundation
import KiosqueCore

/// `kiosque new`: a draft for an editor to write, at
/// `content/articles/YYYY/MM/DD/<slug>.md` (the day of its date in the site's time zone),
/// with the front matter the build wants, every string quoted as `kiosque fetch` quotes
/// them. Never written over a file: the slug gets `-2`, `-3`… until a name is free, and the
/// file is whole or absent, whatever instant the process is stopped at.
public struct NewArticle {
    public enum Failure: Error, CustomStringConvertible {
        case emptyTitle
        case unknownSector(String, known: [String])
        /// Every name up to `<slug>-10000.md` is taken.
        case exhausted(String)
        case write(String)

        public var description: String {
            switch self {
            case .emptyTitle: "the title is empty"
            case .unknownSector(let s, let known): "unknown sector '\(s)': use one of \(known.joined(separator: ", "))"
            case .exhausted(let last): "every name up to \(last) is taken: choose another title"
            case .write(let why): why
            }
        }
    }

    /// Names tried per slug, as `kiosque fetch` does.
    static let limit = 10_000

    public let title: String
    public let date: Timestamp
    public let sector: String
    let config: Config

    public init(title: String, sector: String, date: Timestamp, config: Config) throws(Failure) {
        let title = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !title.isEmpty else { throw .emptyTitle }
        guard config.sector(sector) != nil else { throw .unknownSector(sector, known: config.sectors.map(\.slug)) }
        self.title = title
        self.sector = sector
        self.date = date
        self.config = config
    }

    /// The file: `date` in the site's offset, which is the editor's own clock.
    public var text: String {
        """
        ---
        title: \(QuotedString.quoted(title))
        date: \(ISODate.format(config.site.timeZone.civil(date)))
        sector: \(QuotedString.quoted(sector))
        draft: true
        ---


        """
    }

    /// The day folder, relative to the site folder.
    public var folder: String {
        "\(config.paths.content)/\(ContentLayout.articlesFolder)/\(config.site.timeZone.day(of: date).path)"
    }

    /// Writes the file under the first free name; returns its absolute path.
    public func write() throws(Failure) -> String {
        let dir = config.resolve(folder)
        // A killed run's temporary file (its process is gone): only `new` writes these here.
        AtomicFile.removeDebris(in: dir) { $0.hasSuffix(".md") }
        var base = Slug.make(title)
        if base.isEmpty { base = "article" }
        let first = (dir as NSString).appendingPathComponent(base + ".md")
        do {
            let staged = try AtomicFile.stage(Array(text.utf8), for: first)
            defer { staged.discard() }
            for n in 1...Self.limit {
                let path = (dir as NSString).appendingPathComponent((n == 1 ? base : "\(base)-\(n)") + ".md")
                if try staged.commitNew(as: path) { return path }
            }
        } catch {
            throw .write("\(error)")
        }
        throw .exhausted("\(folder)/\(base)-\(Self.limit).md")
    }
}
