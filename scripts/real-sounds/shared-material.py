#!/usr/bin/env python3
"""Finds background recordings of different sites that share material.

    python3 scripts/real-sounds/shared-material.py WORK_DIR [SITE,SITE...]

WORK_DIR is build.sh's work folder (it reads WORK_DIR/sounds/sites/SITE/*.wav). For each recording
of the named sites (default: every site), five 4-second stretches (at 10, 30, 50, 70 and 90 % of
it) are slid along every recording of every other site at 8 kHz mono, and the largest normalised
cross-correlation is printed when any stretch exceeds 0.3. Recordings that share material score
0.7-0.8 at every stretch (0 A.D.'s waterfall against its raging river); unrelated beds stay under
0.2, and a single stretch near 0.3-0.4 against otherwise low ones is worth a listen. The benchmark
keeps no pair that shares material across sites: a model would hear its test site's bed in training.
Needs NumPy and SciPy (Debian: python3-numpy python3-scipy).
"""
import glob
import os
import sys
from math import gcd

import numpy as np
from scipy.io import wavfile
from scipy.signal import fftconvolve, resample_poly

RATE = 8000
STRETCH = 4 * RATE
THRESHOLD = 0.3


def load(path):
    rate, x = wavfile.read(path)
    x = x.astype(np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    g = gcd(int(rate), RATE)
    return resample_poly(x, RATE // g, int(rate) // g)


def sums(x):
    """Running sums of x and x squared, for every stretch's mean and power along x."""
    return np.cumsum(np.concatenate([[0.0], x])), np.cumsum(np.concatenate([[0.0], x * x]))


def largest_ncc(stretch, other, other_sums):
    """The largest |normalised cross-correlation| of stretch at any offset inside other."""
    n = len(stretch)
    if len(other) < n:
        return 0.0
    s = stretch - stretch.mean()
    norm = np.sqrt((s * s).sum())
    if norm == 0:
        return 0.0
    dot = fftconvolve(other, s[::-1], mode="valid")
    c1, c2 = other_sums
    total = c1[n:] - c1[:-n]
    power = np.maximum((c2[n:] - c2[:-n]) - total * total / n, 1e-9)
    return float(np.max(np.abs(dot) / (norm * np.sqrt(power))))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    paths = sorted(glob.glob(os.path.join(sys.argv[1], "sounds", "sites", "*", "*.wav")))
    if not paths:
        sys.exit(f"shared-material: no recordings under {sys.argv[1]}/sounds/sites/*/")
    site = lambda p: os.path.basename(os.path.dirname(p))
    wanted = set(sys.argv[2].split(",")) if len(sys.argv) == 3 else {site(p) for p in paths}
    audio = {p: load(p) for p in paths}
    running = {p: sums(x) for p, x in audio.items()}
    found = 0
    for a in paths:
        if site(a) not in wanted:
            continue
        x = audio[a]
        if len(x) <= STRETCH:
            stretches = [x]
        else:
            stretches = [x[int(f * (len(x) - STRETCH)):][:STRETCH] for f in (0.1, 0.3, 0.5, 0.7, 0.9)]
        for b in paths:
            if site(b) == site(a):
                continue
            scores = [largest_ncc(s, audio[b], running[b]) for s in stretches]
            if max(scores) > THRESHOLD:
                found += 1
                print(f"{site(a)}/{os.path.basename(a)} ~ {site(b)}/{os.path.basename(b)}: "
                      + " ".join(f"{v:.2f}" for v in scores), flush=True)
    print(f"shared-material: {found} pair(s) over {THRESHOLD}")


if __name__ == "__main__":
    main()
