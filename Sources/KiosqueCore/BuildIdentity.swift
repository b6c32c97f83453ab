import Foundation

/// Identifies the running binary, so that caches written by another build of Kiosque are
/// never trusted: a new binary may parse or render differently.
public enum BuildIdentity {
    public static let current: UInt64 = {
        var h = StableHash()
        h.add("kiosque-cache-format-1")
        var st = stat()
        if stat("/proc/self/exe", &st) == 0 {
            h.add(Int(st.st_size))
            h.add(Int(st.st_mtim.tv_sec))
            h.add(Int(st.st_mtim.tv_nsec))
        } else {
            h.add(Int(Date().timeIntervalSince1970 * 1e9))  // unknown binary: never reuse
        }
        return h.value
    }()
}
