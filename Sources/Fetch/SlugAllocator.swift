import Foundation
import KiosqueCore

/// Names for new articles in a day's folder: `slug.md`, `slug-2.md`, `slug-3.md`… up to
/// `limit`, the first that is neither a story of the state (a file an editor deleted keeps its
/// name) nor a file on disk. Each folder and slug keeps a cursor past the names found taken,
/// so that a thousand items of one title cost one pass over the names, not one each.
struct SlugAllocator {
    static let limit = 10_000

    enum Name: Equatable {
        case free(String)
        /// A file already there with exactly these bytes (written before the state knew of
        /// it): the story's own, adopted rather than written twice.
        case holding(String)
        case exhausted(last: String)
    }

    private var cursor: [String: Int] = [:]

    /// `folder` is relative to the site folder; `isKnown` says whether the state has a story there.
    mutating func name(in folder: String, base: String, bytes: Data, isKnown: (String) -> Bool,
                       absolute: (String) -> String) -> Name {
        let key = folder + "/" + base
        var n = cursor[key] ?? 1
        while n <= Self.limit {
            let file = "\(folder)/\(n == 1 ? base : "\(base)-\(n)").md"
            if !isKnown(file) {
                guard let existing = FileManager.default.contents(atPath: absolute(file)) else {
                    cursor[key] = n
                    return .free(file)
                }
                if existing == bytes {
                    cursor[key] = n
                    return .holding(file)
                }
            }
            n += 1
        }
        cursor[key] = n
        return .exhausted(last: "\(base)-\(Self.limit).md")
    }
}
