import KiosqueCore

/// The stories known so far, indexed for the two questions a new item asks (is there a story
/// with its link; one from another source the same day with nearly its title), so that each
/// question touches only the stories that could answer it, however many there are that day.
struct StoryIndex {
    private var byLink: [String: String] = [:]
    /// Day + word -> source -> files whose title has that word, in the order they came.
    private var byWord: [String: [String: [String]]] = [:]
    /// File -> the words of its title now (a rewrite may change it).
    private var titleWords: [String: Set<String>] = [:]

    /// A bound on each item's work: only a day of thousands of other sources' stories sharing
    /// its rarest words reaches it, and then a retitled wire story may get a file of its own.
    static let titlesComparedPerItem = 2_000

    init(_ stories: [FetchState.Story]) {
        for story in stories.sorted(by: { $0.file < $1.file }) { add(story) }
    }

    /// A new story, or one whose title or link a rewrite changed.
    mutating func add(_ story: FetchState.Story) {
        if let link = story.link, byLink[link] == nil { byLink[link] = story.file }
        let words = StoryMatch.words(story.title)
        let indexed = titleWords[story.file] ?? []
        titleWords[story.file] = words
        for word in words.subtracting(indexed).sorted() {
            byWord[story.day + " " + word, default: [:]][story.source, default: []].append(story.file)
        }
    }

    /// The story an item repeats: the same canonical link, or a near-identical title the same
    /// day from another source (looked up by the title's rarest words that day).
    func sameStory(link: String?, title: String, day: String, source: String) -> String? {
        if let link, let file = byLink[link] { return file }
        let words = StoryMatch.words(title)
        guard words.count >= StoryMatch.minimumWords else { return nil }
        let postings = words.map { word -> (count: Int, word: String, bySource: [String: [String]]) in
            let bySource = byWord[day + " " + word] ?? [:]
            return (bySource.reduce(0) { $0 + ($1.key == source ? 0 : $1.value.count) }, word, bySource)
        }.sorted { ($0.count, $0.word) < ($1.count, $1.word) }
        var budget = Self.titlesComparedPerItem
        for posting in postings.prefix(StoryMatch.wordsToLookUp(words.count)) {
            for other in posting.bySource.keys.sorted() where other != source {
                for file in posting.bySource[other]! {
                    if let candidate = titleWords[file], StoryMatch.nearlySameTitle(words, candidate) { return file }
                    budget -= 1
                    if budget == 0 { return nil }
                }
            }
        }
        return nil
    }
}
