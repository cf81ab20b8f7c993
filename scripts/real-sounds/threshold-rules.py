#!/usr/bin/python3
"""Threshold rules compared offline on a leave-one-site-out run (docs/models.md, "Transfer to new sites").

    scripts/real-sounds/detect-folds.sh CROSSVAL_DIR CORPUS_DIR SCORES_DIR
    /usr/bin/python3 scripts/real-sounds/threshold-rules.py CROSSVAL_DIR CORPUS_DIR SCORES_DIR

For every fold, the fold's model has scored every site (detect-folds.sh). Each rule maps a
recording's window scores to values, picks the threshold with the best average recall on the
fold's calibration sites (pooled, as `bull crossval` does, without the smoothing), and applies it
to the test site. Labels follow `bull train`'s rule: a window holds a bull when at least 1 s of one
lies inside it (or all of a shorter one); windows touching a bull less are ambiguous and left out.
Rules: abs (the score), median / q25 / q75 (the logit minus the recording's median or quartile
logit), robust (minus the median, over the interquartile range), local12 / local24 (the logit minus
the median logit of the windows within 12 or 24 windows, 1 or 2 minutes, of it in the same
recording: a baseline that follows the background from one stretch of a night to the next), lowz /
low10 (location and spread from the lower quantiles only, which bulls rarely reach). Then,
on the score itself, ways to combine the calibration sites: pooled (as above), maxmin (the threshold whose worse calibration
site has the best average recall), meanlogit (the mean logit of each site's own best threshold),
lower (the lower of the sites' own best thresholds), recall90 / recall93 / recall95 (the highest
threshold that finds 90, 93 or 95 % of the calibration sites' pooled bull windows).

--density P (after the three folders) resamples each test recording's windows before the rules
see it: windows without a bull are dropped at random (seeded) until bulls fill a share P of them, as
on a busy spawning night; a rule that reads the recording's own scores must not lose its bulls
there. --with SCORES_DIR2 (a second run's detect-folds.sh output, same folds) averages the two runs'
logits window by window: an ensemble of two. Needs NumPy only.
"""
import json, os, sys, glob
import numpy as np
from window_label import scored_windows
cv, CORPUS, det = sys.argv[1], sys.argv[2], sys.argv[3]
# optional: --density P resamples each test recording's windows (drops windows without a bull, seeded)
# so that bulls fill a share P of them, as on a busy spawning night; calibration sites stay as composed
DENSITY = float(sys.argv[sys.argv.index('--density') + 1]) if '--density' in sys.argv else None
# optional: --with SCORES_DIR2 averages each window's logit with another run's (the same folds and
# calibration sites, another seed): an ensemble of two
WITH = sys.argv[sys.argv.index('--with') + 1] if '--with' in sys.argv else None

def load(detdir):
    """site -> list of (recording, starts, scores, labels) ; full grid windows only"""
    sites = {}
    for f in sorted(glob.glob(detdir + '/*.bull.windows.csv')):
        name, site, st, sc, lab = scored_windows(f, CORPUS)
        if WITH:
            other = os.path.join(WITH, os.path.relpath(f, det))
            _, _, st2, sc2, _ = scored_windows(other, CORPUS)
            assert np.array_equal(st, st2), other
            sc = 1 / (1 + np.exp(-(logit(sc) + logit(sc2)) / 2))
        sites.setdefault(site, []).append((name, st, sc, lab))
    return sites

def conf(sc, lab, t):
    m = lab >= 0; sc, lab = sc[m], lab[m]
    fl = sc >= t
    tp = np.sum(fl & (lab == 1)); P = np.sum(lab == 1); N = np.sum(lab == 0)
    tn = np.sum(~fl & (lab == 0))
    br = tp / P; nr = tn / N
    return (br + nr) / 2, br, fl.mean()

