import Foundation

/// Who got a day's newsletter (`digests/YYYY-MM-DD.sent`), so that `send` resumes after a
/// crash and never mails anyone twice. One line per event, appended:
///
///     sending 2026-11-29T06:00:01Z nom@example.com
///     sent 2026-11-29T06:00:01Z nom@example.com
///     refused 2026-11-29T06:00:02Z autre@example.com 550 RCPT failed: 550
///     failed 2026-11-29T06:00:03Z autre@example.com (the connection failed before the message went out)
///
/// "sending" is written before the SMTP transaction and "sent" after it, flushed to disk: an
/// address with "sending" and no "sent" was being mailed when a run stopped, and may have
/// the message; it is not mailed again without `--force`.
public final class SendLog {
    public let path: String
    /// Lower-cased addresses.
    public private(set) var sent: Set<String> = []
    public private(set) var uncertain: Set<String> = []
    /// Opened at the first event, so that reading the log (a dry run) creates nothing.
    private var fd: Int32 = -1

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws(Error) {
        self.path = path
        if let data = FileManager.default.contents(atPath: path) {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let f = line.split(separator: " ")
                guard f.count >= 3 else { continue }  // a line cut short by a crash
                let who = f[2].lowercased()
                switch f[0] {
                case "sending": uncertain.insert(who)
                case "sent": sent.insert(who); uncertain.remove(who)
                case "refused", "failed": uncertain.remove(who)
                default: continue
                }
            }
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    public enum Event: String { case sending, sent, refused, failed }

    /// Appends the event; "sent" is flushed to disk before returning (the others reach the
    /// disk with it, and survive a crash of this process in any case).
    public func record(_ event: Event, _ address: String, at time: String, detail: String? = nil) throws(Error) {
        var line = "\(event.rawValue) \(time) \(address)"
        if let detail { line += " " + detail.replacingOccurrences(of: "\n", with: " ") }
        line += "\n"
        if fd < 0 { fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644) }
        let ok = fd >= 0 && Array(line.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) == $0.count }
        guard ok, event != .sent || fdatasync(fd) == 0 else {
            throw Error(description: "\(path): cannot write the send log: \(String(cString: strerror(errno)))")
        }
        switch event {
        case .sending: uncertain.insert(address.lowercased())
        case .sent: sent.insert(address.lowercased()); uncertain.remove(address.lowercased())
        case .refused, .failed: uncertain.remove(address.lowercased())
        }
    }
}
