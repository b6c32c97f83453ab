import Foundation

/// Where a configured feed lives: an http(s) URL, or a file (a `file://` URL or a path
/// relative to the folder of `kiosque.yaml`).
public enum FeedLocation: Sendable, Hashable, CustomStringConvertible {
    case http(String)
    case file(String)

    public init(_ raw: String, relativeTo root: String) {
        let s = raw.trimmingWhitespace
        let lower = s.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            self = .http(s)
        } else if lower.hasPrefix("file://"), let url = URL(string: s), url.isFileURL {
            self = .file(url.path)
        } else {
            self = .file(s.hasPrefix("/") ? s : URL(fileURLWithPath: root).appendingPathComponent(s).standardizedFileURL.path)
        }
    }

    public var description: String {
        switch self {
        case .http(let u): return u
        case .file(let p): return p
        }
    }
}
