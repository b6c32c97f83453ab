import Foundation

/// Work spread over every core: the pages, their files, the search index's analysis.
public enum Parallel {
    /// `body(0..<count)`, in any order on any core, results in order; the first error stops
    /// the items not yet started and is thrown.
    public static func map<T, E: Error>(_ count: Int, _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        let box = SlotBox(slots)
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: count) { k in
            guard !failure.isSet else { return }
            do throws(E) { box.slots[k] = try body(k) } catch { failure.set(error) }
        }
        if let e = failure.error { throw e as! E }
        return slots.map { $0! }
    }
}

/// Each worker writes its own slot only.
private struct SlotBox<T>: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<T?>
    init(_ s: UnsafeMutableBufferPointer<T?>) { slots = s }
}

/// The first error raised by concurrent workers.
public final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    public init() {}
    public var isSet: Bool { lock.withLock { stored != nil } }
    public var error: Error? { lock.withLock { stored } }
    public func set(_ e: Error) { lock.withLock { if stored == nil { stored = e } } }
}
