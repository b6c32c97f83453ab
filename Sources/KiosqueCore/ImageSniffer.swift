/// What an image file is, read from its first bytes, never from its name or a server's
/// `Content-Type`: the four raster formats browsers all show, with the size their header
/// gives. Anything else (SVG, HTML saved as `.jpg`, a PDF) is not an image to Kiosque.
public struct ImageSniffer: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case jpeg = "jpg", png, gif, webp

        /// The extension Kiosque names files of this format with.
        public var fileExtension: String { rawValue }

        public var name: String { self == .jpeg ? "JPEG" : self == .webp ? "WebP" : rawValue.uppercased() }
    }

    public var format: Format
    public var width: Int
    public var height: Int

    /// Below this on either side, an image is a tracking pixel or a spacer, not a picture.
    public static let minimumSide = 16

    public var isTiny: Bool { width < Self.minimumSide || height < Self.minimumSide }

    /// Extensions of files that may be images (editors' files under `content/media/`).
    public static let extensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp"]

    public init?(_ b: some Collection<UInt8>) {
        let b = Array(b)
        func be16(_ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
        func le16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func be32(_ i: Int) -> Int { be16(i) << 16 | be16(i + 2) }
        func le24(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
        func starts(_ s: [UInt8], at i: Int = 0) -> Bool { b.count >= i + s.count && Array(b[i..<(i + s.count)]) == s }

        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), b.count >= 24, starts(Array("IHDR".utf8), at: 12) {
            self.init(format: .png, width: be32(16), height: be32(20))
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)), b.count >= 10 {
            self.init(format: .gif, width: le16(6), height: le16(8))
        } else if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8), b.count >= 30 {
            if starts(Array("VP8 ".utf8), at: 12) {
                self.init(format: .webp, width: le16(26) & 0x3FFF, height: le16(28) & 0x3FFF)
            } else if starts(Array("VP8L".utf8), at: 12) {
                let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
                self.init(format: .webp, width: (bits & 0x3FFF) + 1, height: (bits >> 14 & 0x3FFF) + 1)
            } else if starts(Array("VP8X".utf8), at: 12) {
                self.init(format: .webp, width: le24(24) + 1, height: le24(27) + 1)
            } else {
                return nil
            }
        } else if starts([0xFF, 0xD8, 0xFF]) {
            // The first start-of-frame segment gives the size; markers before it are skipped.
            var i = 2
            while i + 9 < b.count, b[i] == 0xFF {
                let marker = b[i + 1]
                if marker == 0xFF { i += 1; continue }
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    self.init(format: .jpeg, width: be16(i + 7), height: be16(i + 5))
                    return
                }
                i += 2 + be16(i + 2)
            }
            return nil
        } else {
            return nil
        }
    }

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }
}
