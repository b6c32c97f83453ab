import CVips
import Foundation

/// libvips, the one file that calls it: an image's size, and its resized copies as WebP and
/// JPEG. Safe to call from several threads at once.
public enum Vips {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One resized copy, in both formats.
    public struct Variant: Sendable {
        public var width: Int
        public var height: Int
        public var webp: [UInt8]
        public var jpeg: [UInt8]
    }

    private static let started: Bool = kiosque_vips_start() == 0

    /// The width and height libvips reads in the header (nil: not an image it can read).
    public static func size(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard started else { return nil }
        return bytes.withUnsafeBytes { buf -> (Int, Int)? in
            guard let image = kiosque_vips_header(buf.baseAddress, buf.count) else {
                vips_error_clear()
                return nil
            }
            defer { g_object_unref(UnsafeMutableRawPointer(image)) }
            return (Int(vips_image_get_width(image)), Int(vips_image_get_height(image)))
        }
    }

    /// Copies `widths` pixels wide (each at most the image's own width: never enlarged),
    /// the largest decoded once and the others made from it. Refused past `maxPixels`
    /// before a pixel is decoded.
    public static func variants(_ bytes: [UInt8], widths: [Int], maxPixels: Int, quality: Int = 80) throws(Failure) -> [Variant] {
        guard started else { throw Failure(description: "libvips could not start") }
        guard let (w, h) = size(bytes) else { throw Failure(description: "not an image libvips can read: \(lastError())") }
        guard w > 0, h > 0, w * h <= maxPixels else {
            throw Failure(description: "\(w) × \(h) pixels, more than the \(maxPixels / 1_000_000) million allowed")
        }
        let targets = Array(Set(widths.map { min($0, w) })).sorted(by: >)
        guard let top = targets.first else { return [] }
        let largest = bytes.withUnsafeBytes { kiosque_vips_shrink_buffer($0.baseAddress, $0.count, Int32(top)) }
        guard let largest else { throw Failure(description: lastError()) }
        defer { g_object_unref(UnsafeMutableRawPointer(largest)) }
        var out: [Variant] = []
        for width in targets {
            let image = width == top ? largest : kiosque_vips_shrink_image(largest, Int32(width))
            guard let image else { throw Failure(description: lastError()) }
            defer { if width != top { g_object_unref(UnsafeMutableRawPointer(image)) } }
            out.append(Variant(width: Int(vips_image_get_width(image)), height: Int(vips_image_get_height(image)),
                               webp: try save(image, webp: true, quality: quality),
                               jpeg: try save(image, webp: false, quality: quality)))
        }
        return out.reversed()
    }

    private static func save(_ image: UnsafeMutablePointer<VipsImage>, webp: Bool, quality: Int) throws(Failure) -> [UInt8] {
        var buf: UnsafeMutableRawPointer?
        var len = 0
        guard kiosque_vips_save(image, webp ? 1 : 0, Int32(quality), &buf, &len) == 0, let buf else {
            throw Failure(description: lastError())
        }
        defer { g_free(buf) }
        return [UInt8](UnsafeRawBufferPointer(start: buf, count: len))
    }

    /// libvips's message for the last failure (its buffer is per process: cleared as read).
    private static func lastError() -> String {
        guard let text = vips_error_buffer_copy() else { return "libvips failed" }
        defer { g_free(text) }
        let message = String(cString: text).split(separator: "\n").first.map(String.init) ?? ""
        return message.isEmpty ? "libvips failed" : message
    }
}
