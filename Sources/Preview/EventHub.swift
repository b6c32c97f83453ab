import FlyingFox
import FlyingSocks
import Foundation

/// The open `/_kiosque/events` streams, one per page a browser shows: each rebuild is
/// broadcast to all of them.
final class EventHub: @unchecked Sendable {  // `streams` is guarded by `lock`
    private let lock = NSLock()
    private var streams: [UInt64: AsyncStream<[UInt8]>.Continuation] = [:]
    private var next: UInt64 = 0

    /// A new stream; it starts with the reconnection delay the browser should use.
    func subscribe() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let id: UInt64 = lock.withLock {
            next += 1
            streams[next] = continuation
            return next
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        continuation.yield(Array("retry: 500\n\n".utf8))
        return stream
    }

    func broadcast(_ bytes: [UInt8]) {
        for c in lock.withLock({ Array(streams.values) }) { c.yield(bytes) }
    }

    var count: Int { lock.withLock { streams.count } }

    private func remove(_ id: UInt64) {
        _ = lock.withLock { streams.removeValue(forKey: id) }
    }
}

/// An `AsyncStream` of byte chunks as the byte sequence FlyingFox streams a body from
/// (chunked transfer encoding), so each event goes out as it is yielded.
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            if pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if !pending.isEmpty {
                defer { pending = [] }
                return pending
            }
            return await base.next()
        }
    }
}
