#!/usr/bin/python3
"""Golden files for BullWatch's PCEN front end (io.bullwatch.features.mel.Pcen).

An independent implementation of per-channel energy normalisation as Lostanlen et al. (2019,
"Per-channel energy normalization: why and how", IEEE SPL) write it and librosa computes it
(librosa.pcen with max_size=1; librosa itself is not packaged in Debian), in NumPy and SciPy:

    M = scipy.signal.lfilter([s], [1, s - 1], E, zi=lfilter_zi([s], [1, s - 1]) * E[:, 0])
    PCEN = (E / (eps + M)**alpha + delta)**r - delta**r
    s = (sqrt(1 + 4 T^2) - 1) / (2 T^2),  T = time_constant * sr / hop   (in frames)

computed in float64. Run with Debian's python (apt-get install -y python3-numpy python3-scipy):

    /usr/bin/python3 scripts/pcen-golden.py [OUTPUT_DIR]

OUTPUT_DIR defaults to bull-features/src/test/resources/golden. For every case it writes,
little-endian float32, frame-major (one frame's mel bands after another, as BullWatch streams):

    pcen_NAME.input.f32   the mel power E (frames x mels)
    pcen_NAME.output.f32  PCEN(E), computed in float64 and rounded once
    pcen_NAME.json        the parameters, mels, frames and frame rate

Inputs are deterministic (fixed seed): a steady coloured background that drifts in level, with
transients (a splash-like broadband burst), a step change of level, silence (zeros) and huge
values, so the filter's start, its memory across a level step and the eps floor are all checked.
"""
import json
import os
import sys

import numpy as np
from scipy.signal import lfilter, lfilter_zi

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "bull-features", "src", "test", "resources", "golden")


def pcen(E, frame_rate, T, alpha, delta, r, eps):
    """E: mels x frames, float64."""
    t_frames = T * frame_rate
    s = (np.sqrt(1 + 4 * t_frames ** 2) - 1) / (2 * t_frames ** 2)
    b, a = [s], [1, s - 1]
    zi = lfilter_zi(b, a)
    M, _ = lfilter(b, a, E, axis=1, zi=zi[None, :] * E[:, 0:1])
    return (E / (eps + M) ** alpha + delta) ** r - delta ** r


def case(name, E, frame_rate, T=0.4, alpha=0.98, delta=2.0, r=0.5, eps=1e-6):
    E32 = E.astype(np.float32)
    out = pcen(E32.astype(np.float64), frame_rate, T, alpha, delta, r, eps).astype(np.float32)
    mels, frames = E.shape
    E32.T.astype("<f4").tofile(os.path.join(OUT, "pcen_%s.input.f32" % name))
    out.T.astype("<f4").tofile(os.path.join(OUT, "pcen_%s.output.f32" % name))
    with open(os.path.join(OUT, "pcen_%s.json" % name), "w") as f:
        json.dump(dict(mels=mels, frames=frames, frameRate=frame_rate, timeConstant=T, gain=alpha,
                       bias=delta, power=r, epsilon=eps), f, indent=1, sort_keys=True)
        f.write("\n")


def river(rng, mels, frames):
    colour = np.exp(-np.linspace(0, 6, mels))[:, None]            # low-frequency rumble
    drift = np.exp(np.linspace(0, 1.5, frames))[None, :]          # the level creeps up
    E = colour * drift * rng.gamma(2.0, 0.5, size=(mels, frames)) * 1e-3
    E[:, frames // 3:frames // 3 + 4] += 0.5 * rng.random((mels, 4))   # a splash: broadband burst
    E[: mels // 2, 2 * frames // 3:] *= 30.0                      # a step: the weir gate opens
    return E


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261204)
    case("river", river(rng, 16, 200), 22050 / 2048)
    E = river(rng, 8, 120)
    E[:, 10:20] = 0.0                                              # digital silence
    E[3, 50:55] = 1e6                                              # clipping-loud
    case("silence", E, 22050 / 1024, T=0.06, alpha=0.8, delta=10.0, r=0.25, eps=1e-6)


if __name__ == "__main__":
    main()
