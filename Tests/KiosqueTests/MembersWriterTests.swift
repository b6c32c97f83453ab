import Foundation
import Testing
@testable import Members

/// `members serve`'s one writer: the changes waiting together commit together, and one that
/// fails in the middle of its work undoes only its own part.
@Suite struct MembersWriterTests {
    struct Refused: Error {}

    @Test func aChangeThatFailsHalfwayUndoesOnlyItselfInItsBatch() throws {
        let site = try MembersSite()
        defer { site.remove() }
        let writer = StoreWriter(store: try MemberStore(path: site.site.path("members.sqlite")))
        let consent = Member.Consent(at: "2026-02-01T08:00:00Z", source: "kiosque members add", text: "J’accepte.")
        // The writer held by a first change until the three others wait behind it: one batch.
        let started = DispatchSemaphore(value: 0), gate = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        done.enter()
        Thread.detachNewThread { try? writer.performNow { _ in started.signal(); gate.wait() }; done.leave() }
        started.wait()
        let emails = ["awa.sane@example.com", "moussa.ba@example.com", "fanta.camara@example.com"]
        let outcomes = UnsafeMutableBufferPointer<Bool>.allocate(capacity: emails.count)
        outcomes.initialize(repeating: false)
        defer { outcomes.deallocate() }
        nonisolated(unsafe) let results = outcomes
        for (i, email) in emails.enumerated() {
            done.enter()
            Thread.detachNewThread {
                results[i] = (try? writer.performNow { store in
                    _ = try store.add(email: email, name: "", consent: consent, now: 1_780_000_000)
                    if email.hasPrefix("moussa") { throw Refused() }  // after its member was added
                    return true
                }) ?? false
                done.leave()
            }
        }
        while writer.waiting < emails.count { usleep(1_000) }
        gate.signal()
        done.wait()
        #expect(Array(outcomes) == [true, false, true])
        #expect(try site.store().members().map(\.email).sorted() == ["awa.sane@example.com", "fanta.camara@example.com"])
    }
}
