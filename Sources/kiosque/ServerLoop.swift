import Foundation

/// How `serve` and `members serve` run: SIGINT and SIGTERM end the process at once (what
/// each serves is whole on disk at any instant, so there is nothing to finish); otherwise
/// the server runs until it fails, and its error is returned.
enum ServerLoop {
    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []

    static func run(_ server: @escaping @Sendable () async throws -> Void) -> Error? {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { Foundation.exit(0) }
            source.resume()
            signalSources.append(source)
        }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            do { try await server() } catch { failure = error }
            done.signal()
        }
        done.wait()
        return failure
    }
}
