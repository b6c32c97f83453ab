import DefaultTemplates

/// The built-in templates' bytes, for tests that override one with a variation.
enum DefaultTemplatesFile {
    static var digest: [UInt8] { DefaultTemplates.files.first { $0.path == "digest.mustache" }!.bytes }
}
