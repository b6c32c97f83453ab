#!/usr/bin/env bash
# Kiosque's search index against Pagefind, on the same built site, in the same run.
#
#   bench/search.sh N KIOSQUE_BIN        (environment: RUNS=3, ADDS=5, SETTLE=31,
#                                         WORK=/tmp/kiosque-search-N,
#                                         PAGEFIND_VENV=/tmp/kiosque-pagefind-venv)
#
# N articles from ../shared/bench/gen_corpus.py, in two copies of the site: one with
# `search: {enabled: false}`. Measured:
#   index cost     clean build with search minus clean build without (median of RUNS), against
#                  Pagefind (pip pagefind[extended]) indexing the articles of the built site;
#                  wall time, and CPU time (user + system)
#   rebuild share  after one added article (a copy of the corpus's article of median length,
#                  retitled): incremental build with search minus without, CPU and wall time,
#                  medians of ADDS a run; each build SETTLE seconds after the previous one
#                  (ext4 without a journal, as on the project's machine, skips the inodes freed
#                  in the last 30 s when it makes a file: a build seconds after another pays
#                  for its deletions, which builds minutes apart do not)
#   bytes          gzipped bytes the client downloads for the 20 queries of search_queries.py:
#                  the first query of a visit (each query in turn), then the following ones
#   relevance      how many of the 20 find their article in the top 3, for each engine
# The client runs under Node (search_client.mjs, a real HTTP server of the output folder).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/common.sh" "$@"
WORK=${WORK:-/tmp/kiosque-search-$N}
VENV=${PAGEFIND_VENV:-/tmp/kiosque-pagefind-venv}
CLIENT=$here/../Tests/KiosqueTests/Support/search_client.mjs

[ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q 'pagefind[extended]'; }
ON=$WORK/on OFF=$WORK/off
[ -f "$ON/kiosque.yaml" ] || python3 "$SHARED/gen_corpus.py" --articles "$N" --out "$ON" --force >/dev/null
if [ ! -f "$OFF/kiosque.yaml" ]; then
  mkdir -p "$OFF" && cp -r "$ON/content" "$ON/recipients.txt" "$OFF/"
  { cat "$ON/kiosque.yaml"; printf 'search:\n  enabled: false\n'; } > "$OFF/kiosque.yaml"
fi

