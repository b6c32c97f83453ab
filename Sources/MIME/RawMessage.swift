import Foundation

/// A message already serialised (a `.eml` file), with its header fields editable: the
/// sender personalises `To` and `Message-ID` for each recipient without re-encoding the
/// body.
public struct RawMessage: Sendable {
    /// Header field lines, each with its folded continuation lines, without the final CRLF.
    public private(set) var fields: [String]
    public private(set) var body: ArraySlice<UInt8>

    /// nil when there is no blank line between header and body.
    public init?(_ bytes: [UInt8]) {
        guard let end = Self.find([13, 10, 13, 10], in: bytes) else { return nil }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var fields: [String] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1] += "\r\n" + line
            } else {
                fields.append(line)
            }
        }
        self.fields = fields
        body = bytes[(end + 4)...]
    }

    /// The unfolded value of the first field with this name (case-insensitive).
    public func value(_ name: String) -> String? {
        fields.firstIndex { Self.name(of: $0) == name.lowercased() }.map { i in
            let f = fields[i]
            let v = f[f.index(after: f.firstIndex(of: ":")!)...]
            return v.replacingOccurrences(of: "\r\n", with: "").trimmingSpaces
        }
    }

    /// Replaces the field (or appends it).
    public mutating func set(_ name: String, _ value: String) {
        let line = MIMEMessage.fold("\(name): \(value)")
        if let i = fields.firstIndex(where: { Self.name(of: $0) == name.lowercased() }) {
            fields[i] = line
        } else {
            fields.append(line)
        }
    }

    /// The same header with another body.
    public func with(body: [UInt8]) -> RawMessage {
        var copy = self
        copy.body = body[...]
        return copy
    }

    /// A field's whole line (name, value and folding) replaced.
    mutating func replaceField(at index: Int, with line: String) { fields[index] = line }

    public var bytes: [UInt8] {
        var out = Array(fields.joined(separator: "\r\n").utf8)
        out += [13, 10, 13, 10]
        out += body
        return out
    }

    private static func name(of field: String) -> String {
        field.firstIndex(of: ":").map { field[..<$0].lowercased() } ?? ""
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}
