import Foundation
import KiosqueCore

/// An article's file as the editor wrote it, read again for messages that point into it
/// (`kiosque check`): the line of each top-level front-matter key, and the line the body
/// starts on, so that a line of the body is a line of the file.
public struct ArticleSource: Sendable {
    public let body: String
    /// The file's line holding the body's first line.
    public let bodyLine: Int
    private let keyLines: [String: Int]

    public init?(file path: String) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(validatingUTF8Data: data) else { return nil }
        let unix = Substring(FrontMatter.unixLineEndings(text))
        guard let (yaml, body) = FrontMatter.split(unix) else { return nil }
        self.body = String(body)
        bodyLine = unix.utf8[..<body.startIndex].count { $0 == 10 } + 1
        var lines: [String: Int] = [:]
        for (i, line) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let colon = line.firstIndex(of: ":"), let first = line.first, first.isLetter else { continue }
            let key = String(line[..<colon])
            if lines[key] == nil { lines[key] = i + 2 }  // after the opening '---'
        }
        keyLines = lines
    }

    public init?(_ article: Article, root: String) {
        self.init(file: (root as NSString).appendingPathComponent(article.file))
    }

    /// The line of a top-level front-matter key (`title`, `guid`…).
    public func line(ofKey key: String) -> Int? { keyLines[key] }
}
