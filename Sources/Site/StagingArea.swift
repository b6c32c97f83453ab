import Foundation

/// The folder beside the output (`.public.tmp-PID`) where a build makes what it will move
/// into the output: on the same file system, so a rename moves it, and outside the output,
/// so that nothing half-made is ever served or deployed from it.
struct StagingArea {
    let folder: String

    static func prefix(of output: String) -> String { ".\((output as NSString).lastPathComponent).tmp-" }

    init(beside output: String) throws {
        let parent = (output as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        folder = (parent as NSString).appendingPathComponent(Self.prefix(of: output) + "\(getpid())")
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// Removes the staging folders that killed builds left beside `output`. Called with the
    /// site's build lock held: no other build is using one.
    static func removeAbandoned(beside output: String) {
        let parent = (output as NSString).deletingLastPathComponent
        let prefix = prefix(of: output)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber) {
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(name))
        }
    }
}
