#!/usr/bin/env bash
# Times BullWatch's networks (NetworkMain: the project's DJL networks, as Detector and BullTrainer
# run them) and the same networks in PyTorch (torch_network_time.py, Debian's python3-torch) back
# to back, one backbone at a time (BullWatch then PyTorch, so load from other jobs hits both
# alike), and prints both speeds and the ratio bullwatch / pytorch for every backbone, mode and
# batch. Inference at batches 1, 8, 32; training at micro-batch 16 (forward, weighted
# cross-entropy, backward, Adam step); 1x128x646 windows unless INPUT says otherwise; PyTorch
# intra-op threads as given.
#
# Usage: bull-bench/scripts/compare-torch-networks.sh [backbones="compact alexnet vgg16"]
#            [runs=5] [seconds=2] [threads=2] [device=cpu]
# Environment: MODE=infer|train|both (default both), BATCHES=1,8,32, WARMUP=3 (seconds),
#   INPUT=128x646 (MELSxFRAMES of one window; the detector's quickstart windows are 64x324),
#   ALLOCATOR=tuned|default|launcher (default tuned: both sides run with glibc's allocator set as
#   the bull launcher sets it, NativeAllocator.RECOMMENDED; default: glibc's defaults on both
#   sides, the MALLOC_* variables removed from their environment; launcher: BullWatch tuned
#   and PyTorch with glibc's defaults, each as its users run it),
#   JAVA_OPTS (added after the defaults, so -Dai.djl.offline=false overrides them; see
#   docs/BENCHMARKS.md#gpu for GPU runs).
# Needs: mvn -q -o -pl bull-bench -am package -DskipTests (bull-bench/target/classes and lib/),
#        DJL_CACHE_DIR pointing at unpacked (or unpackable) natives (default target/djl-cache),
#        Debian's python3-torchvision (apt-get install -y python3-torchvision), run by /usr/bin/python3.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(cd "$HERE/.." && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
BACKBONES="${1:-compact alexnet vgg16}"
RUNS="${2:-5}"
SECS="${3:-2}"
THREADS="${4:-2}"
DEVICE="${5:-cpu}"
MODE="${MODE:-both}"
BATCHES="${BATCHES:-1,8,32}"
WARMUP="${WARMUP:-3}"
INPUT="${INPUT:-128x646}"
PY=/usr/bin/python3
ALLOCATOR="${ALLOCATOR:-tuned}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$ROOT/target/djl-cache}"
TUNED=(MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
       MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-1073741824}"
       MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}")
DEFAULTS=(-u MALLOC_ARENA_MAX -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_)
case "$ALLOCATOR" in
  tuned) JAVA_ENV=("${TUNED[@]}"); PY_ENV=("${TUNED[@]}") ;;
  default) JAVA_ENV=("${DEFAULTS[@]}"); PY_ENV=("${DEFAULTS[@]}") ;;
  launcher) JAVA_ENV=("${TUNED[@]}"); PY_ENV=("${DEFAULTS[@]}") ;;
  *) echo "ALLOCATOR must be tuned, default or launcher, got $ALLOCATOR" >&2; exit 1 ;;
esac

if [[ ! -d "$BENCH/target/classes" || ! -d "$BENCH/target/lib" ]]; then
  echo "build first: mvn -q -o -pl bull-bench -am package -DskipTests" >&2
  exit 1
fi
COMMON=(--device "$DEVICE" --mode "$MODE" --batches "$BATCHES" --runs "$RUNS" --seconds "$SECS"
        --warmup-seconds "$WARMUP" --input "$INPUT")

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "allocator: $ALLOCATOR (bullwatch: ${JAVA_ENV[*]}; pytorch: ${PY_ENV[*]}; -u: removed)"
echo "java: $(java -version 2>&1 | head -1); python: $($PY -c 'import torch; print("torch", torch.__version__)')"
ALL=""
for B in $BACKBONES; do
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  J="$(env "${JAVA_ENV[@]}" java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" ${JAVA_OPTS:-} \
    -cp "$BENCH/target/classes:$BENCH/target/lib/*" io.bullwatch.bench.NetworkMain "${COMMON[@]}" "$B" 2>/dev/null)"
  echo "$J"
  T="$(env "${PY_ENV[@]}" "$PY" "$HERE/torch_network_time.py" "${COMMON[@]}" --threads "$THREADS" "$B")"
  echo "$T"
  ALL+="$J"$'\n'"$T"$'\n'
done

echo "result (windows/s, median of $RUNS runs; ratio > 1: BullWatch faster):"
echo "$ALL" | LC_ALL=C awk '
  /^RESULT/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["backbone"] " " f["mode"] " " f["batch"]
    if (!(key in seen)) { seen[key] = 1; order[n++] = key }
    v[f["impl"] SUBSEP key] = f["windows_per_s"]
  }
  END {
    printf "%-8s %-6s %6s %12s %12s %8s\n", "backbone", "mode", "batch", "bullwatch", "pytorch", "ratio"
    for (k = 0; k < n; k++) {
      key = order[k]; split(key, p, " ")
      j = v["bullwatch" SUBSEP key]; t = v["pytorch" SUBSEP key]
      r = (j != "" && t != "" && t > 0) ? sprintf("%.2f", j / t) : "-"
      printf "%-8s %-6s %6s %12s %12s %8s\n", p[1], p[2], p[3], (j == "" ? "-" : j), (t == "" ? "-" : t), r
    }
  }'
