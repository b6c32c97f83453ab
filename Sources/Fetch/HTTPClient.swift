import CCurl
import Feeds
import KiosqueCore
import Logging

/// Each transfer's outcome, for `--verbose`.
private let log = Logger(label: "kiosque.http")

/// How politely and how far Kiosque fetches.
public struct FetchOptions: Sendable {
    /// Transfers at once.
    public var concurrency = 8
    public var connectTimeout: Double = 10
    /// For the whole transfer, redirects included.
    public var timeout: Double = 30
    /// After decompression: a bigger body (or a gzip bomb) is cut off, never buffered whole.
    public var maxBodyBytes = 16 << 20
    public var maxRedirects = 5
    /// Transfers at once to one host (`CURLMOPT_MAX_HOST_CONNECTIONS`, and the order requests
    /// are started in, so that none waits in libcurl's queue while its timeout runs); nil: no limit.
    public var maxPerHost: Int?
    public var userAgent = "Kiosque/\(kiosqueVersion)"
    public var accept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

    public init() {}

    /// `Kiosque/1.0 (+https://www.example.com/)`: who is fetching, and where to complain.
    public init(site: Config.Site) {
        userAgent = "Kiosque/\(kiosqueVersion) (+\(site.baseURL))"
    }
}

public let kiosqueVersion = "0.3.0"

public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", head = "HEAD" }

    public var url: String
    public var method = Method.get
    /// False: the transfer stops at the first byte of the body and gives the status and
    /// headers (a link check, which wants no body).
    public var readsBody = true
    /// Conditional GET: the validators the last 200 gave.
    public var etag: String?
    public var lastModified: String?

    public init(url: String, method: Method = .get, readsBody: Bool = true, etag: String? = nil, lastModified: String? = nil) {
        self.url = url
        self.method = method
        self.readsBody = readsBody
        self.etag = etag
        self.lastModified = lastModified
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    /// The last response's headers (after redirects), names lowercased.
    public var headers: [String: String]
    /// Where the body came from after redirects: the base of relative links.
    public var url: String

    /// When a 429 or 503 says to come back (`Retry-After: 120` or an HTTP date), at most a
    /// week away.
    public func retryAfter(now: Timestamp) -> Timestamp? {
        guard let value = headers["retry-after"] else { return nil }
        let until: Timestamp
        if let seconds = Int64(value.trimmingWhitespace) {
            until = now + max(0, seconds)
        } else if let date = FeedDate.parse(value) {
            until = date
        } else {
            return nil
        }
        return min(until, now + 7 * 86_400)
    }

    /// The `charset` parameter of `Content-Type`.
    public var charset: String? {
        guard let type = headers["content-type"] else { return nil }
        for part in type.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].trimmingWhitespace.lowercased() == "charset" {
                return kv[1].trimmingWhitespace.filter { $0 != "\"" && $0 != "'" }
            }
        }
        return nil
    }
}

public enum HTTPFailure: Error, Sendable, CustomStringConvertible, Equatable {
    case timeout(Double)
    case tooLarge(Int)
    case tooManyRedirects(Int)
    case transport(String)

    public var description: String {
        switch self {
        case .timeout(let s): return "timed out after \(formatSeconds(s))"
        case .tooLarge(let n): return "body larger than \(n >> 20) MiB, cut off"
        case .tooManyRedirects(let n): return "more than \(n) redirects"
        case .transport(let s): return s
        }
    }
}

/// HTTP requests on libcurl's multi interface: one thread drives every transfer, at most
/// `concurrency` at once (and `maxPerHost` to one host), each bounded in time, size and
/// redirects.
public struct HTTPClient: Sendable {
    public var options: FetchOptions

    public init(options: FetchOptions) { self.options = options }

    /// Fetches every request; the results are in the order of the requests.
    public func fetchAll(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, HTTPFailure>] {
        _ = curlSetup
        guard !requests.isEmpty else { return [] }
        guard let multi = curl_multi_init() else {
            return requests.map { _ in .failure(.transport("libcurl could not start")) }
        }
        defer { curl_multi_cleanup(multi) }
        if let limit = options.maxPerHost { kiosque_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, limit) }

