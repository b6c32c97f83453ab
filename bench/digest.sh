#!/usr/bin/env bash
# Newsletter benchmark: a digest of 200 articles (target < 0.2 s), then sending it to
# 1,000 recipients on a local aiosmtpd server (target < 10 s).
#   scripts/bench-digest.sh KIOSQUE_BINARY [BENCH_DIR]
set -euo pipefail
bin=$(realpath "$1")
bench=${2:-../shared/bench}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/kiosque-bench-digest.XXXXXX)
sink_pid=""
cleanup() { [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

day=2026-10-31
python3 "$bench/gen_corpus.py" --articles 200 --days 1 --end $day --draft-pct 0 --out "$work/site" --force >/dev/null
for i in $(seq -w 1 1000); do echo "abonne$i@example.org"; done > "$work/site/recipients.txt"

times=()
for run in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$bin" digest --site "$work/site" --date $day --now 2026-11-01T00:00:00Z >"$work/digest.out" 2>/dev/null
  times+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
echo "$(head -1 "$work/digest.out")"
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
printf 'digest of 200 articles written: best %.3f s, median %.3f s of 5 runs (target < 0.2 s)\n' \
  "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n 3p)"

# The SMTP server: Debian's aiosmtpd (pyenv's python3 may not have it).
# It stops when its standard input closes (fd 3, held by this script) or on SIGTERM.
mkfifo "$work/stdin" "$work/port"
exec 3<>"$work/stdin"
/usr/bin/python3 "$here/Tests/smtp_sink.py" --out "$work/sink" <"$work/stdin" >"$work/port" &
sink_pid=$!
read -r _ port < "$work/port"
start=$(date +%s.%N)
KIOSQUE_SMTP_URL="smtp://127.0.0.1:$port" "$bin" send --site "$work/site" --date $day
t=$(echo "$(date +%s.%N) - $start" | bc)
received=$(wc -l < "$work/sink/log.jsonl")
printf 'sent to 1000 recipients: %.2f s, %d messages received by the server (target < 10 s)\n' "$t" "$received"
