import KiosqueCore

/// RSS 0.90, 0.91, 0.92, 1.0 (RDF) and 2.0, with the modules real feeds use:
/// `content:encoded`, Dublin Core, Media RSS, enclosures.
struct RSSReader {
    /// The namespace of the core elements: none for 0.91–2.0, RSS 1.0's or 0.90's for RDF.
    let core: XMLNamespace
    let format: FeedFormat

    func read(_ root: XMLNodePtr) -> FeedDocument {
        let channel = root.named("channel") ? root : root.elements.first { $0.named("channel") && $0.namespace == core }
        var doc = FeedDocument(format: format, title: "", link: nil, language: nil, updated: nil, items: [])
        var itemNodes: [XMLNodePtr] = []
        var published: Timestamp?
        if let channel {
            for e in channel.elements {
                switch e.namespace {
                case core:
                    if e.named("item") { itemNodes.append(e) }
                    else if e.named("title") { doc.title = e.text.trimmingWhitespace }
                    else if e.named("link") { doc.link = e.trimmedText.map { resolveURL($0, against: e.base) } }
                    else if e.named("language") { doc.language = e.trimmedText }
                    else if e.named("lastBuildDate") { doc.updated = e.trimmedText.flatMap(FeedDate.parse) }
                    else if e.named("pubDate") { published = e.trimmedText.flatMap(FeedDate.parse) }
                case .dc:
                    if e.named("language") { doc.language = doc.language ?? e.trimmedText }
                    else if e.named("date") { doc.updated = doc.updated ?? e.trimmedText.flatMap(FeedDate.parse) }
                    else if e.named("title"), doc.title.isEmpty { doc.title = e.text.trimmingWhitespace }
                default: break
                }
            }
        }
        doc.updated = doc.updated ?? published
        // RSS 1.0 and 0.90 put the items beside the channel.
        if core != .unqualified {
            itemNodes += root.elements.filter { $0.named("item") && $0.namespace == core }
        }
        doc.items = itemNodes.map(item)
        return doc
    }

    private func item(_ n: XMLNodePtr) -> FeedItem {
        var item = FeedItem(id: "", title: "")
        var guid: String?, isPermaLink = true, link: String?, creator: String?, author: String?
        for e in n.elements {
            switch e.namespace {
            case core:
                if e.named("title") { item.title = e.text.trimmingWhitespace }
                else if e.named("link") { link = e.trimmedText }
                else if e.named("description") { item.summaryHTML = e.trimmedText }
                else if e.named("guid") {
                    guid = e.trimmedText
                    isPermaLink = e.attribute("isPermaLink")?.trimmingWhitespace.lowercased() != "false"
                }
                else if e.named("pubDate") { item.published = e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("author") { author = e.trimmedText }
                else if e.named("category") { if let c = e.trimmedText { item.categories.append(c) } }
                else if e.named("enclosure"), item.image == nil,
                        e.attribute("type")?.lowercased().hasPrefix("image/") == true {
                    item.image = e.attribute("url")
                }
            case .content:
                if e.named("encoded") { item.contentHTML = e.trimmedText }
            case .dc:
                if e.named("creator") { creator = creator ?? e.trimmedText }
                else if e.named("date") { item.published = item.published ?? e.trimmedText.flatMap(FeedDate.parse) }
                else if e.named("subject") { if let c = e.trimmedText { item.categories.append(c) } }
                else if e.named("title"), item.title.isEmpty { item.title = e.text.trimmingWhitespace }
            case .dcterms:
                if e.named("modified") { item.updated = e.trimmedText.flatMap(FeedDate.parse) }
            case .atom10:
                if e.named("updated") { item.updated = e.trimmedText.flatMap(FeedDate.parse) }
            case .media:
                if item.image == nil { item.image = mediaImage(e) }
            default: break
            }
        }
        let base = n.base
        item.base = base
        item.author = creator ?? author
        item.link = link.map { resolveURL($0, against: base) }
        if item.link == nil, let guid, isPermaLink, guid.lowercased().hasPrefix("http") { item.link = guid }
        item.id = guid ?? n.attribute("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") ?? item.link ?? ""
        item.image = item.image.map { resolveURL($0, against: base) }
        FeedParser.complete(&item)
        return item
    }
}
