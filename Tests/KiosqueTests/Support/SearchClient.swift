import Foundation

/// The site's `search.js` run by Node (Debian's `nodejs`) over a real HTTP server of a built
/// output folder (`search_client.mjs`): what a reader's browser would download and answer.
enum SearchClient {
    struct Hit: Decodable, Equatable {
        var url: String
        var title: String
        var date: String
        var sector: String
        var summary: String
        var score: Double
        /// The article's path, as the site's base URL follows it.
        var path: String { URLComponents(string: url)!.path }
    }

    struct Served: Decodable {
        var bytes: Int
        var gzip: Int
        var files: Int
    }

    /// One answer a request; `requests` as `search_client.mjs` reads them; `client` is the
    /// module's path under `output`.
    static func run(_ output: String, _ requests: [[String: Any]], client: String = "search/search.js") throws -> [(answer: Any, served: Served)] {
        let file = NSTemporaryDirectory() + "kiosque-search-\(UUID().uuidString).json"
        try JSONSerialization.data(withJSONObject: requests).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let script = packageRoot + "/Tests/KiosqueTests/Support/search_client.mjs"
        let run = try CommandRun("/usr/bin/env", ["node", "--no-warnings", script, output, file, client])
        let lines = run.output.split(separator: "\n")
        guard run.status == 0, lines.count == requests.count else {
            throw CLI.CLIError(description: "node \(script) exited \(run.status): \(run.output)")
        }
        return try lines.map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let served = try JSONDecoder().decode(Served.self, from: JSONSerialization.data(withJSONObject: object["served"]!))
            if let error = (object["answer"] as? [String: Any])?["error"] { throw CLI.CLIError(description: "search.js: \(error)") }
            return (object["answer"]!, served)
        }
    }

    /// The hits of each query (with its options), in one visit.
    static func search(_ output: String, _ queries: [(String, [String: Any])]) throws -> [[Hit]] {
        try run(output, queries.map { ["search": $0.0, "options": $0.1] }).map { answer, _ in
            try JSONDecoder().decode([Hit].self, from: JSONSerialization.data(withJSONObject: answer))
        }
    }
}
