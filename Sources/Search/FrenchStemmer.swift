import CStemmer

/// Snowball's French stemmer, from Debian's libstemmer: the only door to the C library. A
/// stemmer keeps state between calls, so each worker thread makes its own.
final class FrenchStemmer {
    private let stemmer: OpaquePointer

    init() {
        stemmer = sb_stemmer_new("french", "UTF_8")!  // compiled into libstemmer: cannot be missing
    }

    deinit { sb_stemmer_delete(stemmer) }

    /// The stem of a lowercase word.
    func stem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { w in
            guard let out = sb_stemmer_stem(stemmer, w.baseAddress, Int32(w.count)) else { return String(decoding: w, as: UTF8.self) }
            return String(decoding: UnsafeBufferPointer(start: out, count: Int(sb_stemmer_length(stemmer))), as: UTF8.self)
        }
    }
}
