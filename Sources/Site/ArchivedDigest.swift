import Foundation
import KiosqueCore

/// A newsletter as `kiosque digest` wrote it: `digests/YYYY-MM-DD.html` (the mail) and
/// `YYYY-MM-DD.web.html`, the body of its web version, which the site places in its layout.
/// A newsletter written before there were web bodies is published as the mail, unchanged.
public struct ArchivedDigest: Sendable {
    public var day: Day
    public var html: String
    public var web: String?

    public static let webExtension = "web.html"

    public init(day: Day, html: String, web: String? = nil) {
        self.day = day
        self.html = html
        self.web = web
    }

    /// The `YYYY-MM-DD.html` files of `dir` (none when it does not exist).
    public static func load(from dir: String) throws -> [ArchivedDigest] {
        try days(in: dir).map { day in
            let path = (dir as NSString).appendingPathComponent("\(day).html")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OutputWriter.WriteError(path: path, reason: "cannot read it")
            }
            let web = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent("\(day).\(webExtension)"))
            return ArchivedDigest(day: day, html: String(decoding: data, as: UTF8.self), web: web.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The days that have a `YYYY-MM-DD.html` in `dir`, oldest first.
    public static func days(in dir: String) -> [Day] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { name in name.hasSuffix(".html") ? Day(iso: String(name.dropLast(5))) : nil }.sorted()
    }
}
