import Foundation
import KiosqueCore

/// Reads every article under `content/articles/`, in parallel, and reports every bad file.
public enum ContentLoader {
    public struct Result: Sendable {
        /// Sorted by file path, so that everything downstream is deterministic.
        public var articles: [Article]
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public static func load(config: Config) -> Result {
        let contentDir = config.resolve(config.paths.content)
        let articlesDir = (contentDir as NSString).appendingPathComponent(ContentLayout.articlesFolder)
        let shownPrefix = relativeToSite(articlesDir, root: config.root)
        let files = markdownFiles(under: articlesDir)

        let slots = UnsafeMutableBufferPointer<(Article?, [Diagnostic])>.allocate(capacity: files.count)
        slots.initialize(repeating: (nil, []))
        defer { slots.deallocate() }
        let unsafeSlots = UncheckedSendable(slots)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let rel = files[i]
            let shown = "\(shownPrefix)/\(rel)"
            let full = (articlesDir as NSString).appendingPathComponent(rel)
            guard let data = FileManager.default.contents(atPath: full) else {
                unsafeSlots.value[i] = (nil, [Diagnostic(file: shown, "cannot read the file", hint: "check its permissions")])
                return
            }
            guard let text = String(validatingUTF8Data: data) else {
                unsafeSlots.value[i] = (nil, [Diagnostic(file: shown, "the file is not valid UTF-8", hint: "save it as UTF-8")])
                return
            }
            unsafeSlots.value[i] = FrontMatter.parse(text, file: shown, relative: rel, config: config)
        }
        var articles: [Article] = []
        var diagnostics: [Diagnostic] = []
        articles.reserveCapacity(files.count)
        for (a, d) in slots {
            if let a { articles.append(a) }
            diagnostics += d
        }
        return Result(articles: articles, diagnostics: diagnostics)
    }

    /// `.md` files below `dir`, relative to it, sorted; names starting with `.` or `_` are skipped.
    static func markdownFiles(under dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") || name.hasPrefix("_") {
                if (e.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { e.skipDescendants() }
                continue
            }
            if name.hasSuffix(".md") { out.append(rel) }
        }
        return out.sorted()
    }

    static func relativeToSite(_ path: String, root: String) -> String {
        let r = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(r) ? String(path.dropFirst(r.count)) : path
    }
}

/// Wraps a value that is only ever touched at disjoint indices from concurrent iterations.
struct UncheckedSendable<T>: @unchecked Sendable {
    var value: T
    init(_ v: T) { value = v }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let s = String(bytes: data, encoding: .utf8) else { return nil }
        self = s
    }
}
