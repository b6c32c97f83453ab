import Foundation

/// A small tmpfs of its own for a full-disk test. Mounting needs root: elsewhere `mount`
/// returns nil and says why the test is skipped.
final class SmallDisk {
    let path: String
    private var filler: String { path + "/lest" }

    private init(path: String) { self.path = path }

    /// `at`: an existing empty folder to mount over (a new one by default).
    static func mount(size: String, at folder: String? = nil, for test: String) -> SmallDisk? {
        guard getuid() == 0 else {
            print("\(test): skipped: mounting a small tmpfs needs root")
            return nil
        }
        let path = folder ?? TempSite.makeUniqueFolder()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let run = try? CommandRun("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
        guard run?.status == 0 else {
            print("\(test): skipped: cannot mount a tmpfs here: \(run?.output ?? "mount did not run")")
            return nil
        }
        return SmallDisk(path: path)
    }

    /// Fills the disk until only `room` bytes are left.
    func fill(leaving room: Int) {
        let fd = open(filler, O_WRONLY | O_CREAT, 0o644)
        let page = [UInt8](repeating: 0x2E, count: 4096)
        while write(fd, page, page.count) == page.count {}
        ftruncate(fd, max(0, lseek(fd, 0, SEEK_END) - off_t(room)))
        close(fd)
    }

    /// Room again.
    func empty() { unlink(filler) }

    deinit { _ = try? CommandRun("/usr/bin/umount", [path]) }
}
