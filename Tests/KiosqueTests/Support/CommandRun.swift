import Foundation

/// A system command run to its end (`mount`, `umount`), its output merged for messages.
struct CommandRun {
    var status: Int32
    var output: String
    var pid: pid_t

    init(_ executable: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        status = p.terminationStatus
        output = String(decoding: data, as: UTF8.self)
        pid = p.processIdentifier
    }
}
