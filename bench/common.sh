# Sourced by the bench scripts that take `N KIOSQUE_BIN`: their arguments, and timing.
#   . "$here/common.sh" "$@"      (with `here` the script's folder)
[ $# -eq 2 ] || { echo "usage: $0 N KIOSQUE_BIN" >&2; exit 2; }
N=$1
K=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
RUNS=${RUNS:-3}
SHARED=${SHARED:-$here/../../shared/bench}

# Milliseconds a command takes, its output discarded.
elapsed_ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
# The median of space-separated numbers.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
