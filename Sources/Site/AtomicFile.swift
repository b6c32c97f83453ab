import Foundation

/// One file replaced whole or not at all: written beside its final name, flushed, renamed.
public enum AtomicFile {
    public static func write(_ path: String, _ bytes: [UInt8]) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir.isEmpty ? "." : dir, withIntermediateDirectories: true)
        let temp = (dir as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).tmp-\(getpid())")
        do {
            try OutputWriter.writeFile(temp, bytes, sync: true)
            guard rename(temp, path) == 0 else {
                throw OutputWriter.WriteError(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temp)
            throw error
        }
    }
}
