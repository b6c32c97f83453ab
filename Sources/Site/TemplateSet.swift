import DefaultTemplates
import Foundation
import KiosqueCore
import Mustache

/// The site's templates: the defaults built into the binary, overridden file by file by
/// the site's `templates/` folder. Parsed once per build.
public struct TemplateSet: Sendable {
    public let library: MustacheLibrary
    /// The library's templates made ready to render fast (what it cannot do, the library does).
    let program: TemplateProgram
    /// Files under `static/`, copied to the output root: path relative to `static/` -> bytes.
    public let assets: [(path: String, bytes: [UInt8])]
    /// Hash of every template file: a page rendered under other templates is re-rendered.
    public let fingerprint: UInt64
    /// Where `static/style.css` goes: `style.<hash>.css`, named by its bytes so that it can
    /// be cached for a year and a new one is fetched the moment it changes.
    public let stylesheet: String

    public static let stylesheetSource = "style.css"

    public static let staticFolder = "static/"
    public static var pageTemplates: [String] { SiteRenderer.kinds.compactMap { $0.template?.name } }

    /// Loads the defaults, then `dir`'s files over them, and checks every template: its
    /// syntax, its partials, and its names against the contexts of `roots` (template name ->
    /// what it is rendered with), the templates reached from them seen in their contexts.
    /// Every problem of every template is reported at once, with its file and line.
    public static func load(overrides dir: String?, shownAs shown: String = "templates",
                            roots: [String: TemplateScope] = TemplateVariables.roots) throws(DiagnosticsError) -> TemplateSet {
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
        return try make(files, folder: shown, roots: roots)
    }

    static func make(_ files: [String: (bytes: [UInt8], shown: String)], folder: String,
                     roots: [String: TemplateScope]) throws(DiagnosticsError) -> TemplateSet {
        _ = registerEscaping
        var library = MustacheLibrary()
        var assets: [(String, [UInt8])] = []
        var problems: [Diagnostic] = []
        var sources: [String: TemplateCheck.Source] = [:]
        var names: [String] = []
        var hasher = StableHash()
        for path in files.keys.sorted() {
            let (bytes, shown) = files[path]!
            hasher.add(path)
            bytes.withUnsafeBytes { hasher.add($0) }
            if path.hasPrefix(staticFolder) {
                assets.append((String(path.dropFirst(staticFolder.count)), bytes))
                continue
            }
            guard path.hasSuffix(".mustache") else { continue }
            let name = String(path.dropLast(".mustache".count))
            names.append(name)
            let text = String(decoding: bytes, as: UTF8.self)
            let syntax = TemplateSyntax(text)
            sources[name] = .init(shown: shown, syntax: syntax)
            problems += syntax.problems.map { Diagnostic(file: shown, line: $0.line, $0.message, hint: $0.hint) }
            do {
                library.register(try MustacheTemplate(string: FastHTMLEscaping.pragma + text), named: name)
            } catch let e as MustacheTemplate.ParserError where syntax.problems.isEmpty {
                // What the scanner let through: the library's own words, at its line.
                // Line 1 carries the pragma: report columns of the designer's text.
                let shift = e.context.lineNumber == 1 ? FastHTMLEscaping.pragma.count : 0
                let line = e.context.line.dropFirst(shift)
                problems.append(Diagnostic(file: shown, line: e.context.lineNumber,
                                           "template error: \(e.error) at column \(max(1, e.context.columnNumber - shift)) in '\(line)'"))
            } catch where syntax.problems.isEmpty {
                problems.append(Diagnostic(file: shown, "template error: \(error)"))
            } catch {}
        }
        for name in pageTemplates + ["base", "header", "footer"] where library.getTemplate(named: name) == nil && !problems.contains(where: { $0.file.hasSuffix("/\(name).mustache") }) {
            problems.append(Diagnostic(file: "templates/\(name).mustache", "missing template", hint: "restore it from 'kiosque init'"))
        }
        problems += TemplateCheck.problems(sources, folder: folder, roots: roots)
        if !problems.isEmpty { throw DiagnosticsError(problems) }
        var stylesheet = stylesheetSource
        if let i = assets.firstIndex(where: { $0.0 == stylesheetSource }) {
            stylesheet = "style.\(StableHash.hex(assets[i].1).prefix(10)).css"
            assets[i].0 = stylesheet
        }
        return TemplateSet(library: library, program: TemplateProgram(library, names: names), assets: assets,
                           fingerprint: hasher.value, stylesheet: stylesheet)
    }

    private static let registerEscaping: Void = FastHTMLEscaping.register()

    public func render(_ context: [String: Any], _ template: String) -> String {
        program.render(context, template) ?? library.render(context, withTemplate: template) ?? ""
    }
}
