import DefaultTemplates
import Foundation
import KiosqueCore
import Mustache

/// The site's templates: the defaults built into the binary, overridden file by file by
/// the site's `templates/` folder. Parsed once per build.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    /// Files under `static/`, copied to the output root: path relative to `static/` -> bytes.
    public let assets: [(path: String, bytes: [UInt8])]
    /// Hash of every template file: a page rendered under other templates is re-rendered.
    public let fingerprint: UInt64

    public static let staticFolder = "static/"
    public static let pageTemplates = ["home", "article", "sector", "day", "calendar", "not-found", "digest-archive"]

    /// Loads the defaults, then `dir`'s files over them. Every template that fails to parse
    /// is reported with its file and line.
    public static func load(overrides dir: String?, shownAs shown: String = "templates") throws(DiagnosticsError) -> TemplateSet {
        var files: [String: (bytes: [UInt8], shown: String)] = [:]
        for f in DefaultTemplates.files { files[f.path] = (f.bytes, "(built-in) templates/\(f.path)") }
        if let dir, let e = FileManager.default.enumerator(atPath: dir) {
            while let rel = e.nextObject() as? String {
                let full = (dir as NSString).appendingPathComponent(rel)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                      !(rel as NSString).lastPathComponent.hasPrefix("."),
                      let data = FileManager.default.contents(atPath: full) else { continue }
                files[rel] = ([UInt8](data), "\(shown)/\(rel)")
            }
        }
        return try make(files)
    }

    static func make(_ files: [String: (bytes: [UInt8], shown: String)]) throws(DiagnosticsError) -> TemplateSet {
        _ = registerEscaping
        var library = MustacheLibrary()
        var assets: [(String, [UInt8])] = []
        var problems: [Diagnostic] = []
        var hasher = StableHash()
        for path in files.keys.sorted() {
            let (bytes, shown) = files[path]!
            hasher.add(path)
            bytes.withUnsafeBytes { hasher.add($0) }
            if path.hasPrefix(staticFolder) {
                assets.append((String(path.dropFirst(staticFolder.count)), bytes))
            } else if path.hasSuffix(".mustache") {
                do {
                    let text = FastHTMLEscaping.pragma + String(decoding: bytes, as: UTF8.self)
                    library.register(try MustacheTemplate(string: text),
                                     named: String(path.dropLast(".mustache".count)))
                } catch let e as MustacheTemplate.ParserError {
                    // Line 1 carries the pragma: report columns of the designer's text.
                    let shift = e.context.lineNumber == 1 ? FastHTMLEscaping.pragma.count : 0
                    let line = e.context.line.dropFirst(shift)
                    problems.append(Diagnostic(file: shown, line: e.context.lineNumber,
                                               "template error: \(e.error) at column \(max(1, e.context.columnNumber - shift)) in '\(line)'",
                                               hint: "check that every {{#section}} is closed by a matching {{/section}}"))
                } catch {
                    problems.append(Diagnostic(file: shown, "template error: \(error)"))
                }
            }
        }
        for name in pageTemplates + ["base", "header", "footer"] where library.getTemplate(named: name) == nil && !problems.contains(where: { $0.file.hasSuffix("/\(name).mustache") }) {
            problems.append(Diagnostic(file: "templates/\(name).mustache", "missing template", hint: "restore it from 'kiosque init'"))
        }
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        return TemplateSet(library: library, assets: assets, fingerprint: hasher.value)
    }

    private static let registerEscaping: Void = FastHTMLEscaping.register()

    public func render(_ context: [String: Any], _ template: String) -> String {
        library.render(context, withTemplate: template) ?? ""
    }
}
