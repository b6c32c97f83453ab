extension String {
    /// A string from bytes already known to be valid UTF-8 (text of a document libxml2 parsed
    /// as well formed, or a valid string with ASCII bytes replaced), copied without the
    /// validation `String(decoding:as:)` repeats: on feed bodies that check was a tenth of
    /// the parse. Never use it on bytes from outside.
    public init(trustedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        self = String(copying: UTF8Span(unchecked: bytes.span, isKnownASCII: false))
    }
}