        var results = [Result<HTTPResponse, HTTPFailure>?](repeating: nil, count: requests.count)
        var active: [UnsafeMutableRawPointer: Transfer] = [:]
        var queue = HostQueue(requests.map(\.url), perHost: options.maxPerHost)
        func start() {
            while active.count < max(1, options.concurrency), let next = queue.next() {
                let transfer = Transfer(index: next, request: requests[next], options: options)
                if let handle = transfer.handle {
                    active[handle] = transfer
                    curl_multi_add_handle(multi, handle)
                } else {
                    queue.finished(next)
                    results[transfer.index] = .failure(.transport("libcurl could not start"))
                }
            }
        }
        start()
        var running: Int32 = 0
        while !active.isEmpty {
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let msg = curl_multi_info_read(multi, &left) {
                guard msg.pointee.msg == CURLMSG_DONE, let handle = msg.pointee.easy_handle,
                      let transfer = active.removeValue(forKey: handle) else { continue }
                let result = transfer.finish(code: msg.pointee.data.result)
                results[transfer.index] = result
                queue.finished(transfer.index)
                log.debug("\(requests[transfer.index].method.rawValue) \(requests[transfer.index].url): \(transfer.summary(result))")
                curl_multi_remove_handle(multi, handle)
                transfer.close()
            }
            start()
            if !active.isEmpty { curl_multi_poll(multi, nil, 0, 100, nil) }
        }
        return results.map { $0 ?? .failure(.transport("not fetched")) }
    }

    /// One GET.
    public func fetch(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> { fetchAll([request])[0] }

    /// `host[:port]` of a URL, lower case: what libcurl counts connections by.
    public static func host(of url: String) -> String {
        let rest = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        return String(authority.split(separator: "@").last ?? authority).lowercased()
    }
}

/// Which request starts next: the requests' own order without a per-host limit; with one,
/// the hosts in turn, each with at most `perHost` transfers running.
private struct HostQueue {
    private let hosts: [String]
    private let perHost: Int?
    /// Without a limit: every request, last first. With one: per host, last first.
    private var waiting: [Int] = []
    private var pending: [String: [Int]] = [:]
    private var running: [String: Int] = [:]
    /// Hosts with a request waiting and room for another transfer, in turn.
    private var ready: [String] = []
    private var readyHead = 0
    private var isReady: Set<String> = []

    init(_ urls: [String], perHost: Int?) {
        self.perHost = perHost
        guard perHost != nil else {
            hosts = []
            waiting = Array(urls.indices.reversed())
            return
        }
        hosts = urls.map(HTTPClient.host(of:))
        for i in urls.indices.reversed() { pending[hosts[i], default: []].append(i) }
        for h in hosts where isReady.insert(h).inserted { ready.append(h) }
    }

    mutating func next() -> Int? {
        guard let perHost else { return waiting.popLast() }
        guard readyHead < ready.count else { return nil }
        let host = ready[readyHead]
        readyHead += 1
        isReady.remove(host)
        let i = pending[host]!.removeLast()
        running[host, default: 0] += 1
        if running[host]! < perHost && !pending[host]!.isEmpty { makeReady(host) }
        return i
    }

    mutating func finished(_ i: Int) {
        guard perHost != nil else { return }
        let host = hosts[i]
        running[host, default: 1] -= 1
        if !pending[host, default: []].isEmpty && !isReady.contains(host) { makeReady(host) }
    }

    private mutating func makeReady(_ host: String) {
        if readyHead > 1024 && readyHead * 2 > ready.count {
            ready.removeFirst(readyHead)
            readyHead = 0
        }
        ready.append(host)
        isReady.insert(host)
    }
}

private let curlSetup: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

/// One easy handle and what its callbacks collect.
private final class Transfer {
    let index: Int
    let handle: UnsafeMutableRawPointer?
    let options: FetchOptions
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var tooLarge = false
    let started = ContinuousClock.now
    let readsBody: Bool
    var stoppedAtBody = false
    private var headerList: UnsafeMutablePointer<curl_slist>?

