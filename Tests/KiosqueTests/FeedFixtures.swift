import Foundation
@testable import Feeds

/// The fixture feeds under Fixtures/feeds/, found from this file's path (no SwiftPM resources).
enum FeedFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/feeds")

    static func bytes(_ name: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data())
    }

    static func parse(_ name: String, url: String? = nil, charset: String? = nil) throws -> FeedDocument {
        try FeedParser.parse(bytes(name), url: url, httpCharset: charset)
    }
}
