#!/usr/bin/python3
"""The in-domain bound beside leave-one-site-out (docs/models.md, "How far transfer is from having heard the site").

    scripts/real-sounds/in-domain.sh CORPUS_DIR OUT_DIR [bull train options]
    /usr/bin/python3 scripts/real-sounds/in-domain.py OUT_DIR CORPUS_DIR [CROSSVAL_DIR/crossval.json]

Reads each OUT_DIR/kNN/detect/SITE-nightNN.bull.windows.csv (night NN scored by the model that
trained on the site's other nights) and the model's threshold, labels the windows with `bull
train`'s rule (window_label.py), and pools each site's nights as `bull crossval` pools a test
site's: average recall, bull recall and flagged share at each night's calibrated threshold, ROC AUC
and the best average recall of one threshold over the pooled scores. Then the mean and the worst
site, and, given a crossval.json of the same recipe, its figures beside them. Needs NumPy only.
"""
import glob, json, os, sys
import numpy as np
from window_label import scored_windows

if len(sys.argv) < 3:
    sys.exit(__doc__)
out, corpus = sys.argv[1], sys.argv[2]


def avg_recall(flag, lab):
    return (np.mean(flag[lab == 1]) + np.mean(~flag[lab == 0])) / 2


def auc(sc, lab):
    r = np.argsort(np.argsort(np.concatenate([sc[lab == 1], sc[lab == 0]]), kind='stable')) + 1.0
    p, n = np.sum(lab == 1), np.sum(lab == 0)
    return (r[:p].sum() - p * (p + 1) / 2) / (p * n)


sites = {}
for k in sorted(glob.glob(os.path.join(out, 'k*'))):
    model = json.load(open(os.path.join(k, 'model', 'model.json')))
    t = model['threshold']['value']
    for f in sorted(glob.glob(os.path.join(k, 'detect', '*.bull.windows.csv'))):
        _, site, _, sc, lab = scored_windows(f, corpus)
        sc, lab = sc[lab >= 0], lab[lab >= 0]
        sites.setdefault(site, []).append((sc, lab, sc >= t))
if not sites:
    sys.exit(f'{out}: no kNN/detect/*.bull.windows.csv (run in-domain.sh first)')

cv = {}
if len(sys.argv) > 3:
    cv = {s['site']: s for s in json.load(open(sys.argv[3]))['sites']}

rows = []
for site, nights in sorted(sites.items()):
    sc = np.concatenate([n[0] for n in nights]); lab = np.concatenate([n[1] for n in nights])
    fl = np.concatenate([n[2] for n in nights])
    ts = np.unique(sc)[::max(1, len(np.unique(sc)) // 400)]
    best = max(avg_recall(sc >= x, lab) for x in ts)
    rows.append((site, len(nights), avg_recall(fl, lab), np.mean(fl[lab == 1]), fl.mean(), auc(sc, lab), best))

head = 'site      nights  avg recall  bull recall  flagged  ROC AUC  best avg recall'
if cv:
    head += '  | crossval: avg recall  bull recall  flagged  ROC AUC  best'
print(head)
for site, n, ar, br, fl, au, be in rows:
    line = f'{site:9s} {n:6d}  {ar:10.3f}  {br:11.3f}  {fl * 100:6.1f} %  {au:7.3f}  {be:15.3f}'
    if site in cv:
        c = cv[site]
        line += (f'  | {c["average_recall"]:19.3f}  {c["bull_recall"]:11.3f}  {c["flagged"] * 100:6.1f} %'
                 f'  {c["roc_auc"]:7.3f}  {c["best_average_recall"]:.3f}')
    print(line)
mean = [np.mean([r[i] for r in rows]) for i in range(2, 7)]
worst = min(rows, key=lambda r: r[2])
print(f'mean      {"":6s}  {mean[0]:10.3f}  {mean[1]:11.3f}  {max(r[4] for r in rows) * 100:6.1f} %'
      f'  {mean[3]:7.3f}  {mean[4]:15.3f}   (flagged: the most)')
print(f'worst     {worst[0]:>6s}  {worst[2]:10.3f}')
if cv:
    cs = [cv[r[0]] for r in rows if r[0] in cv]
    cw = min(cs, key=lambda c: c['average_recall'])
    print(f'crossval: mean {np.mean([c["average_recall"] for c in cs]):.3f}, worst {cw["average_recall"]:.3f} ({cw["site"]}),'
          f' mean best {np.mean([c["best_average_recall"] for c in cs]):.3f}')
