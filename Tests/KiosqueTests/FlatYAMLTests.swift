import Foundation
import Testing
import Yams
@testable import Content
@testable import KiosqueCore

/// The fast front-matter reader must read exactly what Yams reads, or step aside.
@Suite("Fast front matter")
struct FlatYAMLTests {
    /// Every demo article gives the same Article through both readers.
    @Test func demoArticlesReadTheSameBothWays() throws {
        let root = packageRoot
        let config = try Config.load(siteDirectory: root)
        let dir = root + "/content/articles"
        let files = try #require(FileManager.default.subpaths(atPath: dir)).filter { $0.hasSuffix(".md") }
        #expect(files.count >= 40)
        var fastPathUsed = 0
        for rel in files {
            let text = try String(contentsOfFile: dir + "/" + rel, encoding: .utf8)
            let fast = FrontMatter.parse(text, file: rel, relative: rel, config: config, fastYAML: true)
            let slow = FrontMatter.parse(text, file: rel, relative: rel, config: config, fastYAML: false)
            #expect(String(describing: fast.article) == String(describing: slow.article), "\(rel)")
            if let yaml = FrontMatter.split(Substring(text))?.yaml, FlatYAML.parse(String(yaml)) != nil { fastPathUsed += 1 }
        }
        #expect(fastPathUsed == files.count)
    }

    @Test(arguments: [
        #"title: "Un \"titre\" : avec \\ et \/""#,
        "title: 'L''Union'",
        #"tags: [brvm, "franc CFA", taux-directeur]"#,
        "tags: []",
        "draft: true\nfeatured: no",
        "summary:",
        "date: 2026-02-06T09:30:00+01:00",
    ])
    func readsLikeYams(_ yaml: String) throws {
        let fast = try #require(FlatYAML.parse(yaml))
        let slow = try #require(try Yams.compose(yaml: yaml, .basic))
        #expect(describe(fast) == describe(slow))
    }

    @Test(arguments: [
        "site:\n  title: x",          // nesting
        "tags:\n  - a\n  - b",        // block list
        "title: a # comment",
        "title: a: b",
        "title: &x a",
        "title: |\n  long",
        #"title: "open"#,
        "title: \"tab \\x09\"",
        "title: a\ntitle: b",         // duplicate key: Yams reports it
        "- a",
    ])
    func stepsAsideForAnythingElse(_ yaml: String) {
        #expect(FlatYAML.parse(yaml) == nil)
    }

    /// Keys and scalar values (with their quoting style), in order.
    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "\(s.style == .plain ? "plain" : "quoted"):\(s.string)"
        case .sequence(let q): return "[" + q.map(describe).joined(separator: ",") + "]"
        case .mapping(let m): return "{" + m.map { "\(describe($0.key))=\(describe($0.value))" }.joined(separator: ";") + "}"
        case .alias: return "alias"
        }
    }
}
