import Foundation

/// A send log read the way README.md describes it, apart from the `SendLog` under test: the
/// events line by line, who has it and who is uncertain ("data" with no "sent" after it).
struct SendLogLines {
    /// Lines that do not follow the format, and a last line without its newline.
    var problems: [String] = []
    var sent: Set<String> = []
    var uncertain: Set<String> = []

    init(_ text: String) {
        if !text.isEmpty && !text.hasSuffix("\n") { problems.append("the log does not end with a newline") }
        var last: [String: String] = [:]
        for (n, line) in text.split(separator: "\n").enumerated() {
            let f = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard f.count >= 3, ["sending", "data", "sent", "refused", "failed"].contains(f[0]),
                  f[1].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, f[2].contains("@"),
                  f.count == 3 || f[0] == "refused" || f[0] == "failed" else {
                problems.append("line \(n + 1): '\(line)'")
                continue
            }
            if f[0] == "sent" { sent.insert(f[2]) }
            last[f[2]] = f[0]
        }
        uncertain = Set(last.filter { $0.value == "data" }.keys).subtracting(sent)
    }
}
