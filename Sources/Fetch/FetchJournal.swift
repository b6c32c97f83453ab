import Foundation
import KiosqueCore

/// What a run did since the state was last saved, one JSON line a step, beside the state
/// (`state.json.journal`): each feed's changes, and each article write's steps (see
/// `OwnedFiles`). Every line is flushed to disk (`fdatasync`) before the step it announces.
/// A last line without its newline is one a kill cut short: it is cut off when the journal is
/// opened, before anything is appended, so that no line is ever extended by another.
final class FetchJournal {
    enum Entry: Equatable {
        /// A feed's changes once its items are ingested.
        case delta(FetchState.Delta)
        /// The temp of this article file is about to be created.
        case writing(file: String)
        /// The temp is complete and flushed; it goes into place if the file allows.
        case intent(OwnedFiles.Intent)
        /// The temp was dropped: the file had changed since Kiosque wrote it.
        case discard(file: String)
    }

    let path: String
    /// The complete lines found when the journal was opened.
    let entries: [Entry]
    private var fd: Int32 = -1
    /// Whether this run appended anything (which the state must then be saved with).
    private(set) var appended = false

    /// Reads the journal at `path` (none: no entries) and cuts a torn last line off.
    init(path: String) throws(LoadFailure) {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            entries = []
            return
        }
        let complete = data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        if complete < data.count {
            guard truncate(path, off_t(complete)) == 0 else { throw Self.failure("cannot repair", path) }
        }
        var entries: [Entry] = []
        for (n, line) in data[..<complete].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast().enumerated() {
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line)) else {
                throw LoadFailure("\(path):\(n + 1): not a line of a fetch journal; move the file away (the articles "
                                  + "of the run it records may then be written a second time)")
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends one line and flushes it: when this returns, the step it announces may begin.
    func append(_ entry: Entry) throws(LoadFailure) {
        var line: Data
        do { line = try JSONEncoder().encode(entry) } catch { throw LoadFailure("cannot encode a journal line: \(error)") }
        line.append(UInt8(ascii: "\n"))
        if fd < 0 {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw Self.failure("cannot write", path) }
        }
        appended = true
        guard AtomicFile.writeAll(fd, line), fdatasync(fd) == 0 else { throw Self.failure("cannot write", path) }
    }

    /// Once the state holding everything it records is saved.
    func remove() {
        if fd >= 0 { close(fd) }
        fd = -1
        appended = false
        unlink(path)
    }

    private static func failure(_ what: String, _ path: String) -> LoadFailure {
        LoadFailure("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

/// One JSON object a line: `{"writing": file}`, `{"intent": …}`, `{"discard": file}`, or a
/// feed's delta as it is (`{"feed": …, "seen": …, "stories": …}`, the lines of earlier versions).
extension FetchJournal.Entry: Codable {
    private enum Key: String, CodingKey { case writing, intent, discard }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if let file = try c.decodeIfPresent(String.self, forKey: .writing) {
            self = .writing(file: file)
        } else if let intent = try c.decodeIfPresent(OwnedFiles.Intent.self, forKey: .intent) {
            self = .intent(intent)
        } else if let file = try c.decodeIfPresent(String.self, forKey: .discard) {
            self = .discard(file: file)
        } else {
            self = .delta(try FetchState.Delta(from: decoder))
        }
    }

    func encode(to encoder: Encoder) throws {
        if case .delta(let d) = self { return try d.encode(to: encoder) }
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .delta: break
        case .writing(let file): try c.encode(file, forKey: .writing)
        case .intent(let intent): try c.encode(intent, forKey: .intent)
        case .discard(let file): try c.encode(file, forKey: .discard)
        }
    }
}
