/// A written message with placeholders to fill in for each recipient (their own unsubscribe
/// link), without composing it again: placeholders are letters and digits, so in a
/// quoted-printable body they appear as they are, at most split by soft line breaks. Each
/// line of the body that holds one is decoded once; filling it in encodes that line alone
/// again, so the rest of the message goes out byte for byte as written.
public struct MessageTemplate: Sendable {
    public let message: RawMessage
    let placeholders: [String]
    /// The body: bytes as they are, and the decoded text of the lines to fill in.
    private let parts: [Part]

    private enum Part: Sendable {
        case bytes(ArraySlice<UInt8>)
        case line(String)
    }

    public init(_ message: RawMessage, placeholders: [String]) {
        self.message = message
        self.placeholders = placeholders
        var parts: [Part] = []
        let body = message.body
        guard !placeholders.isEmpty else {
            self.parts = [.bytes(body)]
            return
        }
        var start = body.startIndex, lineStart = body.startIndex
        var i = body.startIndex
        // Hard line breaks only: CRLF not preceded by "=" (an encoded "=" is "=3D").
        while i <= body.endIndex {
            let atEnd = i == body.endIndex
            if atEnd || (body[i] == 13 && i + 1 < body.endIndex && body[i + 1] == 10 && (i == body.startIndex || body[i - 1] != UInt8(ascii: "="))) {
                let line = body[lineStart..<i]
                let joined = Self.withoutSoftBreaks(line)
                if placeholders.contains(where: { joined.contains($0) }) {
                    if start < lineStart { parts.append(.bytes(body[start..<lineStart])) }
                    parts.append(.line(String(decoding: QuotedPrintable.decode(line), as: UTF8.self)))
                    start = i
                }
                if atEnd { break }
                i += 2
                lineStart = i
                continue
            }
            i += 1
        }
        if start < body.endIndex { parts.append(.bytes(body[start...])) }
        self.parts = parts
    }

    /// The lines that hold a placeholder, as they read: for checks and tests.
    public var lines: [String] {
        parts.compactMap { if case .line(let s) = $0 { s } else { nil } }
    }

    /// The message with each placeholder replaced by its value, in the header fields too.
    public func filled(_ values: [String: String]) -> RawMessage {
        var body: [UInt8] = []
        for part in parts {
            switch part {
            case .bytes(let b): body += b
            case .line(let text): body += Array(QuotedPrintable.encode(Self.replace(text, values)).utf8)
            }
        }
        var copy = message.with(body: body)
        for (n, field) in copy.fields.enumerated() where placeholders.contains(where: field.contains) {
            copy.replaceField(at: n, with: Self.replace(field, values))
        }
        return copy
    }

    static func replace(_ s: String, _ values: [String: String]) -> String {
        values.reduce(s) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }

    private static func withoutSoftBreaks(_ line: ArraySlice<UInt8>) -> String {
        String(decoding: line, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
    }
}