def best(sc, lab):
    m = lab >= 0; sc, lab = sc[m], lab[m]
    ts = np.unique(sc)
    vals = [conf(sc, lab, t)[0] for t in ts[::max(1, len(ts)//400)]]
    i = int(np.argmax(vals)); return ts[::max(1, len(ts)//400)][i], vals[i]

def best_worst(per_site):
    """the threshold whose worst site's average recall is highest"""
    ts = np.unique(np.concatenate([v for v, l in per_site]))
    ts = ts[::max(1, len(ts)//800)]
    vals = [min(conf(v, l, t)[0] for v, l in per_site) for t in ts]
    return ts[int(np.argmax(vals))]

def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6); return np.log(p / (1 - p))

def densify(recs, share, seed=7):
    """each recording's windows without a bull dropped at random until bulls fill `share` of them"""
    rng = np.random.default_rng(seed); out = []
    for name, st, sc, lab in recs:
        pos = lab == 1; npos = pos.sum()
        keep_neg = min(int(round(npos * (1 - share) / share)), int((~pos).sum()))
        neg_idx = np.flatnonzero(~pos)
        chosen = np.sort(np.concatenate([np.flatnonzero(pos), rng.choice(neg_idx, keep_neg, replace=False)]))
        out.append((name, st[chosen], sc[chosen], lab[chosen]))
    return out

def transform(recs, kind):
    out = []
    for name, st, sc, lab in recs:
        z = logit(sc)
        if kind == 'abs': v = sc
        elif kind == 'median': v = z - np.median(z)
        elif kind == 'robust': v = (z - np.median(z)) / (np.subtract(*np.percentile(z, [75, 25])) + 1e-3)
        elif kind == 'lowz':  # location and spread from the lower part, which bulls rarely reach
            q = np.percentile(z, [10, 25, 50]); v = (z - q[1]) / (q[2] - q[0] + 1e-3)
        elif kind == 'low10': v = z - np.percentile(z, 10)
        elif kind == 'q50': v = z - np.percentile(z, 50)
        elif kind == 'q25': v = z - np.percentile(z, 25)
        elif kind == 'q75': v = z - np.percentile(z, 75)
        elif kind.startswith('local'):
            k = int(kind[5:])
            v = z - np.array([np.median(z[max(0, i - k):i + k + 1]) for i in range(len(z))])
        out.append((v, lab))
    return np.concatenate([o[0] for o in out]), np.concatenate([o[1] for o in out])

names = sorted(os.path.basename(os.path.dirname(f)) for f in glob.glob(os.path.join(cv, 'folds', '*', 'fold.json')))
res = {}
for kind in ['abs', 'median', 'q25', 'q75', 'robust', 'lowz', 'low10', 'local12', 'local24']:
    rows = []
    for test in names:
        fold = json.load(open(os.path.join(cv, 'folds', test, 'fold.json')))
        data = load(os.path.join(det, test))
        cal_v, cal_l = [], []
        for s in fold['validation_sites']:
            v, l = transform(data[s], kind); cal_v.append(v); cal_l.append(l)
        t, _ = best(np.concatenate(cal_v), np.concatenate(cal_l))
        v, l = transform(densify(data[test], DENSITY) if DENSITY else data[test], kind)
        ar, br, fl = conf(v, l, t)
        _, bar = best(v, l)
        rows.append((test, ar, br, fl, bar))
    a = np.array([r[1:] for r in rows])
    print('%-8s ' % kind + '  '.join('%s %.3f/%.2f/%2.0f%%' % (r[0][:5], r[1], r[2], 100*r[3]) for r in rows)
          + '  | mean %.3f worst %.3f bull %.3f maxflag %.0f%% gap %.3f' % (a[:,0].mean(), a[:,0].min(), a[:,1].mean(), 100*a[:,2].max(), (a[:,3]-a[:,0]).mean()))

def summary(label, rows):
    a = np.array([r[1:] for r in rows])
    print('%-9s ' % label + '  '.join('%s %.3f/%.2f/%2.0f%%' % (r[0][:5], r[1], r[2], 100*r[3]) for r in rows)
          + '  | mean %.3f worst %.3f bull %.3f maxflag %.0f%% gap %.3f' % (a[:,0].mean(), a[:,0].min(), a[:,1].mean(), 100*a[:,2].max(), (a[:,3]-a[:,0]).mean()))

def at_recall(per_site, r):
    """the highest threshold at which the calibration sites' pooled bull windows are found with recall r"""
    pos = np.concatenate([v[l == 1] for v, l in per_site])
    return np.quantile(pos, 1 - r)

for how in ['maxmin', 'meanlogit', 'lower', 'recall90', 'recall93', 'recall95']:
    rows = []
    for test in names:
        fold = json.load(open(os.path.join(cv, 'folds', test, 'fold.json')))
        data = load(os.path.join(det, test))
        per_site = [transform(data[s], 'abs') for s in fold['validation_sites']]
        if how == 'maxmin':
            t = best_worst(per_site)
        elif how.startswith('recall'):
            t = at_recall(per_site, int(how[6:]) / 100)
        else:
            own = [best(v, l)[0] for v, l in per_site]
            t = 1 / (1 + np.exp(-np.mean(logit(np.array(own))))) if how == 'meanlogit' else min(own)
        v, l = transform(densify(data[test], DENSITY) if DENSITY else data[test], 'abs')
        ar, br, fl = conf(v, l, t)
        _, bar = best(v, l)
        rows.append((test, ar, br, fl, bar))
    summary(how, rows)
