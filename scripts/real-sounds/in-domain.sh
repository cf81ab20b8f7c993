#!/bin/bash
# The in-domain bound: the same recipe when it HAS heard the test site. For every night index k,
# a model trains on the other nights of every site (night k-1 of each site validates and
# calibrates), and scores night k of every site; each night is tested once. `in-domain.py` then
# pools each site's tested nights and sets them beside a `bull crossval` run of the same recipe
# (docs/models.md, "How far transfer is from having heard the site").
#
#   scripts/real-sounds/in-domain.sh CORPUS_DIR OUT_DIR [bull train options]
#   /usr/bin/python3 scripts/real-sounds/in-domain.py OUT_DIR CORPUS_DIR [CROSSVAL_DIR/crossval.json]
#
# Needs a corpus of `bull compose`'s layout whose recordings are named SITE-nightNN.wav, with the
# same night numbers at every site (the real-sound benchmark's four). Writes, for each k,
# OUT_DIR/kNN/corpus (symbolic links to the site folders and a manifest whose sites are renamed
# SITE-train, SITE-validation and SITE-test, since `bull train` keeps each site in one split),
# OUT_DIR/kNN/model and OUT_DIR/kNN/detect. A rerun skips what is done. Uses ./bull from the
# repository it sits in, or $BULL.
#
# SITE=NAME keeps only that site's nights (train, validation and test); PARENT=DIR starts each
# rotation's training from DIR/kNN/model (`bull train --parent`). Together they specialise an
# in-domain run's models to one site with its own labelled nights:
#   SITE=torrent PARENT=id-s1 scripts/real-sounds/in-domain.sh CORPUS_DIR sp-torrent [options]
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 CORPUS_DIR OUT_DIR [bull train options]" >&2; exit 2; }
corpus=$(cd "$1" && pwd); out=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
bull=${BULL:-$root/bull}
[ -f "$corpus/manifest.csv" ] || { echo "$corpus/manifest.csv: no such file (expected a bull compose corpus)" >&2; exit 2; }
mkdir -p "$out"
nights=$(tail -n +2 "$corpus/manifest.csv" | cut -d, -f1 | sed -n 's/.*-night\([0-9][0-9]*\)\.wav$/\1/p' | sort -u)
[ -n "$nights" ] || { echo "$corpus/manifest.csv: no recording named SITE-nightNN.wav" >&2; exit 2; }
list=($nights)
n=${#list[@]}
[ "$n" -ge 3 ] || { echo "$corpus: $n night number(s); the bound needs at least 3 (train, validation, test)" >&2; exit 2; }
for i in $(seq 0 $((n - 1))); do
  test=${list[$i]}; val=${list[$(((i + n - 1) % n))]}
  dir="$out/k$test"
  mkdir -p "$dir/corpus"
  for s in "$corpus"/*/; do ln -sfn "${s%/}" "$dir/corpus/$(basename "$s")"; done
  awk -F, -v OFS=, -v t="$test" -v v="$val" -v only="${SITE:-}" 'NR == 1 { print; next }
      only != "" && $2 != only { next } {
      n = $1; sub(/.*-night/, "", n); sub(/\.wav$/, "", n)
      split_ = (n == t) ? "test" : (n == v) ? "validation" : "train"
      $2 = $2 "-" split_; $3 = split_; print }' "$corpus/manifest.csv" > "$dir/corpus/manifest.csv"
  [ "$(wc -l < "$dir/corpus/manifest.csv")" -gt 1 ] || { echo "$corpus: no recording of site '${SITE:-}'" >&2; exit 2; }
  parent=()
  [ -z "${PARENT:-}" ] || parent=(--parent "$PARENT/k$test/model")
  if [ ! -f "$dir/model/model.json" ]; then
    "$bull" train --data "$dir/corpus" --out "$dir/model" "${parent[@]}" "$@" > "$dir/train.log" 2>&1 \
        || { echo "in-domain: bull train failed for night $test; see $dir/train.log" >&2; exit 1; }
  fi
  if [ ! -f "$dir/detect/summary.csv" ]; then
    # (a * inside quotes is no pattern: the two cases are spelt out)
    if [ -n "${SITE:-}" ]; then
      scored=("$corpus/$SITE"/*-night"$test".wav)
    else
      scored=("$corpus"/*/*-night"$test".wav)
    fi
    "$bull" detect --model "$dir/model" --out "$dir/detect" --threads 2 "${scored[@]}" > "$dir/detect.log" 2>&1 \
        || { echo "in-domain: bull detect failed for night $test; see $dir/detect.log" >&2; exit 1; }
  fi
  echo "night $test: trained on the others, validated on night $val: $dir"
done
