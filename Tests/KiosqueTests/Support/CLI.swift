import Foundation

/// The `kiosque` executable as a subprocess, for exit codes and stderr.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built executable: next to the test bundle, else under the package's `.build`.
    static func executable() -> String? {
        var candidates: [String] = []
        let fm = FileManager.default
        // The test runner lives in the same products folder as `kiosque`.
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("kiosque").path)
            dir.deleteLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("kiosque").path)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kiosque").path)
        candidates.append((packageRoot as NSString).appendingPathComponent(".build/debug/kiosque"))
        return candidates.first { path in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue && fm.isExecutableFile(atPath: path)
        }
    }

    /// `environment` is added to the test's own, without the SMTP variables a developer's
    /// shell may hold (they would redirect `kiosque send`).
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        guard let exe = executable() else {
            throw CLIError(description: "the kiosque executable was not found (run `swift build` first)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = arguments
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for k in ["KIOSQUE_SMTP_URL", "KIOSQUE_SMTP_USER", "KIOSQUE_SMTP_PASSWORD"] { env[k] = nil }
        env.merge(environment) { $1 }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    struct CLIError: Error, CustomStringConvertible {
        var description: String
    }
}
