#!/bin/bash
# How far each test site's nights sit from its fold model's sites (the `background` and `embedding`
# columns of `bull detect`'s summary), beside how that fold's calibrated threshold fared on them
# (docs/models.md, "Background distance: which nights' thresholds to doubt").
#
#   scripts/real-sounds/background-distance.sh CROSSVAL_DIR CORPUS_DIR OUT_DIR
#
# For every fold of a `bull crossval` run, detects the test site's recordings with the fold's model
# into OUT_DIR/SITE/ (skipped when done), then prints one row per test site: the background ratio on
# band statistics and on the network's embeddings (median and largest over its nights, the nights
# called far; embeddings only for bundles that carry them), the nearest reference site, and the
# fold's calibrated average recall, gap to the best threshold and flagged share (from fold.json)
# against the share the model flagged on its calibration sites (model.json). Uses ./bull from the
# repository it sits in; needs python3 (no packages).
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
  "$root/bull" detect --model "$f" --out "$out/$s" --threads 2 "$corpus/$s/" > "$out/$s.log"
done
python3 - "$cv" "$out" <<'PY'
import csv, json, os, re, statistics, sys
cv, out = sys.argv[1], sys.argv[2]
print("| test site | band ratio, median | largest | nights far | embedding ratio, median | largest | nights far | nearest site (bands) | avg recall | gap | flagged | calibration flagged |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
def spread(v):
    return ("%.2f | %.2f | %d of %d" % (statistics.median(v), max(v), sum(x > 1 for x in v), len(v))) if v else "- | - | -"
for site in sorted(os.listdir(os.path.join(cv, "folds"))):
    fold = os.path.join(cv, "folds", site)
    if not os.path.isfile(os.path.join(fold, "fold.json")):
        continue
    t = json.load(open(os.path.join(fold, "fold.json")))["test"]
    m = json.load(open(os.path.join(fold, "model.json")))
    expected = m["metrics"]["validation"]["flaggedFraction"]
    ratios, embedded, nearest = [], [], set()
    for r in csv.DictReader(open(os.path.join(out, site, "summary.csv"))):
        if r["status"] != "done" or not r["background"]:
            continue
        ratios.append(float(r["background"]))
        if r.get("embedding"):
            embedded.append(float(r["embedding"]))
        band = re.match(r"background [0-9][^;]*nearest: ([^)]*)\)", r["warning"])
        if band:
            nearest.add(band.group(1))
    print("| %s | %s | %s | %s | %.3f | %.3f | %.1f %% | %.1f %% |" % (
        site, spread(ratios), spread(embedded), ", ".join(sorted(nearest)) or "-",
        t["average_recall"], t["gap"], 100 * t["flagged"], 100 * expected))
PY
