#!/bin/bash
# Scores every site of a corpus with every fold's model of a `bull crossval` run, for offline
# analysis of threshold rules (threshold-rules.py).
#
#   scripts/real-sounds/detect-folds.sh CROSSVAL_DIR CORPUS_DIR OUT_DIR
#
# Writes OUT_DIR/TEST_SITE/ (a `bull detect` output folder per fold: NAME.bull.windows.csv for
# every recording of every site). Uses ./bull from the repository it sits in.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 CROSSVAL_DIR CORPUS_DIR OUT_DIR" >&2
  exit 2
fi
cv=$1; corpus=$2; out=$3
[ -d "$cv/folds" ] || { echo "$0: $cv/folds: not found; expected a bull crossval output folder" >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
for f in "$cv"/folds/*/; do
  s=$(basename "$f")
  [ -f "$out/$s/summary.csv" ] && continue
  "$root/bull" detect --model "$f" --out "$out/$s" --threads 2 "$corpus"/*/ > "$out/$s.log"
done