    init(index: Int, request: HTTPRequest, options: FetchOptions) {
        self.index = index
        self.options = options
        readsBody = request.readsBody
        handle = curl_easy_init()
        guard let h = handle else { return }
        let me = Unmanaged.passUnretained(self).toOpaque()
        kiosque_curl_setopt_string(h, CURLOPT_URL, request.url)
        kiosque_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        kiosque_curl_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        kiosque_curl_setopt_long(h, CURLOPT_FOLLOWLOCATION, 1)
        kiosque_curl_setopt_long(h, CURLOPT_MAXREDIRS, options.maxRedirects)
        kiosque_curl_setopt_long(h, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        kiosque_curl_setopt_long(h, CURLOPT_TIMEOUT_MS, Int(options.timeout * 1000))
        kiosque_curl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        // Every encoding libcurl decodes; the write callback sees (and bounds) decoded bytes.
        kiosque_curl_setopt_string(h, CURLOPT_ACCEPT_ENCODING, "")
        if request.method == .head { kiosque_curl_setopt_long(h, CURLOPT_NOBODY, 1) }
        if readsBody { kiosque_curl_setopt_off(h, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBodyBytes)) }
        kiosque_curl_setopt_string(h, CURLOPT_USERAGENT, options.userAgent)
        var lines = ["Accept: \(options.accept)"]
        if let etag = request.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for line in lines { headerList = curl_slist_append(headerList, line) }
        kiosque_curl_setopt_slist(h, CURLOPT_HTTPHEADER, headerList)
        kiosque_curl_setopt_data_callback(h, CURLOPT_WRITEFUNCTION) { ptr, size, count, me in
            let t = Unmanaged<Transfer>.fromOpaque(me!).takeUnretainedValue()
            let n = size * count
            guard t.readsBody else {
                t.stoppedAtBody = true
                return 0  // the status and headers are in: libcurl stops there
            }
            guard t.body.count + n <= t.options.maxBodyBytes else {
                t.tooLarge = true
                return 0  // libcurl aborts the transfer
            }
            if let ptr { t.body.append(contentsOf: UnsafeRawBufferPointer(start: ptr, count: n)) }
            return n
        }
        kiosque_curl_setopt_pointer(h, CURLOPT_WRITEDATA, me)
        kiosque_curl_setopt_data_callback(h, CURLOPT_HEADERFUNCTION) { ptr, size, count, me in
            let t = Unmanaged<Transfer>.fromOpaque(me!).takeUnretainedValue()
            let n = size * count
            guard let ptr else { return n }
            let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                t.headers = [:]  // a new response (after a redirect or a 100)
            } else if let colon = line.firstIndex(of: ":") {
                t.headers[line[..<colon].trimmingWhitespace.lowercased()] = line[line.index(after: colon)...].trimmingWhitespace
            }
            return n
        }
        kiosque_curl_setopt_pointer(h, CURLOPT_HEADERDATA, me)
    }

    func finish(code: CURLcode) -> Result<HTTPResponse, HTTPFailure> {
        guard let h = handle else { return .failure(.transport("libcurl could not start")) }
        switch code {
        case CURLE_OK: break
        case CURLE_WRITE_ERROR where stoppedAtBody: break
        case CURLE_OPERATION_TIMEDOUT: return .failure(.timeout(options.timeout))
        case CURLE_TOO_MANY_REDIRECTS: return .failure(.tooManyRedirects(options.maxRedirects))
        case CURLE_FILESIZE_EXCEEDED: return .failure(.tooLarge(options.maxBodyBytes))
        case CURLE_WRITE_ERROR where tooLarge: return .failure(.tooLarge(options.maxBodyBytes))
        default: return .failure(.transport(String(cString: curl_easy_strerror(code))))
        }
        var status = 0
        kiosque_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>?
        kiosque_curl_getinfo_string(h, CURLINFO_EFFECTIVE_URL, &effective)
        return .success(HTTPResponse(status: status, body: body, headers: headers,
                                     url: effective.map { String(cString: $0) } ?? ""))
    }

    /// `HTTP 200, 12 KB in 85 ms`.
    func summary(_ result: Result<HTTPResponse, HTTPFailure>) -> String {
        let ms = (ContinuousClock.now - started).milliseconds
        switch result {
        case .success(let r): return "HTTP \(r.status), \(r.body.count / 1000) KB in \(ms) ms"
        case .failure(let f): return "\(f) after \(ms) ms"
        }
    }

    func close() {
        if let handle { curl_easy_cleanup(handle) }
        curl_slist_free_all(headerList)
        headerList = nil
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
}
