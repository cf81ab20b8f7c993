#!/usr/bin/env python3
"""Which bulls a fold misses, by length and SNR: reads the test-window scores FoldEnsemble.java
writes (--scores) and the composed nights' events.tsv, and prints per bull its SNR, length, bull
windows (windows holding 1 s of it, or all of a shorter one) and how many reach the threshold; then
window recall for bulls shorter and longer than 1 s.

usage: misses-by-length.py CORPUS SCORES.tsv THRESHOLD [WINDOW_SECONDS=15]"""
import collections
import sys

corpus, scores, thr = sys.argv[1], sys.argv[2], float(sys.argv[3])
W = float(sys.argv[4]) if len(sys.argv) > 4 else 15.0
wins = collections.defaultdict(list)
for line in open(scores):
    rec, start, bull, score = line.rstrip('\n').split('\t')
    wins[rec].append((float(start), bull == 'true', float(score)))
rows = []
for rec, ws in sorted(wins.items()):
    for line in list(open(corpus + '/' + rec[:-4] + '.events.tsv'))[1:]:
        e = line.rstrip('\n').split('\t')
        if e[0] != 'bull':
            continue
        s, t = float(e[1]), float(e[2])
        cover = [sc for st, b, sc in ws if b and min(st + W, t) - max(st, s) >= min(1.0, t - s) - 1e-6]
        rows.append((float(e[6]), t - s, len(cover), sum(x >= thr for x in cover), e[3]))
rows.sort()
groups = collections.defaultdict(lambda: [0, 0, 0, 0])
for snr, dur, n, hit, src in rows:
    print('snr %5.1f dB  length %4.1f s  bull windows %d  found %d  %s' % (snr, dur, n, hit, src))
    g = groups['< 1 s' if dur < 1 else '>= 1 s']
    g[0] += 1
    g[1] += n
    g[2] += hit
    g[3] += hit == 0
for k, (bulls, n, hit, missed) in sorted(groups.items()):
    print('bulls %s: %d, window recall %.2f, %d with no window found' % (k, bulls, hit / max(1, n), missed))
