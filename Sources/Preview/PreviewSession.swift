import FlyingFox
import FlyingSocks
import Foundation
import KiosqueCore
import Site

/// `kiosque serve`: builds the site into `.kiosque/preview/` (drafts and scheduled articles
/// included, each with its banner), serves it, and rebuilds it, incrementally, each time a
/// source changes; open pages reload by themselves. A broken save shows the build's own
/// messages in the browser until it is fixed; the last good preview stays on disk.
public final class PreviewSession: @unchecked Sendable {  // mutated on the watcher thread only
    public struct Options: Sendable {
        public var siteDirectory: String
        public var host: String
        public var port: UInt16
        /// Show drafts and scheduled articles (the default).
        public var drafts: Bool
        public init(siteDirectory: String, host: String = "127.0.0.1", port: UInt16 = 8080, drafts: Bool = true) {
            self.siteDirectory = siteDirectory
            self.host = host
            self.port = port
            self.drafts = drafts
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    let options: Options
    let root: String
    private let server: PreviewServer
    /// What the session says: the serving line (which a supervisor waits for), one line per
    /// rebuild, build problems.
    private let listening: @Sendable (String) -> Void
    private let say: @Sendable (String) -> Void
    private let complain: @Sendable ([Diagnostic]) -> Void
    /// The warnings last printed: a rebuild repeats them only when they change.
    private var warned: [Diagnostic] = []

    public init(_ options: Options, listening: @escaping @Sendable (String) -> Void, say: @escaping @Sendable (String) -> Void,
                complain: @escaping @Sendable ([Diagnostic]) -> Void) throws {
        self.options = options
        self.listening = listening
        self.say = say
        self.complain = complain
        root = URL(fileURLWithPath: options.siteDirectory).standardizedFileURL.path
        let folder = (root as NSString).appendingPathComponent(SiteBuilder.previewFolder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        server = PreviewServer(folder: folder, address: try Self.address(options.host, options.port))
    }

    static func address(_ host: String, _ port: UInt16) throws -> any SocketAddress {
        let h = host == "localhost" ? "127.0.0.1" : host
        if let a = try? sockaddr_in.inet(ip4: h, port: port) { return a }
        if let a = try? sockaddr_in6.inet6(ip6: h, port: port) { return a }
        throw Failure(description: "--host must be an IP address such as 127.0.0.1 or 0.0.0.0, not '\(host)'")
    }

    /// Serves until the process is stopped. Returns only when the server cannot run (the
    /// port is taken, the site cannot be watched).
    public func run() async throws {
        let serving = Task { try await server.run() }
        let port: UInt16
        do {
            port = try await server.port()
        } catch {
            throw Failure(description: "cannot listen on \(options.host):\(options.port): \(error)")
        }
        let base = "http://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\(port)/"
        let watcher = try ChangeWatcher(root: root, trees: watchedTrees())
        let started = Date()
        let first = build(base: base)
        if first != nil { say("built the preview in \(Self.ms(since: started)) ms") }
        listening("serving \(base) (\(options.drafts ? "drafts shown" : "drafts hidden"); Ctrl-C to stop)")
        let thread = Thread { [self] in
            while true {
                let sources = watcher.next()
                let t = Date()
                if let changed = build(base: base) {
                    say("rebuilt \(changed) files in \(Self.ms(since: t)) ms: \(sources.joined(separator: ", "))")
                }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        try await serving.value
    }

    /// The folders a change in which rebuilds the preview, relative to the site folder.
    private func watchedTrees() -> [String] {
        let config = try? Config.load(siteDirectory: root)
        let paths = config.map { [$0.paths.content, $0.paths.templates, $0.paths.digests] } ?? ["content", "templates", "digests"]
        return paths.map { (config?.resolve($0) ?? (root as NSString).appendingPathComponent($0)) }
            .map { $0.hasPrefix(root + "/") ? String($0.dropFirst(root.count + 1)) : $0 }
    }

    /// One build: the number of output files it changed, or nil when it failed (the error
    /// page is up and the problems are printed).
    @discardableResult
    private func build(base: String) -> Int? {
        do {
            var config = try Config.load(siteDirectory: root)
            config.site.baseURL = base
            let rules = PublishingRules(now: Timestamp(Date().timeIntervalSince1970), drafts: options.drafts,
                                        future: options.drafts, banners: true)
            var buildOptions = SiteBuilder.Options(rules: rules)
            buildOptions.preview = true
            let report = try SiteBuilder(config: config, options: buildOptions).build()
            let warnings = (config.warnings + report.warnings).sorted()
            if warnings != warned { complain(warnings) }
            warned = warnings
            server.built(problems: nil, changed: report.changed.map(Self.sitePath))
            return report.changed.count
        } catch {
            let problems = (error as? DiagnosticsError)?.diagnostics
                ?? [Diagnostic(file: SiteBuilder.previewFolder, "cannot build the preview: \(error)")]
            complain(problems)
            warned = []
            say("build failed: \(Set(problems.filter { $0.severity == .error }.map { $0.file }).count) file(s) with errors; the browser shows them")
            server.built(problems: problems, changed: [])
            return nil
        }
    }

    /// `articles/x/index.html` -> `/articles/x/`, as a browser's `location.pathname` says it.
    static func sitePath(_ file: String) -> String {
        file.hasSuffix("index.html") ? "/" + file.dropLast("index.html".count) : "/" + file
    }

    static func ms(since t: Date) -> Int { Int(Date().timeIntervalSince(t) * 1000) }
}
