import Foundation
import KiosqueCore

/// `kiosque check --external`: every link off the site, asked of its server the way a
/// polite link checker does — HEAD first, GET (headers only) when the server refuses HEAD
/// (405, 403, 501); 8 at a time, 2 per host, 10 s each; a `Retry-After` is honoured by
/// reporting the link unchecked and not asking again before then. Answers are kept 24 hours
/// in `.kiosque/links.json`, so that running the check again asks nobody twice.
public struct ExternalLinks {
    /// Where a link is written: a file and line, or a page (no line).
    public typealias Source = (file: String, line: Int?)

    public static let cacheFile = ".kiosque/links.json"
    /// How long an answer is trusted.
    public static let freshFor: Timestamp = 24 * 3600
    /// Refusals of HEAD that a GET may not get.
    static let headRefused: Set = [405, 403, 501]

    public let config: Config
    public let now: Timestamp
    public var options: FetchOptions

    public init(config: Config, now: Timestamp) {
        self.config = config
        self.now = now
        var o = FetchOptions(site: config.site)
        o.concurrency = 8
        o.maxPerHost = 2
        o.connectTimeout = 10
        o.timeout = 10
        o.accept = "text/html, */*;q=0.8"
        options = o
    }

    public struct Outcome: Sendable {
        public var diagnostics: [Diagnostic]
        /// Distinct links checked, and how many of them were asked over the network.
        public var checked: Int
        public var requested: Int
    }

    public func check(_ links: [(url: String, sources: [Source])]) -> Outcome {
        let cachePath = config.resolve(Self.cacheFile)
        AtomicFile.removeDebris(in: (cachePath as NSString).deletingLastPathComponent) { $0 == (Self.cacheFile as NSString).lastPathComponent }
        var cache = LinkCache.load(path: cachePath)
        var verdicts: [String: Verdict] = [:]
        var toAsk: [String] = []
        for url in Set(links.map(\.url)).sorted() {
            if let known = cache.links[url].flatMap({ $0.verdict(now: now) }) ?? cache.deferral(of: url, now: now) {
                verdicts[url] = known
            } else {
                toAsk.append(url)
            }
        }
        let client = HTTPClient(options: options)
        let heads = client.fetchAll(toAsk.map { HTTPRequest(url: $0, method: .head) })
        var answers = Dictionary(uniqueKeysWithValues: zip(toAsk, heads))
        let refused = toAsk.filter { if case .success(let r) = answers[$0]!, Self.headRefused.contains(r.status) { true } else { false } }
        for (url, answer) in zip(refused, client.fetchAll(refused.map { HTTPRequest(url: $0, readsBody: false) })) {
            answers[url] = answer
        }
        for (url, answer) in answers {
            let entry = LinkCache.Entry(answer, now: now)
            verdicts[url] = entry.verdict(now: now) ?? Verdict(answer)
            cache.links[url] = entry.isKept ? entry : nil
            if let until = entry.retryAfter { cache.hosts[HTTPClient.host(of: url)] = until }
        }
        if !toAsk.isEmpty {
            cache.links = cache.links.filter { $0.value.verdict(now: now) != nil }
            cache.hosts = cache.hosts.filter { ISODate.parse($0.value, in: .utc).map { $0 > now } ?? false }
            try? cache.save(path: cachePath)
        }

        var out: [Diagnostic] = []
        for (url, sources) in links {
            guard let verdict = verdicts[url], let (severity, why, hint) = verdict.problem else { continue }
            let lines = sources.filter { $0.line != nil }
            let pages = sources.filter { $0.line == nil }.map(\.file).sorted()
            for s in lines { out.append(Diagnostic(severity, file: s.file, line: s.line, "external link '\(url)': \(why)", hint: hint)) }
            if let first = pages.first {
                out.append(Diagnostic(severity, file: first, "external link '\(url)' in the templates: \(why)",
                                      hint: hint + Counted.otherPages(pages.count)))
            }
        }
        return Outcome(diagnostics: out, checked: verdicts.count, requested: toAsk.count)
    }
}

/// What an answer says of a link.
enum Verdict: Equatable {
    case fine
    /// The server answered that it is not there (or no longer): an error.
    case broken(String)
    /// Not known (no answer in time, no connection, asked to come back later): a warning.
    case unsure(String)

    init(_ answer: Result<HTTPResponse, HTTPFailure>) {
        switch answer {
        case .success(let r) where r.status == 429 || r.status == 503:
            self = .unsure("HTTP \(r.status): the server asks to come back later")
        case .success(let r): self = r.status < 400 ? .fine : .broken("HTTP \(r.status)")
        case .failure(.tooManyRedirects(let n)): self = .broken("more than \(n) redirects")
        case .failure(let f): self = .unsure("could not check it: \(f)")
        }
    }

    /// Severity, why, what to do; nil when fine.
    var problem: (Diagnostic.Severity, String, String)? {
        switch self {
        case .fine: nil
        case .broken(let why): (.error, why, "fix or remove the link")
        case .unsure(let why): (.warning, why, "check it in a browser")
        }
    }
}

/// `.kiosque/links.json`: each link's last answer, for 24 hours, and the instant before
/// which a server that said `Retry-After` is not asked again (about that link or any other
/// of its host). Safe to delete.
struct LinkCache: Codable {
    struct Entry: Codable, Equatable {
        /// When the answer came (ISO 8601, UTC).
        var checked: String
        /// The HTTP status of the answer, when there was one.
        var status: Int?
        var retryAfter: String?

        enum CodingKeys: String, CodingKey {
            case checked, status
            case retryAfter = "retry_after"
        }

        init(_ answer: Result<HTTPResponse, HTTPFailure>, now: Timestamp) {
            checked = ISODate.utc(now)
            if case .success(let r) = answer {
                status = r.status
                if r.status == 429 || r.status == 503 { retryAfter = r.retryAfter(now: now).map(ISODate.utc) }
            }
        }

        /// An answer worth keeping: a status (not a timeout or a failed connection, which
        /// may be this machine's), and not a 429 or 503 without a time to come back.
        var isKept: Bool { status.map { ($0 != 429 && $0 != 503) || retryAfter != nil } ?? false }

        /// What the cache says now; nil when the link must be asked again.
        func verdict(now: Timestamp) -> Verdict? {
            guard isKept, let status, let at = ISODate.parse(checked, in: .utc) else { return nil }
            if let retryAfter, let until = ISODate.parse(retryAfter, in: .utc) {
                return until > now ? .unsure("HTTP \(status): the server asked not to be asked again before \(retryAfter) (Retry-After)") : nil
            }
            guard now - at < ExternalLinks.freshFor else { return nil }
            return status < 400 ? .fine : .broken("HTTP \(status)")
        }

    }

    var version = 1
    var links: [String: Entry] = [:]
    /// Host -> the `Retry-After` instant one of its links gave (ISO 8601, UTC).
    var hosts: [String: String] = [:]

    /// Not to be asked yet: its host said `Retry-After`.
    func deferral(of url: String, now: Timestamp) -> Verdict? {
        guard let until = hosts[HTTPClient.host(of: url)], let t = ISODate.parse(until, in: .utc), t > now else { return nil }
        return .unsure("not checked: its server asked not to be asked again before \(until) (Retry-After)")
    }

    static func load(path: String) -> LinkCache {
        guard let data = FileManager.default.contents(atPath: path),
              let cache = try? JSONDecoder().decode(LinkCache.self, from: data), cache.version == 1 else { return LinkCache() }
        return cache
    }

    func save(path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: path)
    }
}
