import Foundation
import KiosqueCore

/// A story's images, downloaded into `content/media/YYYY/MM/DD/` so that the site serves them
/// itself: readers' browsers never call the sources, and a source that moves breaks nothing.
/// Bounded like feeds (`FetchOptions`: size, time, redirects); the type is read from the bytes
/// (JPEG, PNG, GIF, WebP; never SVG), tracking pixels are dropped. A file is named after the
/// story and its bytes (`<slug>-<hash>.<ext>`), so the same picture is one file, and a name is
/// never given to other bytes: an existing file is used as it is, never overwritten.
///
/// Written whole, under the fetch lock: journal `writing F`, the temp `.F.kiosque-new`, flushed,
/// renamed. A run killed in between leaves a temp that the next run's recovery removes (a
/// `writing` line without an intent); the story, written after its images, is then fetched
/// again and finds them there.
struct ImageDownloads {
    /// What a story's images became.
    struct Placed {
        /// Source URL -> site-root path (`/media/2026/11/26/seance-abc12345.jpg`).
        var local: [String: String] = [:]
        /// Files this run wrote, relative to the site folder -> hash of their bytes.
        var written: [String: String] = [:]
        /// Why images were left out (for `--verbose` and the summary).
        var notes: [String] = []
    }

    let options: FetchOptions
    let files: OwnedFiles
    /// `content/media`, relative to the site folder.
    let folder: String

    init(options: FetchOptions, files: OwnedFiles, contentFolder: String) {
        var options = options
        options.accept = "image/webp, image/png, image/jpeg, image/gif;q=0.9"
        self.options = options
        self.files = files
        folder = contentFolder + "/media"
    }

    /// Downloads `sources` (together, bounded) and writes each new image. Throws only when the
    /// journal cannot be written or a rename fails: the run must stop there.
    func place(_ sources: [String], slug: String, day: Day) throws(LoadFailure) -> Placed {
        var placed = Placed()
        guard !sources.isEmpty else { return placed }
        let remote = sources.filter { !$0.hasPrefix("data:") }
        let responses = HTTPClient(options: options).fetchAll(remote.map { HTTPRequest(url: $0) })
        var fetched: [String: Result<HTTPResponse, HTTPFailure>] = [:]
        for (i, url) in remote.enumerated() { fetched[url] = responses[i] }
        for source in sources {
            let bytes: [UInt8]
            if source.hasPrefix("data:") {
                guard let data = Self.decodeDataURL(source, limit: options.maxBodyBytes) else {
                    placed.notes.append("image data: URL not readable: left out")
                    continue
                }
                bytes = data
            } else {
                switch fetched[source]! {
                case .failure(let f):
                    placed.notes.append("image \(Self.shown(source)): \(f.description): left out")
                    continue
                case .success(let r) where !(200..<300).contains(r.status):
                    placed.notes.append("image \(Self.shown(source)): HTTP \(r.status): left out")
                    continue
                case .success(let r):
                    bytes = r.body
                }
            }
            guard let sniffed = ImageSniffer(bytes) else {
                placed.notes.append("image \(Self.shown(source)): not a JPEG, PNG, GIF or WebP image (by its bytes): left out")
                continue
            }
            guard !sniffed.isTiny else {
                placed.notes.append("image \(Self.shown(source)): \(sniffed.width) × \(sniffed.height) pixels, a tracking pixel: left out")
                continue
            }
            let hash = StableHash.hex(bytes)
            let name = "\(slug.prefix(60))-\(hash.prefix(8)).\(sniffed.format.fileExtension)"
            let file = "\(folder)/\(day.path)/\(name)"
            switch try write(bytes, to: file) {
            case .written: placed.written[file] = hash
            case .there: break
            case .failed(let why):
                placed.notes.append("image \(Self.shown(source)): \(why): left out")
                continue
            }
            placed.local[source] = "/media/\(day.path)/\(name)"
        }
        return placed
    }

    private enum Written { case written, there, failed(String) }

    /// `.there` when a file is already at that name (the same picture, or an editor's version
    /// of it); `.failed` when the temp could not be written (a full disk): nothing changed.
    private func write(_ bytes: [UInt8], to file: String) throws(LoadFailure) -> Written {
        let target = files.absolute(file)
        guard !FileManager.default.fileExists(atPath: target) else { return .there }
        try files.journal.append(.writing(file: file))
        let temp = DurableFile.temp(for: target)
        do {
            try DurableFile.writeFlushed(Data(bytes), to: temp)
        } catch {
            return .failed(error.description)
        }
        try DurableFile.rename(temp, to: target)
        DurableFile.syncFolder(of: target)
        return .written
    }

    /// The bytes of a `data:image/…;base64,` URL (the sanitizer lets only raster types through).
    static func decodeDataURL(_ url: String, limit: Int) -> [UInt8]? {
        guard let comma = url.firstIndex(of: ","), url[..<comma].lowercased().hasSuffix(";base64"),
              url.utf8.count <= limit * 4 / 3 + 100,
              let data = Data(base64Encoded: String(url[url.index(after: comma)...]), options: .ignoreUnknownCharacters)
        else { return nil }
        return [UInt8](data)
    }

    private static func shown(_ source: String) -> String { source.count > 100 ? source.prefix(100) + "…" : source }
}
