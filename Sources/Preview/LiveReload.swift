import Foundation
import KiosqueCore

/// What the server adds to the pages it serves, and only to them (never to a build's
/// output): a script that listens to `/_kiosque/events` and reloads the page when the build
/// changed it, when the build broke or was fixed, or when the server comes back after a
/// restart (the browser's EventSource reconnects by itself).
enum LiveReload {
    static let eventsPath = "/_kiosque/events"

    static let script = """
    <script>(function () {
      var down = false, es = new EventSource("\(eventsPath)");
      es.onerror = function () { down = true; };
      es.onopen = function () { if (down) location.reload(); };
      es.addEventListener("reload", function (e) {
        var paths = JSON.parse(e.data), here = location.pathname;
        if (paths.some(function (p) { return p === "*" || p === here || !/\\/$|\\.html$/.test(p); })) location.reload();
      });
    })();</script>
    """

    /// `html` with the script before `</body>` (or at the end when there is none).
    static func inject(into html: [UInt8]) -> [UInt8] {
        let tag = Array("</body>".utf8), script = Array(script.utf8)
        guard html.count >= tag.count else { return html + script }
        var i = html.count - tag.count
        while i >= 0 {
            if html[i] == UInt8(ascii: "<"), html[i..<(i + tag.count)].elementsEqual(tag, by: { lower($0) == $1 }) {
                return Array(html[..<i]) + script + Array(html[i...])
            }
            i -= 1
        }
        return html + script
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    /// One server-sent event: `event: reload` with the changed site paths.
    static func event(paths: [String]) -> [UInt8] {
        let list = "[" + paths.map { QuotedString.quoted($0) }.joined(separator: ",") + "]"
        return Array("event: reload\ndata: \(list)\n\n".utf8)
    }
}

/// The page every HTML request gets while the build is broken: each problem exactly as the
/// build prints it, and the reload script, so that fixing the file brings the site back.
enum ErrorPage {
    static func html(_ diagnostics: [Diagnostic]) -> [UInt8] {
        let lines = diagnostics.sorted().map { "<li>\(XMLEscaping.escape($0.description))</li>" }.joined(separator: "\n")
        let n = diagnostics.filter { $0.severity == .error }.count
        let page = """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Erreur de construction · aperçu Kiosque</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fff7f5;color:#1a1a1a}
        main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}
        h1{color:#a3190b;font-size:1.4rem;margin:0 0 .5rem}
        ul{list-style:none;padding:0}
        li{font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word;background:#fff;border-left:4px solid #a3190b;padding:.6rem .8rem;margin:.5rem 0}
        </style></head>
        <body><main>
        <h1>La construction a échoué : \(n) erreur\(n > 1 ? "s" : "")</h1>
        <p>Le site n’a pas été reconstruit. Corrigez ce qui est indiqué ci-dessous et enregistrez : cette page se rechargera d’elle-même.</p>
        <ul>
        \(lines)
        </ul>
        </main></body></html>
        """
        return LiveReload.inject(into: Array(page.utf8))
    }
}
