#!/usr/bin/env python3
"""Where a fold's false alarms come from: reads a `bull detect` output folder of a test site (each
recording's NAME.bull.windows.csv), the fold's threshold (its model.json) and the composed nights'
events.tsv, and prints, for the windows without a bull (windows holding 1 s of a bull, or all of a
shorter one, are bull windows; windows touching a bull less are left out, as in training), how many
lie over each background recording (the one that fills most of the window) and each distractor
clip, and how many of them reach the threshold, most flagged first; beside each background recording,
the bull windows over it and how many reach the threshold.

usage: false-alarms-by-source.py FOLD_DIR CORPUS SITE DETECT_DIR
(DETECT_DIR from `bull detect --model FOLD_DIR --out DETECT_DIR CORPUS/SITE`)"""
import collections
import csv
import glob
import json
import os
import sys

from window_label import window_label

fold, corpus, site, detect = sys.argv[1:5]
threshold = json.load(open(os.path.join(fold, 'model.json')))['threshold']['value']


def overlap(window, event):
    return max(0.0, min(window[1], event[1]) - max(window[0], event[0]))


negatives = collections.Counter()
flagged = collections.Counter()
by_distractor = collections.Counter()
flagged_by_distractor = collections.Counter()
bull_windows = found = 0
bulls_over = collections.Counter()
found_over = collections.Counter()
for path in sorted(glob.glob(os.path.join(corpus, site, '*.events.tsv'))):
    name = os.path.basename(path)[:-len('.events.tsv')]
    events = [(r['kind'], float(r['start']), float(r['end']), os.path.basename(r['source']))
              for r in csv.DictReader(open(path), delimiter='\t')]
    for w in csv.DictReader(open(os.path.join(detect, name + '.bull.windows.csv'))):
        window = (float(w['start']), float(w['end']))
        hit = float(w['score']) >= threshold
        label = window_label(window[0], window[1], [e[1:3] for e in events if e[0] == 'bull'])
        if label < 0:
            continue
        beds = collections.Counter()
        for e in events:
            if e[0] == 'background':
                beds[e[3]] += overlap(window, e[1:3])
        bed = beds.most_common(1)[0][0]
        if label:
            bull_windows += 1
            found += hit
            bulls_over[bed] += 1
            found_over[bed] += hit
            continue
        negatives[bed] += 1
        flagged[bed] += hit
        clips = {e[3] for e in events if e[0] == 'distractor' and overlap(window, e[1:3]) > 0}
        for clip in clips or {'(no distractor)'}:
            by_distractor[clip] += 1
            flagged_by_distractor[clip] += hit
total = sum(negatives.values())
print('%s at threshold %.4f: bull windows %d, found %d (%.3f); windows without a bull %d, flagged %d'
      ' (%.3f)' % (site, threshold, bull_windows, found, found / max(1, bull_windows), total,
                   sum(flagged.values()), sum(flagged.values()) / max(1, total)))
print('%-36s %8s %8s %6s %9s %13s %6s' % ('background recording', 'windows', 'flagged', 'rate',
                                          'of flags', 'bull windows', 'found'))
for bed in sorted(set(negatives) | set(bulls_over), key=lambda b: (-flagged[b], b)):
    n = negatives[bed]
    print('%-36s %8d %8d %6.3f %8.0f%% %13d %6d' % (
        bed, n, flagged[bed], flagged[bed] / max(1, n),
        100 * flagged[bed] / max(1, sum(flagged.values())), bulls_over[bed], found_over[bed]))
print('%-36s %8s %8s %6s' % ('distractor clip in the window', 'windows', 'flagged', 'rate'))
for clip, n in sorted(by_distractor.items(), key=lambda kv: (-flagged_by_distractor[kv[0]], kv[0])):
    print('%-36s %8d %8d %6.3f' % (clip, n, flagged_by_distractor[clip], flagged_by_distractor[clip] / n))
