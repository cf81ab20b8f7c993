"""`bull train`'s window label rule, and the windows of a `bull detect` output labelled by it, shared by
the analysis scripts beside this file (threshold-rules.py, false-alarms-by-source.py, in-domain.py,
site-error.py; Python puts a script's own folder on its path)."""
import csv
import os

WINDOW, HOP = 15.0, 5.0  # the detector's report windows: 15 s every 5 s


def window_label(start, end, bulls):
    """1 when a bull lies inside [start, end) for at least 1 s (or whole, when it is shorter), -1 when
    bulls only touch the window (ambiguous: left out of training and scoring), else 0.

    bulls: (start, end) pairs in seconds."""
    label = 0
    for s, e in bulls:
        inside = min(end, e) - max(start, s)
        if inside > 0:
            if inside >= min(1.0, e - s):
                return 1
            label = -1
    return label


def scored_windows(path, corpus):
    """(name, site, starts, scores, labels) of one NAME.bull.windows.csv, as NumPy arrays: the windows
    on the 5-s grid (the shorter tail window dropped), labelled from the corpus's CORPUS/SITE/NAME.txt
    (a night's site is the part of its name before `-night`, as `bull compose` names them); labels
    -1 (ambiguous) are kept for the caller to leave out."""
    import numpy as np
    name = os.path.basename(path).replace('.bull.windows.csv', '')
    site = name.split('-night')[0]
    with open(path) as f:
        rows = list(csv.DictReader(f))
    starts = np.array([float(r['start']) for r in rows])
    scores = np.array([float(r['score']) for r in rows])
    keep = np.abs(starts / HOP - np.round(starts / HOP)) < 1e-6
    starts, scores = starts[keep], scores[keep]
    bulls = []
    with open(os.path.join(corpus, site, name + '.txt')) as f:
        for line in f:
            p = line.split('\t')
            if len(p) >= 2 and p[0].strip():
                bulls.append((float(p[0]), float(p[1])))
    labels = np.array([window_label(a, a + WINDOW, bulls) for a in starts])
    return name, site, starts, scores, labels
