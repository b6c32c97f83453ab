import Foundation
import KiosqueCore

/// What a build checks before it writes anything into an existing output folder, so that it
/// never replaces or deletes a file it did not write and never unpublishes a site by
/// accident (an emptied `content/`, a mistyped `paths.content`, run from cron).
struct OutputGuard {
    let output: String
    /// The folder as messages name it (`public`).
    let shown: String
    var allowRemovals = false
    var cleanDestination = false

    /// A build may remove this share of the published articles, and at least this many,
    /// without `--allow-removals`.
    static let removableShare = 0.10
    static let removableCount = 5

    /// What the checks found: for a full build, what it must carry into the new site (the
    /// files and empty folders that are not Kiosque's); for an update, the paths new to the
    /// inventory.
    struct Verdict {
        var carry: [String] = []
        var added: [String] = []
    }

    /// Checks the build that will produce `produced` (relative paths) over what `owned`
    /// says Kiosque wrote there.
    func check(produced: [String], owned: OutputInventory?, fullBuild: Bool) throws(DiagnosticsError) -> Verdict {
        let folder = OutputFolder(path: output)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output, isDirectory: &isDir) else { return Verdict(added: produced) }
        guard isDir.boolValue else {
            throw error(shown, "this is a file, not a folder: the site cannot be written there",
                        hint: "set paths.output (or --output) to a folder")
        }
        guard let owned else {
            if cleanDestination || folder.isEmpty { return Verdict(added: produced) }
            let entries = (try? folder.foreignEntries(owned: [])) ?? []
            throw error(shown, "the folder holds files that Kiosque did not write (\(Self.sample(entries))): a build would replace them; nothing was written",
                        hint: "build into an empty or new folder (paths.output or --output), or run kiosque build --clean-destination to replace its contents")
        }
        let added = produced.filter { !owned.paths.contains($0) }
        // Every listed file still produced (the counts say so): nothing to unpublish.
        if !allowRemovals && produced.count - added.count < owned.paths.count {
            let before = OutputInventory.articlePages(owned.paths)
            let removed = before.subtracting(OutputInventory.articlePages(produced)).sorted()
            if removed.count > Self.removableCount, Double(removed.count) > Self.removableShare * Double(before.count) {
                let pages = removed.map { String($0.dropLast("index.html".count)) }
                throw error(shown, "this build would unpublish \(removed.count) of the \(before.count) articles of the site (\(Int((100 * Double(removed.count) / Double(before.count)).rounded())) %), such as \(Self.sample(pages)); nothing was written",
                            hint: "if content/ was emptied or moved, or paths.content is wrong, fix that; to unpublish them on purpose, run kiosque build --allow-removals")
            }
        }
        if cleanDestination { return Verdict(added: produced) }
        let taken = added.filter { Self.exists(output + "/" + $0) }
        if !taken.isEmpty {
            throw DiagnosticsError(taken.map { p in
                Diagnostic(file: shown + "/" + p, "this file was not written by Kiosque, and the build now writes a page there; nothing was written",
                           hint: "move it away (into templates/static/ to publish it with the site), or run kiosque build --clean-destination to replace it")
            })
        }
        guard fullBuild else { return Verdict(added: added) }
        do {
            return Verdict(carry: try folder.foreignEntries(owned: owned.paths) ?? [], added: added)
        } catch {
            throw self.error(shown, "cannot read the folder: \(error)", hint: "check its permissions")
        }
    }

    /// The warning that names, once, what a full build kept.
    func keptWarning(_ carried: [String]) -> Diagnostic? {
        let files = carried.filter { !$0.hasSuffix("/") }
        guard !files.isEmpty else { return nil }
        return Diagnostic(.warning, file: shown,
                          "\(files.count) file(s) that Kiosque did not write are kept: \(Self.sample(files))",
                          hint: "move them into templates/static/ to publish them with the site; kiosque build --clean-destination removes them")
    }

    private func error(_ file: String, _ message: String, hint: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(file: file, message, hint: hint)])
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// `a, b, c and 12 more`.
    static func sample(_ items: [String], count: Int = 3) -> String {
        let shown = items.prefix(count).joined(separator: ", ")
        return items.count > count ? "\(shown) and \(items.count - count) more" : shown
    }
}
