import Foundation

/// At most `burst` requests per key at once, given back at `burst` per `period`: a token
/// bucket per client address and per email address, in memory (a restart forgets them,
/// which costs nothing). Thread-safe.
///
/// At most `maxKeys` buckets are kept, in two generations: a key is looked up in the current
/// one, then in the previous one, and goes into the current one; when the current one is
/// full it becomes the previous one, and the buckets untouched for a whole generation are
/// forgotten (as good as new, or nearly). Each request costs the same however many keys came
/// before it (sweeping every bucket once the limit was passed made each request after the
/// 100,000th address cost milliseconds).
public final class RateLimiter: @unchecked Sendable {  // the generations are guarded by `lock`
    let burst: Double
    /// Tokens given back per second.
    let refill: Double
    let maxKeys: Int
    private typealias Bucket = (tokens: Double, at: Double)
    private var current: [String: Bucket] = [:]
    private var previous: [String: Bucket] = [:]
    private let lock = NSLock()

    public init(burst: Int, per period: Double, maxKeys: Int = 100_000) {
        self.burst = Double(burst)
        refill = Double(burst) / period
        self.maxKeys = maxKeys
    }

    /// Takes one request from `key`'s bucket: nil when allowed, else the seconds until it would be.
    public func take(_ key: String, now: Double = Date().timeIntervalSince1970) -> Double? {
        lock.withLock {
            var b = current[key] ?? previous.removeValue(forKey: key) ?? (burst, now)
            b.tokens = min(burst, b.tokens + (now - b.at) * refill)
            b.at = now
            let wait: Double? = b.tokens >= 1 ? nil : (1 - b.tokens) / refill
            if wait == nil { b.tokens -= 1 }
            current[key] = b
            if current.count >= maxKeys / 2 {
                previous = current
                current = Dictionary(minimumCapacity: maxKeys / 2)
            }
            return wait
        }
    }

    /// The buckets kept, both generations.
    var count: Int { lock.withLock { current.count + previous.count } }
}
