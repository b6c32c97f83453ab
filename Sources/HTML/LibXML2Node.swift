import CLibXML2
import KiosqueCore

// What every libxml2 reader of the package shares: the node pointer's accessors, the one
// process-wide setup, URL resolution. `package`: for the HTML and Feeds targets only.

package typealias XMLNodePtr = UnsafeMutablePointer<xmlNode>

/// Process-wide libxml2 settings, made once: initialised for threads, and an entity loader
/// that refuses everything, so no parse can ever read a file or a URL named in a DTD.
package let libxml2Setup: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()

extension UnsafeMutablePointer where Pointee == xmlNode {
    package var isElement: Bool { pointee.type == XML_ELEMENT_NODE }

    package func named(_ name: StaticString) -> Bool { xmlStrEqual(pointee.name, name.utf8Start) != 0 }

    package var name: String { pointee.name.map { String(cString: $0) } ?? "" }

    /// Child elements in document order.
    package var elements: ElementSequence { ElementSequence(cursor: pointee.children) }

    package var hasElements: Bool {
        var e = elements
        return e.next() != nil
    }

    /// The text of the node and its descendants, as libxml2 gathers it (an HTML parse has
    /// already decoded every entity).
    package var content: String {
        guard let c = xmlNodeGetContent(self) else { return "" }
        defer { kiosque_xmlFree(c) }
        return String(cString: c)
    }

    package func attribute(_ name: StaticString) -> String? {
        guard let v = xmlGetNoNsProp(self, name.utf8Start) else { return nil }
        defer { kiosque_xmlFree(v) }
        return String(cString: v)
    }

    package func attribute(_ name: StaticString, namespace: StaticString) -> String? {
        guard let v = xmlGetNsProp(self, name.utf8Start, namespace.utf8Start) else { return nil }
        defer { kiosque_xmlFree(v) }
        return String(cString: v)
    }
}

package struct ElementSequence: Sequence, IteratorProtocol {
    package var cursor: XMLNodePtr?
    package mutating func next() -> XMLNodePtr? {
        while let n = cursor {
            cursor = n.pointee.next
            if n.pointee.type == XML_ELEMENT_NODE { return n }
        }
        return nil
    }
}

/// RFC 3986 resolution through libxml2 (`xmlBuildURI`); the reference unchanged when it
/// cannot be parsed or there is no base.
package func resolveURL(_ reference: String, against base: String?) -> String {
    let ref = reference.trimmingWhitespace
    guard let base, !base.isEmpty, !ref.isEmpty else { return ref }
    // Already absolute, the usual case: nothing to resolve.
    if ref.utf8.starts(with: "https://".utf8) || ref.utf8.starts(with: "http://".utf8) { return ref }
    let built = withXMLChars(ref) { r in withXMLChars(base) { b in xmlBuildURI(r, b) } }
    guard let built else { return ref }
    defer { kiosque_xmlFree(built) }
    return String(cString: built)
}

/// A Swift string as libxml2's NUL-terminated `xmlChar*`.
package func withXMLChars<R>(_ s: String, _ body: (UnsafePointer<xmlChar>) -> R) -> R {
    (Array(s.utf8) + [0]).withUnsafeBufferPointer { body($0.baseAddress!) }
}
