@testable import Digest
import DefaultTemplates
import Foundation
import KiosqueCore
import Mustache
@testable import Site
import Testing

/// `TemplateProgram` renders what swift-mustache would, byte for byte: every page of a site
/// that has every optional value, the newsletter, and a table of Mustache's corners, each
/// rendered through both and compared; and what it does not do, it leaves to the library.
@Suite("Template program")
struct TemplateProgramTests {
    @Test func everyBuiltInTemplateRendersWithoutTheLibrary() throws {
        let templates = try TemplateSet.load(overrides: nil)
        let names = DefaultTemplates.files.map(\.path).filter { $0.hasSuffix(".mustache") }.map { String($0.dropLast(".mustache".count)) }
        #expect(names.count >= 20)
        for name in names {
            #expect(templates.program.covers(name), "\(name).mustache falls back to swift-mustache")
        }
    }

    @Test func everyPageAndTheNewsletterAreTheLibrarysBytes() throws {
        let site = try TemplateVariablesTests.site()
        defer { site.remove() }
        let (model, templates) = try TemplateVariablesTests.model(site)
        var contexts = TemplateVariablesTests.pageContexts(model, templates)
        let digest = DigestView(views: ViewModels(model: model, templates: templates, hasDigests: true), selection: DigestSelection(model: model, day: Day(year: 2026, month: 2, day: 21)),
                                subject: "L’essentiel du samedi 21 février 2026", unsubscribeURL: "https://lists.example.com/unsubscribe")
        for template in ["digest", "digest-web", "digest.txt"] {
            contexts += [nil, 1].map { (template, digest.context(cap: $0)) }
        }
        #expect(Set(contexts.map(\.0)).isSuperset(of: TemplateSet.pageTemplates))
        var compared = 0
        for (template, context) in contexts {
            let fast = try #require(templates.program.render(context, template), "\(template) fell back")
            let library = try #require(templates.library.render(context, withTemplate: template))
            #expect(fast == library, "\(template): first difference at byte \(Self.firstDifference(fast, library))")
            compared += fast.utf8.count
        }
        #expect(compared > 1_000_000)
    }

    /// Mustache's corners, each as swift-mustache renders it.
    @Test func cornersAreTheLibrarys() throws {
        let corners: [(String, [String: Any])] = [
        ("{{a}} {{{a}}} {{&a}}", ["a": "<b> & \"c\" 'd'"]),
        ("{{n}} {{b}} {{f}} {{missing}}|", ["n": 42, "b": true, "f": 2.5]),
        ("{{#list}}[{{x}}{{y}}]{{/list}}{{^list}}none{{/list}}", ["list": [["x": 1], ["x": 2, "y": "z"]], "y": "out"]),
        ("{{#list}}x{{/list}}{{^list}}vide {{.}}{{/list}}", ["list": [[String: Any]]()]),
        ("{{#tags}}<{{.}}>{{/tags}}", ["tags": ["a", "b&c"]]),
        ("{{#t}}yes{{/t}}{{^t}}no{{/t}}/{{#f}}yes{{/f}}{{^f}}no{{/f}}", ["t": true, "f": false]),
        ("{{#s}}«{{.}}» {{x}}{{/s}}{{^s}}-{{/s}}", ["s": "", "x": "dehors"]),
        ("{{#d}}{{k}} {{.k}} {{top}} {{.top}}{{/d}}", ["d": ["k": "v"], "top": "haut"]),
        ("{{a.b.c}} {{a.b}} {{a.x.c}} {{#a}}{{b.c}}{{/a}} {{a.b.c.d}}", ["a": ["b": ["c": "profond"]]]),
        ("{{none}}{{#none}}x{{/none}}{{^none}}absent{{/none}}", ["none": Optional<String>.none as Any]),
        ("{{some}}", ["some": Optional<String>.some("dedans") as Any]),
        ("avant\n  {{#a}}  \n  ligne\n  {{/a}}\n{{! commentaire }}\n  {{^b}}\n  fin\n  {{/b}}\n", ["a": true]),
        ("{{=<% %>=}}<% a %> {{a}}<%={{ }}=%> {{a}}", ["a": "x"]),
        ("{{% CONTENT_TYPE: TEXT}}{{a}} {{> p}}", ["a": "<texte>"]),
        ("{{#list}}{{> p}}{{/list}}", ["list": [["a": "1 < 2"], ["a": "3"]]]),
        ("{{<layout}}{{$titre}}Mon {{a}}{{/titre}}{{/layout}}", ["a": "titre & co"]),
        ("{{<layout}}{{/layout}}", ["a": "défaut"]),
        ("{{<outer}}{{$titre}}dehors{{/titre}}{{/outer}}", ["a": "x"]),
        ]
        for (template, context) in corners {
            let (library, program) = try Self.compile([
                "t": template, "p": "<{{a}}>\n", "layout": "<h1>{{$titre}}{{a}}{{/titre}}</h1>\n<p>{{$corps}}corps{{/corps}}</p>",
                "outer": "{{<layout}}{{$titre}}dedans{{/titre}}{{$corps}}du milieu{{/corps}}{{/layout}}",
            ])
            let expected = try #require(library.render(context, withTemplate: "t"))
            #expect(program.render(context, "t") == expected, "\(template)")
        }
    }

    /// What the program does not do is the library's, with the library's bytes.
    @Test func whatItDoesNotDoIsLeftToTheLibrary() throws {
        let cases: [(String, [String: Any])] = [
        ("{{uppercased(a)}}", ["a": "x"]),
        ("{{#list}}{{#first()}}premier {{/first()}}{{.}}{{/list}}", ["list": ["a", "b"]]),
        ("avant\n  {{> p}}\naprès", ["a": "x"]),
        ("{{>*name}}", ["name": "p", "a": "x"]),
        ]
        for (template, context) in cases {
            let (library, program) = try Self.compile(["t": template, "p": "<{{a}}>\nsuite\n"])
            #expect(!program.covers("t"), "\(template)")
            #expect(program.render(context, "t") == nil, "\(template)")
            let expected = try #require(library.render(context, withTemplate: "t"))
            #expect(!expected.isEmpty)
            let set = TemplateSet(library: library, program: program, assets: [], fingerprint: 0, stylesheet: "style.css")
            #expect(set.render(context, "t") == expected, "\(template)")
        }
    }

    /// A lambda in a context is the library's too, found while rendering.
    @Test func aLambdaValueIsLeftToTheLibrary() throws {
        let (library, program) = try Self.compile(["t": "<{{#l}}mot{{/l}}>"])
        let context: [String: Any] = ["l": MustacheLambda { "[\($0)]" }]
        #expect(program.covers("t"))
        #expect(program.render(context, "t") == nil)
        #expect(library.render(context, withTemplate: "t") == "<[mot]>")
    }

    static func compile(_ texts: [String: String]) throws -> (MustacheLibrary, TemplateProgram) {
        _ = try TemplateSet.load(overrides: nil)  // registers Kiosque's escaping
        var library = MustacheLibrary()
        for (name, text) in texts { library.register(try MustacheTemplate(string: FastHTMLEscaping.pragma + text), named: name) }
        return (library, TemplateProgram(library, names: texts.keys))
    }

    static func firstDifference(_ a: String, _ b: String) -> Int {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        return (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
    }
}
