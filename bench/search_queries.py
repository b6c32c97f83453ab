#!/usr/bin/env python3
"""20 known-item queries on a corpus of ../shared/bench/gen_corpus.py, as JSON on stdout.

    python3 bench/search_queries.py CORPUS_DIR > queries.json

Each is an article whose title no other article has, picked at even steps through the
sorted file list; the query is what a reader remembers of it: four of its title's words
(stop words and punctuation dropped; a number as typed, `2,75`, `3624` for `3 624`), typed lowercase and without accents. Its right
answer is that article: [{"q": ..., "answer": "/articles/YYYY/MM/DD/slug/"}].
The words are its four rarest among the titles (a reader remembers what set it apart),
more when four would fit another title too, in the title's order.
"""
import json, os, re, sys, unicodedata

STOP = set("a à au aux avec ce ces dans de des du en et la le les l d un une pour par sur qu que qui son sa ses se ne pas plus est sont".split())


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def main(root):
    titles = {}
    for folder, _, files in os.walk(os.path.join(root, "content/articles")):
        for f in files:
            if not f.endswith(".md"):
                continue
            path = os.path.join(folder, f)
            with open(path, encoding="utf-8") as fh:
                head = fh.read(2000)
            m = re.search(r'^title: "(.*)"$', head, re.M)
            if m and "draft: true" not in head:
                rel = os.path.relpath(path, os.path.join(root, "content"))[:-3]
                titles.setdefault(m.group(1), []).append("/" + rel + "/")
    def words(title):
        found = re.findall(r"\d+(?:[,.\u00a0\u202f]\d+)*|[^\W\d_]+", fold(title).lower())
        return [re.sub("[\u00a0\u202f]", "", w) for w in found if w not in STOP]
    frequency = {}
    for t in titles:
        for w in set(words(t)):
            frequency[w] = frequency.get(w, 0) + len(titles[t])
    unique = sorted((paths[0], t) for t, paths in titles.items() if len(paths) == 1)
    sets = [set(words(t)) for t in titles]
    out = []
    step = max(1, len(unique) // 20)
    for path, title in unique[step // 2::step][:20]:
        ws = list(dict.fromkeys(words(title)))
        by_rarity = sorted(ws, key=lambda w: (frequency[w], ws.index(w)))
        # Four words, more if four do not tell it from another title.
        k = 4
        while k < len(by_rarity) and sum(set(by_rarity[:k]) <= other for other in sets) > 1:
            k += 1
        rare = set(by_rarity[:k])
        out.append({"q": " ".join(w for w in ws if w in rare), "answer": path})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