declare -A T
ADDS=${ADDS:-5} SETTLE=${SETTLE:-31}
# Runs a command; appends its wall and CPU (user + system) milliseconds to T[name_wall], T[name_cpu].
timed() {
  local name=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >/dev/null 2>&1
  read -r e u s < "$WORK/time"
  T[${name}_wall]+=" $(awk -v e="$e" 'BEGIN{printf "%d", e * 1000}')"
  T[${name}_cpu]+=" $(awk -v u="$u" -v s="$s" 'BEGIN{printf "%d", (u + s) * 1000}')"
}
# The article of median length, retitled and dated the corpus's last evening.
typical=$(find "$ON/content/articles" -name '*.md' ! -name 'bench-*' -printf '%s %p\n' | sort -n | awk '{a[NR]=$2} END{print a[int((NR+1)/2)]}')
added() {
  sed -e "s/^title: \"/title: \"Banc d’essai $1 : /" -e '/^guid:/d' -e 's/^draft: .*/draft: false/' \
      -e "s/^date: .*/date: 2026-10-31T21:$(printf %02d "$2"):00Z/" "$typical"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(loadavg)

for ((r = 1; r <= RUNS; r++)); do
  for s in on off; do (cd "$WORK/$s" && rm -rf public .kiosque content/articles/2026/10/31/bench-*.md); done
  cd "$OFF" && timed full_off "$K" build
  cd "$ON" && timed full_on "$K" build
  rm -rf "$ON/public/pagefind"
  timed pagefind "$VENV/bin/python" -m pagefind --site "$ON/public" --glob 'articles/**/index.html'
  for ((k = 1; k <= ADDS; k++)); do
    for s in off on; do
      added "$r.$k" "$k" > "$WORK/$s/content/articles/2026/10/31/bench-$k.md"
      sleep "$SETTLE"
      cd "$WORK/$s" && timed "add_$s" "$K" build
    done
  done
done
m() { median "${T[$1]}"; }
echo "corpus: $N articles ($(find "$ON/content/articles" -name '*.md' | wc -l) files), $RUNS runs, medians; load average $load_start at the start, $(loadavg) at the end"
echo "clean build without search:  $(m full_off_wall) ms wall, $(m full_off_cpu) ms CPU"
echo "clean build with search:     $(m full_on_wall) ms wall, $(m full_on_cpu) ms CPU -> index cost $(($(m full_on_wall) - $(m full_off_wall))) ms wall, $(($(m full_on_cpu) - $(m full_off_cpu))) ms CPU"
echo "pagefind on the articles:    $(m pagefind_wall) ms wall, $(m pagefind_cpu) ms CPU -> kiosque/pagefind = $(awk -v a=$(($(m full_on_wall) - $(m full_off_wall))) -v b="$(m pagefind_wall)" 'BEGIN{printf "%.2f", a/b}') (wall), $(awk -v a=$(($(m full_on_cpu) - $(m full_off_cpu))) -v b="$(m pagefind_cpu)" 'BEGIN{printf "%.2f", a/b}') (CPU)"
echo "one added article ($(wc -w < "$typical") words), rebuild: CPU $(m add_off_cpu) ms without search, $(m add_on_cpu) ms with -> index share $(($(m add_on_cpu) - $(m add_off_cpu))) ms; wall $(m add_off_wall) ms and $(m add_on_wall) ms -> $(($(m add_on_wall) - $(m add_off_wall))) ms"
echo "  every add, CPU ms without / with:$(paste -d/ <(tr ' ' '\n' <<<"${T[add_off_cpu]}" | grep .) <(tr ' ' '\n' <<<"${T[add_on_cpu]}" | grep .) | tr '\n' ' ')"
echo "kiosque index: $(find "$ON/public/search" -type f | wc -l) files, $(du -sk "$ON/public/search" | cut -f1) KB; pagefind: $(find "$ON/public/pagefind" -type f | wc -l) files, $(du -sk "$ON/public/pagefind" | cut -f1) KB"

# The queries, then each engine's answers and downloads through the same client harness.
python3 "$here/search_queries.py" "$ON" > "$WORK/queries.json"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
qs = json.load(open(f"{work}/queries.json"))
first = [r for q in qs for r in ({"reset": True}, {"search": q["q"], "options": {"limit": 10}})]
visit = [{"reset": True}] + [{"search": q["q"], "options": {"limit": 10}} for q in qs]
json.dump(first + visit, open(f"{work}/requests.json", "w"))
PY
for engine in kiosque pagefind; do
  client=search/search.js; [ $engine = pagefind ] && client=pagefind/pagefind.js
  node --no-warnings "$CLIENT" "$ON/public" "$WORK/requests.json" "$client" > "$WORK/$engine.jsonl"
done
python3 - "$WORK" <<'PY'
import json, sys, urllib.parse
work = sys.argv[1]
qs = json.load(open(f"{work}/queries.json"))
for engine in ("kiosque", "pagefind"):
    lines = [json.loads(l) for l in open(f"{work}/{engine}.jsonl")]
    firsts = [lines[2 * i + 1] for i in range(len(qs))]
    visit = lines[2 * len(qs) + 1:]
    def top3(answer): return [urllib.parse.urlparse(h["url"]).path for h in answer[:3]] if isinstance(answer, list) else []
    found = sum(q["answer"] in top3(l["answer"]) for q, l in zip(qs, visit))
    missed = [q["q"] for q, l in zip(qs, visit) if q["answer"] not in top3(l["answer"])]
    first = sum(l["served"]["gzip"] for l in firsts) / len(firsts)
    following = sum(l["served"]["gzip"] for l in visit[1:]) / (len(visit) - 1)
    print(f"{engine}: relevance {found}/{len(qs)} in the top 3; gzip bytes: first query of a visit {first / 1024:.1f} KB "
          f"(mean of {len(qs)}), following queries {following / 1024:.1f} KB each, the 20 of a visit {sum(l['served']['gzip'] for l in visit) / 1024:.1f} KB"
          + (f"; missed: {missed}" if missed else ""))
PY
