import Foundation

/// The one connection that writes in `members serve`, on a thread of its own: requests hand
/// it their change and wait; it runs every change waiting at that moment in one transaction
/// (one failing undoes only itself, see `run`) and commits them with one flush to disk, then
/// answers them all. Each answer leaves once its change is on disk, and under load a
/// thousand subscriptions cost one `fsync` instead of a thousand.
///
/// The flush is a second thread's (`flushLoop`), so that the next batch runs while the last
/// one is being flushed instead of waiting for the disk: the connection commits without
/// flushing (`WALFile`), and a batch is answered once a flush that started after its commit
/// has ended. One flush covers every batch that waited for it.
public final class StoreWriter: @unchecked Sendable {  // `queue` is guarded by `lock`, `committed` by `flushed`
    private let store: MemberStore
    private let wal: WALFile?
    private let lock = NSCondition()
    private var queue: [Job] = []
    private let flushed = NSCondition()
    private var committed: [(batch: [Job], results: [Result<Any, Error>])] = []

    private struct Job {
        let work: (MemberStore) throws -> Any
        let done: (Result<Any, Error>) -> Void
    }

    public init(store: MemberStore) {
        self.store = store
        wal = WALFile(store.db)
        let t = Thread { [self] in self.loop() }  // for the life of the process
        t.name = "members-writer"
        t.start()
        if wal != nil {
            let f = Thread { [self] in self.flushLoop() }
            f.name = "members-flusher"
            f.start()
        }
    }

    /// Runs `work` in the next batch and returns once it is committed and on disk.
    public func perform<T: Sendable>(_ work: @escaping (MemberStore) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, Error>) in
            enqueue(Job(work: { try work($0) }, done: { result in c.resume(with: result.map { $0 as! T }) }))
        }
    }

    /// The same, for a thread that may block (the mailer).
    public func performNow<T>(_ work: @escaping (MemberStore) throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Any, Error>!
        enqueue(Job(work: { try work($0) }, done: { result = $0; done.signal() }))
        done.wait()
        return try result.get() as! T
    }

    /// Runs `work` in the next batch without waiting for it: for a change whose loss (in a
    /// crash before its flush, or a failure) leaves a state as safe as the one it replaces.
    public func submit(_ work: @escaping (MemberStore) throws -> Void) {
        enqueue(Job(work: { try work($0) }, done: { _ in }))
    }

    /// Changes waiting for the next batch.
    var waiting: Int { lock.withLock { queue.count } }

    private func enqueue(_ job: Job) {
        lock.lock()
        queue.append(job)
        lock.signal()
        lock.unlock()
    }

    /// At most this many changes per transaction: a batch's answers wait for its commit.
    static let maxBatch = 512

    private func loop() {
        while true {
            lock.lock()
            while queue.isEmpty { lock.wait() }
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            lock.unlock()
            let results = run(batch)
            guard wal != nil else {
                Self.answer(batch, results, flush: nil)
                continue
            }
            flushed.lock()
            committed.append((batch, results))
            flushed.signal()
            flushed.unlock()
        }
    }

    private func flushLoop() {
        while true {
            flushed.lock()
            while committed.isEmpty { flushed.wait() }
            let batches = committed
            committed.removeAll(keepingCapacity: true)
            flushed.unlock()
            let failure = wal?.flush()
            for (batch, results) in batches { Self.answer(batch, results, flush: failure) }
        }
    }

    /// Each job's result, or the flush's error when its batch did not reach the disk.
    private static func answer(_ batch: [Job], _ results: [Result<Any, Error>], flush: Error?) {
        for (job, result) in zip(batch, results) {
            if let flush { job.done(.failure(flush)) } else { job.done(result) }
        }
    }

    /// The batch in one transaction, committed (and flushed, without a `WALFile`). Usually no
    /// job fails and they run one after the other; when one throws (its changes maybe half
    /// made), the batch is rolled back and run again with each job under a savepoint, so that
    /// the failing one undoes only itself.
    private func run(_ batch: [Job]) -> [Result<Any, Error>] {
        var results: [Result<Any, Error>]
        let db = store.db
        // Prepared once (`query`), not parsed again for each batch and job.
        do {
            try db.query("BEGIN IMMEDIATE")
            do {
                results = try batch.map { .success(try $0.work(store)) }
            } catch {
                _ = try? db.query("ROLLBACK")
                try db.query("BEGIN IMMEDIATE")
                results = batch.map { job in
                    do {
                        try db.query("SAVEPOINT job")
                        let value = try job.work(store)
                        try db.query("RELEASE job")
                        return .success(value)
                    } catch {
                        _ = try? db.query("ROLLBACK TO job")
                        _ = try? db.query("RELEASE job")
                        return .failure(error)
                    }
                }
            }
            try db.query("COMMIT")
        } catch {
            // Nothing of the batch is on disk: every change of it failed.
            _ = try? db.query("ROLLBACK")
            results = batch.map { _ in .failure(error) }
        }
        return results
    }
}
