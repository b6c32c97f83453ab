import KiosqueCore

/// Who is asking, for the rate limits. Behind the site's proxy every connection comes from
/// the proxy, which appends the address it took the request from to `X-Forwarded-For`: from
/// a trusted peer, the client is the last hop that is not itself a trusted proxy. From any
/// other peer the header is ignored (anyone can write one).
struct ClientAddress {
    let trusted: [NetworkRange]

    func resolve(peer: String?, forwardedFor: String?) -> String {
        guard let peer else { return "?" }
        guard let forwardedFor, let p = NetworkRange.address(peer), isTrusted(p) else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingWhitespace }
        for hop in hops.reversed() {
            guard let a = NetworkRange.address(hop) else { return peer }  // a proxy never writes that
            if !isTrusted(a) { return hop }
        }
        return hops.first ?? peer  // every hop read as an address above
    }

    /// Each address is read once (`NetworkRange.address`), then tested against every range.
    private func isTrusted(_ address: [UInt8]) -> Bool { trusted.contains { $0.contains(address) } }
}
