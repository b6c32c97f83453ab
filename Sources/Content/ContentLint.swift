import KiosqueCore

/// What the build accepts but an editor would want to know about: one story filed twice
/// (the same guid or source URL on two articles, the same title on one day). Warnings, at
/// the later file, naming the earlier one.
public enum ContentLint {
    public static func duplicates(_ articles: [Article], zone: SiteTimeZone,
                                  line: (Article, String) -> Int? = { _, _ in nil }) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ what: String, key: String, value: (Article) -> String?, hint: String) {
            var first: [String: Article] = [:]
            for a in articles.sorted(by: { $0.file < $1.file }) {
                guard let v = value(a), !v.isEmpty else { continue }
                guard let earlier = first[v] else {
                    first[v] = a
                    continue
                }
                out.append(Diagnostic(.warning, file: a.file, line: line(a, key), "\(what) as \(earlier.file)", hint: hint))
            }
        }
        check("same guid", key: "guid", value: { $0.guid?.trimmingWhitespace },
              hint: "the same story twice? delete one, or give each its own guid")
        check("same source_url", key: "source_url", value: { $0.sourceURL },
              hint: "the same story twice? delete one, or link each to its own source")
        check("same title on the same day", key: "title", value: { a in
            let title = a.title.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return "\(zone.day(of: a.date)) \(title)"
        }, hint: "the same story twice? delete one, or give each its own title")
        return out
    }
}
