#!/usr/bin/env bash
# Members benchmark: 200 concurrent clients subscribing for 10 s against `kiosque members
# serve` (goal: 0 errors, p99 < 50 ms), then `kiosque send` to 10,000 active members, each
# copy with its own one-click link, into the local aiosmtpd sink (goal: < 60 s).
#   bench/members.sh KIOSQUE_BINARY [CLIENTS] [SECONDS] [MEMBERS]
# The load comes from Debian's wrk when it is installed (C, two threads: it leaves the 2
# cores to the service), else from bench/members_load.py (Python, asyncio).
set -euo pipefail
bin=$(realpath "$1")
clients=${2:-200}
seconds=${3:-10}
members=${4:-10000}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/kiosque-bench-members.XXXXXX)
sink_pid="" serve_pid=""
cleanup() {
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export KIOSQUE_MEMBERS_SECRET="banc-d-essai-des-membres-0123456789abcdef"

# A small site with a members: block and one day of news.
mkdir -p "$work/site/content/articles/2026/10/31"
cat > "$work/site/kiosque.yaml" <<'EOF'
site:
  title: "Orishas Direct"
  base_url: "https://www.example.com/"
  timezone: Africa/Abidjan
sectors:
  - slug: marches
    name: "Marchés"
digest:
  from: "Orishas Direct <lettre@example.com>"
members:
EOF
for i in 1 2 3 4 5 6; do
  cat > "$work/site/content/articles/2026/10/31/seance-$i.md" <<EOF
---
title: "BRVM : la séance $i de la semaine se termine en hausse"
date: 2026-10-31T0$i:00:00Z
sector: marches
summary: "Le BRVM Composite gagne 0,$i % porté par les valeurs bancaires et la Sonatel."
---
Les échanges ont porté sur $i milliards de FCFA, dont près de la moitié sur les titres bancaires.
EOF
done

# The SMTP server: Debian's aiosmtpd. It stops when its standard input closes (fd 3) or on SIGTERM.
mkfifo "$work/stdin" "$work/port"
exec 3<>"$work/stdin"
/usr/bin/python3 "$here/Tests/smtp_sink.py" --out "$work/sink" <"$work/stdin" >"$work/port" &
sink_pid=$!
read -r _ smtp_port < "$work/port"
export KIOSQUE_SMTP_URL="smtp://127.0.0.1:$smtp_port"

"$bin" members serve --site "$work/site" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 1 200); do grep -q '^listening on' "$work/serve.out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's|^listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
if command -v wrk >/dev/null; then
  echo "subscribe (wrk, $clients connections, ${seconds} s):"
  wrk -t2 -c"$clients" -d"${seconds}s" --latency -s "$here/bench/members_wrk.lua" "http://127.0.0.1:$port" \
    | grep -E 'Latency|50%|90%|99%|requests in|Requests/sec|Non-2xx|Socket errors'
else
  echo "subscribe: $(python3 "$here/bench/members_load.py" "$port" --clients "$clients" --seconds "$seconds")"
fi
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
echo "members.sqlite: $("$bin" members list --site "$work/site" | head -1) ($(du -h "$work/site/members.sqlite" | cut -f1))"

# The newsletter to MEMBERS active members (a fresh sink, so the confirmation mails above do not count).
kill "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
rm -rf "$work/sink" "$work/site/members.sqlite"*
/usr/bin/python3 "$here/Tests/smtp_sink.py" --out "$work/sink" <"$work/stdin" >"$work/port" &
sink_pid=$!
read -r _ smtp_port < "$work/port"
export KIOSQUE_SMTP_URL="smtp://127.0.0.1:$smtp_port"
for i in $(seq -w 1 "$members"); do echo "membre$i@example.org"; done > "$work/membres.txt"
"$bin" members import --site "$work/site" -q "$work/membres.txt"
"$bin" digest --site "$work/site" --date 2026-10-31 --now 2026-10-31T18:00:00Z -q
start=$(date +%s.%N)
"$bin" send --site "$work/site" --date 2026-10-31
t=$(echo "$(date +%s.%N) - $start" | bc)
received=$(wc -l < "$work/sink/log.jsonl")
own=$(grep -l "desabonnement?m=" "$work"/sink/*.eml | wc -l)
printf 'sent to %d members: %.1f s, %d messages received, %d with their own link (goal < 60 s)\n' "$members" "$t" "$received" "$own"
