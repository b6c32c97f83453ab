import Foundation

/// The one connection that writes in `members serve`, on a thread of its own: requests hand
/// it their change and wait; it runs every change waiting at that moment in one transaction
/// (one failing undoes only itself, see `run`) and commits them with one flush to disk, then
/// answers them all. Each answer leaves once its change is on disk, and
/// under load a thousand subscriptions cost one `fsync` instead of a thousand.
public final class StoreWriter: @unchecked Sendable {  // `queue` is guarded by `lock`
    private let store: MemberStore
    private let lock = NSCondition()
    private var queue: [Job] = []
    private var thread: Thread?

    private struct Job {
        let work: (MemberStore) throws -> Any
        let done: (Result<Any, Error>) -> Void
    }

    public init(store: MemberStore) {
        self.store = store
        let t = Thread { [self] in self.loop() }  // for the life of the process
        t.name = "members-writer"
        thread = t
        t.start()
    }

    /// Runs `work` in the next batch and returns once it is committed.
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
            run(batch)
        }
    }

    /// The batch in one transaction, committed. Usually no job fails and they run one after
    /// the other; when one throws (its changes maybe half made), the batch is rolled back and
    /// run again with each job under a savepoint, so that the failing one undoes only itself.
    private func run(_ batch: [Job]) {
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
        for (job, result) in zip(batch, results) { job.done(result) }
    }
}
