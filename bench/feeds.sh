#!/usr/bin/env bash
# Feed parsing and fetching benchmark (not a test): see README.md, "Performance".
#   bench/feeds.sh [path/to/kiosque]
# 1. Parse throughput on large generated RSS and Atom files, in the same run:
#    kiosque's parser, Python's feedparser (installed here with pip) and a bare libxml2
#    parse of the same bytes (`kiosque feed bench --bare`: xmlReadMemory and free).
# 2. `kiosque fetch` of 200 feeds from a local server answering each after 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/kiosque}
FILES=${FEED_BENCH_FILES:-4}
ITEMS=${FEED_BENCH_ITEMS:-1000}
REPEAT=${FEED_BENCH_REPEAT:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip install --quiet --disable-pip-version-check feedparser >/dev/null 2>&1 \
  || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages feedparser
python3 bench/gen_feeds.py "$work/corpus" --files "$FILES" --items "$ITEMS"
corpus=("$work"/corpus/*.xml)
size=$(du -cb "${corpus[@]}" | tail -1 | cut -f1)
echo "corpus: ${#corpus[@]} files (RSS 2.0 and Atom 1.0), $((FILES * 2 * ITEMS)) items, $((size / 1000000)) MB"

rate() { sed -n 's/.*items_per_s=\([0-9]*\).*/\1/p'; }
# (Echoed to stderr with >&2: `tee /dev/stderr` would reopen, and truncate, a log file.)
ours=$("$BIN" feed bench --repeat "$REPEAT" "${corpus[@]}")
echo "$ours" >&2
ours=$(echo "$ours" | rate)
bare=$("$BIN" feed bench --bare --repeat "$REPEAT" "${corpus[@]}")
echo "$bare" >&2
bare=$(echo "$bare" | rate)
fp=$(python3 - "${corpus[@]}" <<'PY'
import sys, time, feedparser
files = sys.argv[1:]
data = [open(f, "rb").read() for f in files]
items = 0
start = time.perf_counter()
for d in data:
    items += len(feedparser.parse(d).entries)
s = time.perf_counter() - start
print("feedparser %s items=%d seconds=%.3f items_per_s=%.0f" % (feedparser.__version__, items, s, items / s), file=sys.stderr)
print("items_per_s=%.0f" % (items / s))
PY
)
fp=$(echo "$fp" | rate)

# 200 feeds behind 100 ms of latency each.
site="$work/site"
mkdir -p "$site/content/articles"
exec 3> >(python3 Tests/KiosqueTests/Support/feed_server.py > "$work/port")
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(head -1 "$work/port")
{
  printf 'site:\n  title: "Bench"\n  base_url: "https://bench.example/"\nsectors:\n  - slug: economie\n    name: "Économie"\nfeeds:\n'
  for n in $(seq 200); do printf '  - url: "http://127.0.0.1:%s/latency/%s.xml"\n    name: "Flux %s"\n' "$port" "$n" "$n"; done
} > "$site/kiosque.yaml"
now() { python3 -c 'import time; print(time.time())'; }
start=$(now)
"$BIN" fetch --site "$site" | tail -n 1 >&2 || true
fetch=$(python3 -c "print($(now) - $start)")
exec 3>&-

echo
printf 'kiosque parse:    %8d items/s\n' "$ours"
printf 'feedparser:       %8d items/s   kiosque = %.1fx feedparser (target >= 30x)\n' "$fp" "$(python3 -c "print($ours / $fp)")"
printf 'bare libxml2:     %8d items/s   kiosque = %.2fx bare libxml2 (target >= 0.8x)\n' "$bare" "$(python3 -c "print($ours / $bare)")"
printf '200 feeds x 100 ms latency, concurrency 8: %.2f s (target < 5 s)\n' "$fetch"
