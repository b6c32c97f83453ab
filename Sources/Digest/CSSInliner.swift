import HTML

/// Moves a template's `<style>` rules into `style` attributes, as Gmail and Outlook need
/// (they drop or ignore much of `<style>`). Rules that cannot live in an attribute
/// (`@media`, dark mode, `:hover`, `[data-ogsc]`) stay in one `<style>` in the head.
enum CSSInliner {
    /// Cascade per element: stylesheet rules by specificity then order, the element's own
    /// `style` over them, `!important` stylesheet declarations over both.
    static func inline(_ doc: HTMLDocument) {
        let styles = doc.elements(named: "style")
        let sheet = Stylesheet(styles.map(\.text).joined(separator: "\n"))
        for s in styles { s.remove() }
        var rules: [(Selector, [Stylesheet.Declaration], Int)] = []
        var kept: [String] = []
        for item in sheet.items {
            switch item {
            case .rule(let s, let d, let o): rules.append((s, d, o))
            case .kept(let css): kept.append(css)
            }
        }
        rules.sort { a, b in a.0.specificity != b.0.specificity ? a.0.specificity < b.0.specificity : a.2 < b.2 }

        let elements = doc.elements
        var index: [HTMLDocument.Element: Int] = [:]
        var targets: [SelectorTarget] = []
        targets.reserveCapacity(elements.count)
        for (i, e) in elements.enumerated() {
            index[e] = i
            targets.append(SelectorTarget(name: e.name, id: e.attribute("id"), classes: e.classes,
                                          parent: e.parent.flatMap { index[$0] }))
        }
        for (i, e) in elements.enumerated() {
            var normal: [Stylesheet.Declaration] = [], important: [Stylesheet.Declaration] = []
            for (sel, decls, _) in rules where sel.matches(targets, i) {
                for d in decls { if d.important { important.append(d) } else { normal.append(d) } }
            }
            guard !normal.isEmpty || !important.isEmpty else { continue }
            let own = Stylesheet.declarations(e.attribute("style") ?? "")
            var merged: [Stylesheet.Declaration] = []
            for d in normal + own.filter({ !$0.important }) + important + own.filter(\.important) {
                if let i = merged.firstIndex(where: { $0.property == d.property }) { merged[i] = d } else { merged.append(d) }
            }
            e.setAttribute("style", merged.map(\.css).joined(separator: ";") + ";")
        }
        if !kept.isEmpty { doc.addStyle("\n" + kept.joined(separator: "\n") + "\n") }
    }
}
