#!/usr/bin/env bash
# The search index's share of a one-article rebuild, from CPU samples instead of the
# difference of two whole builds (which the other jobs of a shared machine blur by more than
# the share itself): `perf record` of ADDS rebuilds of the site with search (the corpus that
# bench/search.sh leaves in WORK), each after one added article and SETTLE seconds.
#
#   bench/search_share.sh N KIOSQUE_BIN   (environment: ADDS=5, SETTLE=31, WORK=/tmp/kiosque-search-N;
#                                          needs perf, Debian's linux-perf, and swift demangle)
#
# Per build: the CPU of the search code itself (every sample with a frame of the Search target
# or of the search pages: analysis, buckets read, edited and written, their files rendered);
# the search pages' share of the page bookkeeping (signatures, build manifest, inventory,
# output guard: every page costs it, the index's pages are this fraction of the pages); and
# their share of the output writes (the files of the index among the files written).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/common.sh" "$@"
WORK=${WORK:-/tmp/kiosque-search-$N}
ADDS=${ADDS:-5} SETTLE=${SETTLE:-31}
ON=$WORK/on
[ -d "$ON/public/search" ] || { echo "run bench/search.sh $N first" >&2; exit 2; }
typical=$(find "$ON/content/articles" -name '*.md' ! -name 'bench-*' -printf '%s %p\n' | sort -n | awk '{a[NR]=$2} END{print a[int((NR+1)/2)]}')
cd "$ON"
"$K" build >/dev/null 2>&1
for ((k = 1; k <= ADDS; k++)); do
  sed -e "s/^title: \"/title: \"Part de l’index $k : /" -e '/^guid:/d' -e 's/^draft: .*/draft: false/' \
      -e "s/^date: .*/date: 2026-10-31T20:$(printf %02d "$k"):00Z/" "$typical" > "content/articles/2026/10/31/bench-share-$k.md"
  sleep "$SETTLE"
  perf record -q -F 1000 -g -o "$WORK/share.data" "$K" build --verbose > "$WORK/share-$k.log" 2>&1
  perf script -i "$WORK/share.data" -F period,ip,sym 2>/dev/null > "$WORK/share-$k.txt"
done
rm -f "$WORK/share.data" content/articles/2026/10/31/bench-share-*.md
pages=$(find public -type f | wc -l) search=$(find public/search -type f | wc -l)
python3 - "$WORK" "$ADDS" "$pages" "$search" <<'PY'
import re, subprocess, sys
work, adds, pages, search = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
SEARCH = re.compile(r"Search|PostingsShard|PrefixShard|MetadataShard|ShardStore|FrenchAnalyzer|FrenchStemmer|sb_stemmer|MarkdownText")
BOOK = re.compile(r"SitePlan\.jobs|OutputManifest\.|OutputInventory\.|OutputGuard\.check|SitePlan\.produced")
WRITE = re.compile(r"OutputWriter\.write")
rows = []
for k in range(1, adds + 1):
    samples, cur = [], None
    for line in open(f"{work}/share-{k}.txt"):
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 1 or not re.match(r"^[0-9a-f]+$", parts[0]):  # a sample's period
            cur = [int(parts[0]), []]
            samples.append(cur)
        elif cur is not None and len(parts) >= 2:
            cur[1].append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1]))
    names = sorted({f for _, s in samples for f in s})
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names), capture_output=True, text=True).stdout.split("\n")
    d = dict(zip(names, out))
    total = code = book = write = 0
    for period, stack in samples:
        frames = [d.get(f, f) for f in stack]
        total += period
        if any(SEARCH.search(f) for f in frames):
            code += period
        elif any(BOOK.search(f) for f in frames):
            book += period
        elif any(WRITE.search(f) for f in frames):
            write += period
    log = open(f"{work}/share-{k}.log").read()
    written = int(re.search(r"output: (\d+) files written", log).group(1))
    mine = int(re.search(r"(\d+) buckets changed", log).group(1)) + 1  # and index.json
    rows.append((total / 1e6, code / 1e6, book / 1e6 * search / pages, write / 1e6 * mine / written, mine, written))
for k, (total, code, book, write, mine, written) in enumerate(rows, 1):
    print(f"add {k}: build {total:.0f} ms CPU; search code {code:.1f} ms; page bookkeeping {book:.1f} ms ({search} of {pages} files); "
          f"writes {write:.1f} ms ({mine} of {written} files written)")
med = lambda xs: sorted(xs)[len(xs) // 2]
print(f"median: search code {med([r[1] for r in rows]):.1f} ms + page bookkeeping {med([r[2] for r in rows]):.1f} ms "
      f"+ writes {med([r[3] for r in rows]):.1f} ms = {med([r[1] + r[2] + r[3] for r in rows]):.1f} ms CPU")
PY
