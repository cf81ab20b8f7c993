#!/usr/bin/env bash
# Times streaming mel (seed configuration: 44.1 kHz, nFft 4096, hop 1024, 128 mels, power 2) over
# the same WAV file with BullWatch (StreamMelMain: WavFile + MelSpectrogramExtractor.streamFrames)
# and with torchaudio (torchaudio.load + MelSpectrogram, torch.set_num_threads), decoding included
# on both sides, and prints both medians and the ratio.
#
# Usage: bull-bench/scripts/compare-torchaudio.sh FILE.wav [threads=2] [runs=5]
# Needs: mvn -q -o -pl bull-bench -am package -DskipTests (bull-bench/target/classes and lib/),
#        Debian's python3-torchaudio (apt-get install -y python3-torchaudio), run by /usr/bin/python3.
# With no FILE, writes a 1-hour 16-bit mono test file (tone + noise) to a temporary directory.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(cd "$HERE/.." && pwd)"
FILE="${1:-}"
THREADS="${2:-2}"
RUNS="${3:-5}"
PY=/usr/bin/python3

if [[ ! -d "$BENCH/target/classes" || ! -d "$BENCH/target/lib" ]]; then
  echo "build first: mvn -q -o -pl bull-bench -am package -DskipTests" >&2
  exit 1
fi
if [[ -z "$FILE" ]]; then
  TMP="$(mktemp -d)"
  trap 'rm -rf "$TMP"' EXIT
  FILE="$TMP/hour.wav"
  echo "writing a 1-hour test recording to $FILE" >&2
  "$PY" - "$FILE" <<'PYEOF'
import sys, wave
import numpy as np
sr, n = 44100, 3600 * 44100
rng = np.random.default_rng(1)
with wave.open(sys.argv[1], "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(sr)
    for t0 in range(0, n, 600 * sr):
        t = np.arange(t0, min(n, t0 + 600 * sr)) / sr
        x = 0.25 * np.sin(2 * np.pi * 1000 * t) + 0.05 * rng.standard_normal(t.size)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
PYEOF
fi

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
JAVA_OUT="$(java --add-modules jdk.incubator.vector -cp "$BENCH/target/classes:$BENCH/target/lib/*" io.bullwatch.bench.StreamMelMain \
  "$FILE" "$THREADS" "$RUNS" 2>/dev/null)"
echo "$JAVA_OUT"
TA_OUT="$("$PY" "$HERE/torchaudio_mel_time.py" "$FILE" "$THREADS" "$RUNS")"
echo "$TA_OUT"
J="$(echo "$JAVA_OUT" | sed -n 's/.*median_s=\([0-9.]*\).*/\1/p' | tail -1)"
T="$(echo "$TA_OUT" | sed -n 's/.*median_s=\([0-9.]*\).*/\1/p' | tail -1)"
SECONDS_AUDIO="$(echo "$JAVA_OUT" | sed -n 's/.*seconds_audio=\([0-9.]*\).*/\1/p' | tail -1)"
LC_ALL=C awk -v j="$J" -v t="$T" -v a="$SECONDS_AUDIO" 'BEGIN {
  printf "result: bullwatch %.3f s (%.0fx real time), torchaudio %.3f s (%.0fx real time), torchaudio / bullwatch = %.2f\n", j, a / j, t, a / t, t / j }'
