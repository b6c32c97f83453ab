import Logging

/// Debug lines saying how long each step of a run took (`--verbose`): nothing is computed
/// when debug lines are off.
public struct PhaseClock {
    private let log: Logger
    private var last = ContinuousClock.now

    /// `label`: `kiosque.build`; the command line shows the part after `kiosque.`.
    public init(_ label: String) { log = Logger(label: label) }

    /// `what` took the time since the previous step (or since the clock started).
    public mutating func step(_ what: @autoclosure () -> String) {
        let now = ContinuousClock.now
        log.debug("\(what()) in \((now - last).milliseconds) ms")
        last = now
    }
}

extension Duration {
    public var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
