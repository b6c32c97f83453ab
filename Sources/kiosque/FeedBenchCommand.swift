import ArgumentParser
import CLibXML2
import Feeds
import Foundation

/// `kiosque feed bench`: parse throughput for bench/feeds.sh, measured in-process so that
/// process start-up and output do not count; `--bare` times libxml2 alone on the same bytes.
struct BenchCommand: KiosqueCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Parse feed files repeatedly and print items per second (for bench/feeds.sh).",
        shouldDisplay: false)

    @Argument(help: "Feed files.")
    var files: [String]

    @Option(name: .customLong("repeat"), help: "Parse each file this many times.")
    var times: Int = 3

    @Flag(help: "Only parse the XML with libxml2 (xmlReadMemory, then free): the floor.")
    var bare = false

    @OptionGroup var verbosity: Verbosity

    func execute() throws {
        let bodies = try files.map { path -> [UInt8] in
            guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return [UInt8](d)
        }
        var items = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<max(1, times) {
            for body in bodies {
                if bare {
                    items += BenchCommand.bareParse(body)
                } else {
                    items += try FeedParser.parse(body).items.count
                }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let bytes = bodies.reduce(0) { $0 + $1.count } * max(1, times)
        Console.output(String(format: "%@ items=%d seconds=%.3f items_per_s=%.0f mb_per_s=%.1f",
                           bare ? "libxml2-bare" : "kiosque", items, seconds, Double(items) / seconds,
                           Double(bytes) / seconds / 1e6) + "\n")
    }

    /// libxml2's parse and free, counting `item`/`entry` elements under the root and its channel.
    static func bareParse(_ body: [UInt8]) -> Int {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let doc = body.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { xmlReadMemory($0, Int32(p.count), nil, nil, options) }
        }
        guard let doc else { return 0 }
        defer { xmlFreeDoc(doc) }
        var count = 0
        func countItems(_ parent: UnsafeMutablePointer<xmlNode>?) {
            var c = parent?.pointee.children
            while let n = c {
                if n.pointee.type == XML_ELEMENT_NODE, let name = n.pointee.name {
                    let s = String(cString: name)
                    if s == "item" || s == "entry" { count += 1 } else if s == "channel" { countItems(n) }
                }
                c = n.pointee.next
            }
        }
        countItems(xmlDocGetRootElement(doc))
        return count
    }
}
