/// Elements that HTML writes without a closing tag.
package enum HTMLVoidElements {
    package static let names: Set<String> = ["br", "hr", "img", "wbr", "area", "col", "input", "meta", "link", "base", "source",
                                     "param", "embed", "track"]
}
