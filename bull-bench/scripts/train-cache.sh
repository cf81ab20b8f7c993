#!/usr/bin/env bash
# The feature cache as training's frame source: `bull train` twice on one corpus with one
# --cache folder (the first run fills it, the second reads it), then once without a cache, each
# printing the seconds its features took and its wall time. The three runs train the same
# parameters (their SHA-256 is printed last).
#
#   bull-bench/scripts/train-cache.sh CORPUS_DIR [WORK_DIR]
#
# CORPUS_DIR: a corpus with a split column, for example the quickstart's (./bull quickstart;
# OUT/corpus). One short epoch (64 windows) each, so the features dominate.
set -euo pipefail
corpus=${1:?usage: train-cache.sh CORPUS_DIR [WORK_DIR]}
work=${2:-$(mktemp -d)}
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work/cache" "$work/cache1" "$work/cache2" "$work/nocache"
for run in cache1 cache2 nocache; do
  extra=()
  [ "$run" != nocache ] && extra=(--cache "$work/cache")
  start=$(date +%s.%N)
  "$here/bull" train --data "$corpus" --out "$work/$run" --backbone compact-sed --mels 64 --hop 2048 \
    --epochs 1 --epoch-windows 64 --threads 2 "${extra[@]}" | grep -E 'features in'
  echo "$run: wall $(echo "$(date +%s.%N) - $start" | bc) s"
done
sha256sum "$work"/cache1/parameters.params "$work"/cache2/parameters.params "$work"/nocache/parameters.params
du -sh "$work/cache"
