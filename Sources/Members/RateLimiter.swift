import Foundation

/// At most `burst` requests per key at once, given back at `burst` per `period`: a token
/// bucket per client address and per email address, in memory (a restart forgets them,
/// which costs nothing). Thread-safe.
public final class RateLimiter: @unchecked Sendable {  // `buckets` is guarded by `lock`
    let burst: Double
    /// Tokens given back per second.
    let refill: Double
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    private let lock = NSLock()
    /// Above this many keys, the full buckets are dropped (they are as good as new).
    static let maxKeys = 100_000

    public init(burst: Int, per period: Double) {
        self.burst = Double(burst)
        refill = Double(burst) / period
    }

    /// Takes one request from `key`'s bucket: nil when allowed, else the seconds until it would be.
    public func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        lock.withLock {
            var b = buckets[key] ?? (burst, now)
            b.tokens = min(burst, b.tokens + (now - b.at) * refill)
            b.at = now
            guard b.tokens >= 1 else {
                buckets[key] = b
                return (1 - b.tokens) / refill
            }
            b.tokens -= 1
            buckets[key] = b
            if buckets.count > Self.maxKeys {
                buckets = buckets.filter { min(burst, $0.value.tokens + (now - $0.value.at) * refill) < burst }
            }
            return nil
        }
    }
}
