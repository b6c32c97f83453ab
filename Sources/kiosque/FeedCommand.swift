import HTML
import ArgumentParser
import Feeds
import Fetch
import Foundation
import KiosqueCore

struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Look at a feed the way kiosque fetch reads it.",
        subcommands: [InspectCommand.self, BenchCommand.self])
}

struct InspectCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Parse a feed (a file, a file:// URL or an http(s) URL) and print what Kiosque reads in it.",
        discussion: Console.exitStatus([
            (0, "read (what was repaired to read it is listed on standard error)"),
            (Console.feedsFailed, "the feed could not be fetched, read or parsed"),
        ]))

    @Argument(help: "A path, a file:// URL or an http(s) URL.")
    var source: String?

    @Flag(help: "Print the parsed feed as JSON (the shape documented in README.md).")
    var json = false

    /// For bench/conformance.py, which reads thousands of files: one process for all of them.
    @Flag(help: .hidden)
    var batch = false

    @OptionGroup var verbosity: Verbosity

    func validate() throws {
        if batch == (source != nil) { throw ValidationError(batch ? "--batch reads its sources from standard input" : "give a feed to inspect") }
    }

    func execute() throws {
        guard let source else { return inspectEachLine() }
        let doc: FeedDocument
        do {
            doc = try Self.read(source)
        } catch {
            Console.error("\(source): error: \(error)")
            throw ExitCode(Console.feedsFailed)
        }
        for note in doc.repairs {
            Console.warning("\(source): warning: recovered: \(note)")
        }
        if json {
            Console.output(doc.inspectJSON())
        } else {
            Console.output(listing(doc) + "\n")
        }
    }

    /// A feed exactly as `kiosque fetch` reads it.
    private static func read(_ source: String) throws -> FeedDocument {
        let location = FeedLocation(source, relativeTo: FileManager.default.currentDirectoryPath)
        let body = try FeedLoader(options: .init()).load(location)
        return try FeedParser.parse(body.bytes, url: body.url, httpCharset: body.charset)
    }

    /// `--batch`: a source a line on standard input, one JSON record each on standard output,
    /// written as soon as it is read: `{"source", "status" (0 or 2), "error", "repairs",
    /// "seconds" (to load, parse and write the JSON), "feed" (the `--json` object, or null)}`.
    private func inspectEachLine() {
        while let line = readLine(strippingNewline: true) {
            guard !line.isEmpty else { continue }
            let start = DispatchTime.now().uptimeNanoseconds
            var record = "{\"source\": \(QuotedString.quoted(line)), "
            do {
                let doc = try Self.read(line)
                let feed = doc.inspectJSON()
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                record += "\"status\": 0, \"error\": null, \"repairs\": [\(doc.repairs.map(QuotedString.quoted).joined(separator: ", "))], "
                record += "\"seconds\": \(seconds), \"feed\": \(feed)"
            } catch {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                record += "\"status\": \(Console.feedsFailed), \"error\": \(QuotedString.quoted("\(error)")), \"repairs\": [], "
                record += "\"seconds\": \(seconds), \"feed\": null"
            }
            Console.output(record + "}\n")
        }
    }

    private func listing(_ doc: FeedDocument) -> String {
        var lines = ["\(doc.title ?? "(sans titre)")  [\(doc.format.rawValue)\(doc.recovered ? ", recovered" : "")]"]
        if let link = doc.link { lines.append(link) }
        let meta = [doc.language.map { "language \($0)" }, doc.updated.map { "updated \(ISODate.utc($0))" }].compactMap { $0 }
        if !meta.isEmpty { lines.append(meta.joined(separator: ", ")) }
        lines.append("\(doc.items.count) item(s)")
        for item in doc.items {
            lines.append("")
            lines.append("- \(item.headline)")
            lines.append("  \(item.date.map(ISODate.utc) ?? "no date")\(item.author.map { " · \($0)" } ?? "")")
            lines.append("  \(item.link ?? item.id)")
            if !item.categories.isEmpty { lines.append("  categories: \(item.categories.joined(separator: ", "))") }
            let text = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
            if !text.isEmpty { lines.append("  " + (text.count > 160 ? String(text.prefix(160)) + "…" : text)) }
        }
        return lines.joined(separator: "\n")
    }
}
