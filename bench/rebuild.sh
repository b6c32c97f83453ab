#!/usr/bin/env bash
# Rebuild costs against a full build, on the corpus that ../shared/bench/vs-hugo.sh makes.
#
#   bench/rebuild.sh N KIOSQUE_BIN        (environment: RUNS=3, WORK=/tmp/kiosque-bench-N)
#
# Cases, each the median of RUNS timed builds in the corpus folder:
#   full       no output and no build cache (rm -rf public .kiosque)
#   noop       nothing changed since the previous build
#   add        one new article
#   edit       one existing article's title changed
#   delete     one article removed
#   template   templates/item.mustache changed
# Then an incremental public/ is compared byte for byte with a clean build of the same input.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/common.sh" "$@"
WORK=${WORK:-/tmp/kiosque-bench-$N}
C=$WORK/corpus
[ -f "$C/kiosque.yaml" ] || PREPARE_ONLY=1 WORK=$WORK "$SHARED/vs-hugo.sh" "$N" >/dev/null

cd "$C"
ms() { elapsed_ms "$K" build "$@"; }
declare -A T

edited=$(find content/articles -name '*.md' | sort | sed -n "$((N / 2))p")
cp "$edited" "$WORK/edited.bak"
restore() {
  cp "$WORK/edited.bak" "$edited"
  rm -rf templates content/articles/2026/10/31/bench-*.md
}
trap restore EXIT
restore

for ((r = 1; r <= RUNS; r++)); do
  rm -rf public .kiosque
  T[full]+=" $(ms)"
  T[noop]+=" $(ms)"
  printf -- '---\ntitle: "Banque : un nouvel emprunt obligataire (%d)"\ndate: 2026-10-31T21:%02d:00Z\nsector: obligations\nsummary: "Un article ajouté par le banc d’essai."\n---\nLe corps de l’article ajouté.\n' "$r" "$r" \
    > "content/articles/2026/10/31/bench-ajout-$r.md"
  T[add]+=" $(ms)"
  sed -i "0,/^title: \"/s//title: \"(rév. $r) /" "$edited"
  T[edit]+=" $(ms)"
  rm "content/articles/2026/10/31/bench-ajout-$r.md"
  T[delete]+=" $(ms)"
  mkdir -p templates
  "$K" init "$WORK/init-$r" >/dev/null && cp "$WORK/init-$r/templates/item.mustache" templates/ && rm -rf "$WORK/init-$r"
  echo "<!-- révision $r -->" >> templates/item.mustache
  T[template]+=" $(ms)"
  rm -rf templates
done

# An incremental build must equal a clean one.
printf -- '---\ntitle: "Dernier ajout"\ndate: 2026-10-31T22:30:00Z\nsector: economie\n---\nTexte.\n' > content/articles/2026/10/31/bench-final.md
"$K" build >/dev/null
rm -rf "$WORK/clean-public"
"$K" build --clean --output "$WORK/clean-public" >/dev/null
same=no
diff -rq public "$WORK/clean-public" >/dev/null && same=yes
rm -rf "$WORK/clean-public" content/articles/2026/10/31/bench-final.md

full=$(median "${T[full]}")
printf '%-10s %10s %10s   %s\n' case "median ms" "× full" target
for c in full noop add edit delete template; do
  m=$(median "${T[$c]}")
  case $c in
    full) target="";; noop) target="≤ 0.05";; add|edit|delete) target="≤ 0.1";; template) target="≤ 1";;
  esac
  printf '%-10s %10s %10s   %s\n' "$c" "$m" "$(awk -v a="$m" -v b="$full" 'BEGIN{printf "%.3f", a/b}')" "$target"
done
echo "incremental output identical to a clean build: $same"
