import Foundation

extension String {
    /// A string from bytes already known to be valid UTF-8 (text of a document libxml2 parsed
    /// as well formed, or a valid string with ASCII bytes replaced), copied without the
    /// validation `String(decoding:as:)` repeats: on feed bodies that check was a tenth of
    /// the parse. Never use it on bytes from outside.
    public init(trustedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        self = String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: false))
    }

    /// Whether the text's UTF-8 holds `byte`: memchr, where the UTF-8 view walks one index
    /// at a time (on every article's file, 2 % of a build).
    public func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.isEmpty ? false : memchr($0.baseAddress!, Int32(byte), $0.count) != nil }
            ?? utf8.contains(byte)
    }
}
