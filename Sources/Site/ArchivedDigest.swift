import Foundation
import KiosqueCore

/// A newsletter as `kiosque digest` wrote it (`digests/YYYY-MM-DD.html`): the site publishes
/// it unchanged as the mail's "web version".
public struct ArchivedDigest: Sendable {
    public var day: Day
    public var html: String

    public init(day: Day, html: String) {
        self.day = day
        self.html = html
    }

    /// The `YYYY-MM-DD.html` files of `dir` (none when it does not exist).
    public static func load(from dir: String) throws -> [ArchivedDigest] {
        try days(in: dir).map { day in
            let path = (dir as NSString).appendingPathComponent("\(day).html")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OutputWriter.WriteError(path: path, reason: "cannot read it")
            }
            return ArchivedDigest(day: day, html: String(decoding: data, as: UTF8.self))
        }
    }

    /// The days that have a `YYYY-MM-DD.html` in `dir`, oldest first.
    public static func days(in dir: String) -> [Day] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { name in name.hasSuffix(".html") ? Day(iso: String(name.dropLast(5))) : nil }.sorted()
    }
}
