import Foundation

/// Who got a day's newsletter (`digests/YYYY-MM-DD.sent`), so that `send` resumes after a
/// crash and never mails anyone twice. One line per event, appended:
///
///     sending 2026-11-29T06:00:01Z nom@example.com
///     data 2026-11-29T06:00:01Z nom@example.com
///     sent 2026-11-29T06:00:01Z nom@example.com
///     refused 2026-11-29T06:00:02Z autre@example.com 550 RCPT failed: 550
///     failed 2026-11-29T06:00:03Z autre@example.com (the message did not go out)
///
/// "sending" opens the SMTP transaction. "data" is flushed to disk as libcurl takes the
/// message's last bytes, before the server's reply; "sent" once the server has said yes,
/// flushed too. So a run stopped before "data" never completed the message (mail it again),
/// and only one stopped between "data" and "sent" leaves an address that may have it.
public final class SendLog {
    public enum State: Equatable, Sendable {
        /// The message never went out whole: mail it again.
        case unfinished
        /// A run stopped while the server answered: it may have the message.
        case uncertain
        case sent
        /// `permanent`: a 5xx reply, not retried without `--force`; a 4xx one is retried.
        case refused(permanent: Bool)
    }

    public enum Event: String { case sending, data, sent, refused, failed }

    public let path: String
    /// By lower-cased address.
    public private(set) var states: [String: State] = [:]
    /// Bytes up to the last complete line; `torn`: a line cut by a crash follows, to be cut
    /// off before anything is appended (appending would glue the next event to it).
    private var complete: off_t = 0
    private var torn = false
    /// Opened at the first event, so that reading the log (a dry run) creates nothing.
    private var fd: Int32 = -1

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws(Error) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            // Read as empty, it would mail everyone again.
            if FileManager.default.fileExists(atPath: path) { throw Error(description: "\(path): cannot read the send log") }
            return
        }
        complete = data.lastIndex(of: UInt8(ascii: "\n")).map { off_t($0 + 1) } ?? 0
        torn = complete != off_t(data.count)
        for line in data.prefix(Int(complete)).split(separator: UInt8(ascii: "\n")) {
            let f = String(decoding: line, as: UTF8.self).split(separator: " ", maxSplits: 3)
            guard f.count >= 3, let event = Event(rawValue: String(f[0])) else { continue }
            apply(event, f[2].lowercased(), detail: f.count > 3 ? f[3] : nil)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    public func state(_ address: String) -> State? { states[address.lowercased()] }

    /// Appends the event; "data" and "sent" are flushed to disk before returning (the others
    /// reach the disk with them, and survive a crash of this process in any case).
    public func record(_ event: Event, _ address: String, at time: String, detail: String? = nil) throws(Error) {
        var line = "\(event.rawValue) \(time) \(address)"
        if let detail { line += " " + detail.replacingOccurrences(of: "\n", with: " ") }
        line += "\n"
        if fd < 0 {
            let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            guard opened >= 0 else { throw failure(String(cString: strerror(errno))) }
            guard !torn || ftruncate(opened, complete) == 0 else {
                defer { close(opened) }
                throw failure(String(cString: strerror(errno)))
            }
            fd = opened
            torn = false
        }
        let bytes = Array(line.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else {
            let reason = n < 0 ? String(cString: strerror(errno)) : "only part of a line went in (is the disk full?)"
            _ = ftruncate(fd, complete)  // no half line for the next event to extend
            throw failure(reason)
        }
        complete += off_t(n)
        guard event != .sent && event != .data || fdatasync(fd) == 0 else { throw failure(String(cString: strerror(errno))) }
        apply(event, address.lowercased(), detail: detail.map { Substring($0) })
    }

    private func failure(_ reason: String) -> Error {
        Error(description: "\(path): cannot write the send log: \(reason)")
    }

    /// Once sent, always sent: a forced copy stopped half-way does not take it back.
    private func apply(_ event: Event, _ who: String, detail: Substring?) {
        guard states[who] != .sent else { return }
        switch event {
        case .sending, .failed: states[who] = .unfinished
        case .data: states[who] = .uncertain
        case .sent: states[who] = .sent
        case .refused: states[who] = .refused(permanent: detail?.first == "5")
        }
    }
}
