#!/usr/bin/env bash
# Kiosque's search index against Pagefind, on the same built site, in the same run.
#
#   bench/search.sh N KIOSQUE_BIN        (environment: RUNS=3, WORK=/tmp/kiosque-search-N,
#                                         PAGEFIND_VENV=/tmp/kiosque-pagefind-venv)
#
# N articles from ../shared/bench/gen_corpus.py, in two copies of the site: one with
# `search: {enabled: false}`. Measured:
#   index cost     clean build with search minus clean build without (median of RUNS), against
#                  Pagefind (pip pagefind[extended]) indexing the articles of the built site
#   rebuild share  after one added article: incremental build with search minus without
#                  (medians of 5 a run, in wall time and, another article each, in CPU time)
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
# CPU milliseconds (user and system) of a command: steadier than wall time on a shared machine.
cpu_ms() { /usr/bin/time -f '%U %S' -o "$WORK/cpu" "$@" >/dev/null 2>&1; awk '{printf "%d", ($1 + $2) * 1000}' "$WORK/cpu"; }
added() { printf -- '---\ntitle: "Cacao : la coopérative de Soubré double ses livraisons (%s)"\ndate: 2026-10-31T21:%02d:00Z\nsector: matieres-premieres\nsummary: "Un article ajouté par le banc d’essai de la recherche."\ntags: [cacao]\n---\nLes planteurs de Soubré ont livré deux fois plus de fèves que l’an dernier, selon la coopérative.\n' "$1" "$2"; }

for ((r = 1; r <= RUNS; r++)); do
  for s in on off; do (cd "$WORK/$s" && rm -rf public .kiosque content/articles/2026/10/31/bench-*.md); done
  T[full_off]+=" $(cd "$OFF" && elapsed_ms "$K" build)"
  T[full_on]+=" $(cd "$ON" && elapsed_ms "$K" build)"
  rm -rf "$ON/public/pagefind"
  T[pagefind]+=" $(elapsed_ms "$VENV/bin/python" -m pagefind --site "$ON/public" --glob 'articles/**/index.html')"
  for k in 1 2 3 4 5; do
    for s in on off; do added "$r$k" $((2 * k)) > "$WORK/$s/content/articles/2026/10/31/bench-$k.md"; done
    T[add_off]+=" $(cd "$OFF" && elapsed_ms "$K" build)"
    T[add_on]+=" $(cd "$ON" && elapsed_ms "$K" build)"
    for s in on off; do added "$r${k}b" $((2 * k + 1)) > "$WORK/$s/content/articles/2026/10/31/bench-${k}b.md"; done
    T[cpu_off]+=" $(cd "$OFF" && cpu_ms "$K" build)"
    T[cpu_on]+=" $(cd "$ON" && cpu_ms "$K" build)"
  done
done
full_off=$(median "${T[full_off]}") full_on=$(median "${T[full_on]}") pagefind=$(median "${T[pagefind]}")
add_off=$(median "${T[add_off]}") add_on=$(median "${T[add_on]}") cpu_off=$(median "${T[cpu_off]}") cpu_on=$(median "${T[cpu_on]}")
index=$((full_on - full_off))
echo "corpus: $N articles ($(find "$ON/content/articles" -name '*.md' | wc -l) files), $RUNS runs, medians"
echo "clean build without search:  $full_off ms"
echo "clean build with search:     $full_on ms  -> index cost $index ms"
echo "pagefind on the articles:    $pagefind ms  -> kiosque/pagefind = $(awk -v a=$index -v b=$pagefind 'BEGIN{printf "%.2f", a/b}')"
echo "one added article, rebuild:  $add_off ms without search, $add_on ms with -> index share $((add_on - add_off)) ms"
echo "  the same, CPU time:         $cpu_off ms without search, $cpu_on ms with -> index share $((cpu_on - cpu_off)) ms"
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
