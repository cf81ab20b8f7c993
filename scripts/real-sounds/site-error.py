#!/usr/bin/python3
"""How much a leave-one-site-out figure can move by chance (docs/models.md, "How far transfer is from
having heard the site").

    scripts/real-sounds/detect-folds.sh CROSSVAL_DIR CORPUS_DIR SCORES_DIR
    /usr/bin/python3 scripts/real-sounds/site-error.py CROSSVAL_DIR CORPUS_DIR SCORES_DIR [BLOCK_MINUTES]

For each fold, its test site's windows (SCORES_DIR/SITE/SITE-night*.bull.windows.csv, labelled
with `bull train`'s rule) are cut into blocks of BLOCK_MINUTES (default 2, so that a bull's
overlapping windows stay together) and resampled with replacement 1,000 times (seed 1); each
resample is scored at the fold's calibrated threshold (crossval.json). Prints each site's average
recall with its standard error and 90 % interval, the standard error of the mean over the sites, and the
worst site to expect if every site's true average recall were the run's mean (each site drawn
with its own error): how far below the mean the worst-site criterion sits by chance alone.
Needs NumPy only.
"""
import glob, json, os, sys
import numpy as np
from window_label import scored_windows, HOP

if len(sys.argv) < 4:
    sys.exit(__doc__)
cv, corpus, scores = sys.argv[1], sys.argv[2], sys.argv[3]
block = int(round(float(sys.argv[4]) * 60 / HOP)) if len(sys.argv) > 4 else 24
rng = np.random.default_rng(1)
folds = {s['site']: s for s in json.load(open(os.path.join(cv, 'crossval.json')))['sites']}


def average_recall(blocks, threshold):
    sc = np.concatenate([b[0] for b in blocks]); lab = np.concatenate([b[1] for b in blocks])
    flag = sc >= threshold
    return (np.mean(flag[lab == 1]) + np.mean(~flag[lab == 0])) / 2


rows = []
for site, fold in sorted(folds.items()):
    files = sorted(glob.glob(os.path.join(scores, site, site + '-night*.bull.windows.csv')))
    if not files:
        sys.exit(f'{scores}/{site}: no {site}-night*.bull.windows.csv (run detect-folds.sh first)')
    blocks = []
    for f in files:
        _, _, _, sc, lab = scored_windows(f, corpus)
        for i in range(0, len(sc), block):
            b = (sc[i:i + block], lab[i:i + block])
            m = b[1] >= 0
            blocks.append((b[0][m], b[1][m]))
    t = fold['threshold']
    draws = np.array([average_recall([blocks[j] for j in rng.integers(0, len(blocks), len(blocks))], t)
                      for _ in range(1000)])
    rows.append((site, average_recall(blocks, t), fold['average_recall'], draws.std(),
                 np.percentile(draws, 5), np.percentile(draws, 95)))

print(f'{"site":9s} avg recall (crossval.json)  standard error  90 % interval   blocks of {block} windows')
for site, ar, ref, se, lo, hi in rows:
    print(f'{site:9s} {ar:10.3f} ({ref:.3f})          {se:14.3f}  {lo:.3f}-{hi:.3f}')
mean = np.mean([r[1] for r in rows]); ses = np.array([r[3] for r in rows])
worst = np.mean(np.min(mean + ses * rng.standard_normal((20000, len(rows))), axis=1))
print(f'mean {mean:.3f}, its standard error {np.sqrt(np.sum(ses ** 2)) / len(rows):.3f}; mean site error {ses.mean():.3f}')
print(f'worst site expected by chance if every site were at the mean: {worst:.3f} ({mean - worst:.3f} below it)')
