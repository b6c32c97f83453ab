import KiosqueCore

/// Who is asking, for the rate limits. Behind the site's proxy every connection comes from
/// the proxy, which appends the address it took the request from to `X-Forwarded-For`: from
/// a trusted peer, the client is the last hop that is not itself a trusted proxy. From any
/// other peer the header is ignored (anyone can write one).
struct ClientAddress {
    let trusted: [NetworkRange]

    func resolve(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "?" }
        guard isTrusted(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingWhitespace }
        for hop in hops.reversed() {
            guard NetworkRange.address(hop) != nil else { return peer }  // a proxy never writes that
            if !isTrusted(hop) { return hop }
        }
        return hops.first.flatMap { NetworkRange.address($0) != nil ? $0 : nil } ?? peer
    }

    private func isTrusted(_ address: String) -> Bool { trusted.contains { $0.contains(address) } }
}
