import Foundation

/// The preview folder as HTTP sees it. A request path becomes a file inside the folder or
/// nothing: `..` and `.` segments, encoded slashes and dots, backslashes, NUL and other
/// controls, double encoding and hidden names are refused before any file is touched, and a
/// symbolic link that leads out of the folder is not followed.
struct PreviewFiles: Sendable {
    /// Canonical (symbolic links resolved), without a trailing slash.
    let root: String

    init(root: String) {
        self.root = URL(fileURLWithPath: root).resolvingSymlinksInPath().standardizedFileURL.path
    }

    enum Lookup: Equatable {
        case file(String)
        /// A folder asked for without its slash: `/x` -> `/x/`.
        case redirect(String)
        case notFound
        /// Not a path a browser asks for honestly.
        case badRequest
    }

    /// `rawPath`: the request target's path, still percent-encoded.
    func lookup(_ rawPath: String) -> Lookup {
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else { return .badRequest }
        // What survives one decoding must be a plain path: a second `%` is double encoding.
        guard !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0 == "%" || $0.value == 0x7F })
        else { return .badRequest }
        let segments = decoded.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return .badRequest }
        if segments.contains(where: { $0.hasPrefix(".") }) { return .notFound }
        let relative = segments.joined(separator: "/")
        var candidate = relative.isEmpty ? root : root + "/" + relative
        if isDirectory(candidate) {
            // Built from the checked segments: never `//host/`, which a browser reads as another site.
            guard decoded.hasSuffix("/") else {
                return .redirect("/" + segments.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "" }
                    .joined(separator: "/") + "/")
            }
            candidate += "/index.html"
        }
        // Whatever links the path goes through, the file must be inside the folder.
        guard let real = realPath(candidate), real.hasPrefix(root + "/"), isRegularFile(real) else { return .notFound }
        return .file(real)
    }

    /// The site's own not-found page, when the build made one.
    var notFoundPage: String? {
        guard case .file(let path) = lookup("/404.html") else { return nil }
        return path
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "xml": return "application/xml; charset=utf-8"
        case "json": return "application/json"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "avif": return "image/avif"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    private func realPath(_ path: String) -> String? {
        guard let p = Glibc.realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    private func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    private func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
