import Foundation
import KiosqueCore

/// A feed's bytes and what the parser needs to know about them.
public struct FeedBody: Sendable {
    public var bytes: [UInt8]
    /// The base of relative links: the URL after redirects, or the file's URL.
    public var url: String
    public var charset: String?
}

/// Why a feed could not be read.
public struct LoadFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// Another `kiosque fetch` holds the site's lock.
    public var lockHeld = false
    public init(_ d: String, lockHeld: Bool = false) {
        description = d
        self.lockHeld = lockHeld
    }
}

/// Reads one feed, from disk or over HTTP (for `kiosque feed inspect`; `kiosque fetch`
/// fetches its feeds together through `HTTPClient.fetchAll`).
public struct FeedLoader: Sendable {
    public var options: FetchOptions

    public init(options: FetchOptions) { self.options = options }

    public func load(_ location: FeedLocation) throws(LoadFailure) -> FeedBody {
        switch location {
        case .file(let path):
            return try FeedLoader.readFile(path, limit: options.maxBodyBytes)
        case .http(let url):
            switch HTTPClient(options: options).fetch(HTTPRequest(url: url)) {
            case .failure(let f): throw LoadFailure(f.description)
            case .success(let r):
                guard (200..<300).contains(r.status) else { throw LoadFailure("HTTP \(r.status)") }
                return FeedBody(bytes: r.body, url: r.url, charset: r.charset)
            }
        }
    }

    /// A feed file, refused past `limit` bytes like an HTTP body.
    static func readFile(_ path: String, limit: Int) throws(LoadFailure) -> FeedBody {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw LoadFailure("cannot read \(path)") }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw LoadFailure("cannot read \(path): \(error.localizedDescription)")
        }
        guard data.count <= limit else { throw LoadFailure("file larger than \(limit >> 20) MiB") }
        return FeedBody(bytes: [UInt8](data), url: URL(fileURLWithPath: path).absoluteString, charset: nil)
    }
}
