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
    var source: String

    @Flag(help: "Print the parsed feed as JSON (the shape documented in README.md).")
    var json = false

    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        let location = FeedLocation(source, relativeTo: FileManager.default.currentDirectoryPath)
        let body: FeedBody
        do {
            body = try FeedLoader(options: .init()).load(location)
        } catch {
            Console.error("\(source): error: \(error)")
            throw ExitCode(Console.feedsFailed)
        }
        let doc: FeedDocument
        do {
            doc = try FeedParser.parse(body.bytes, url: body.url, httpCharset: body.charset)
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

    private func listing(_ doc: FeedDocument) -> String {
        var lines = ["\(doc.title.isEmpty ? "(sans titre)" : doc.title)  [\(doc.format.rawValue)\(doc.recovered ? ", recovered" : "")]"]
        if let link = doc.link { lines.append(link) }
        let meta = [doc.language.map { "language \($0)" }, doc.updated.map { "updated \(ISODate.utc($0))" }].compactMap { $0 }
        if !meta.isEmpty { lines.append(meta.joined(separator: ", ")) }
        lines.append("\(doc.items.count) item(s)")
        for item in doc.items {
            lines.append("")
            lines.append("- \(item.title)")
            lines.append("  \(item.date.map(ISODate.utc) ?? "no date")\(item.author.map { " · \($0)" } ?? "")")
            lines.append("  \(item.link ?? item.id)")
            if !item.categories.isEmpty { lines.append("  categories: \(item.categories.joined(separator: ", "))") }
            let text = HTMLSanitizer.plainText(item.summaryHTML ?? item.contentHTML ?? "")
            if !text.isEmpty { lines.append("  " + (text.count > 160 ? String(text.prefix(160)) + "…" : text)) }
        }
        return lines.joined(separator: "\n")
    }
}
