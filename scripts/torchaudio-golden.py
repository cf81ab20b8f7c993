#!/usr/bin/python3
"""Golden files for BullWatch's mel spectrogram parity tests, computed with torchaudio.

Run with Debian's python (apt-get install -y python3-torchaudio):

    /usr/bin/python3 scripts/torchaudio-golden.py [OUTPUT_DIR]

OUTPUT_DIR defaults to bull-features/src/test/resources/golden. For every case the script
generates a deterministic input signal and writes, all little-endian float32:

    NAME.input.f32   the input samples (so Java reads exactly what torchaudio saw)
    NAME.mel.f32     torchaudio's output computed in float32 (what the seed computed),
                     n_mels x frames, row-major (one mel band after another)
    NAME.mel64.f32   the same computed in float64 and rounded once to float32 (a reference
                     free of torchaudio's float32 rounding)
    NAME.json        the configuration, in the key set of io.bullwatch.features.mel.MelConfig

plus FB.fbank.f32 files (torchaudio.functional.melscale_fbanks, n_freqs x n_mels) and
index.csv (name,kind,n_mels,frames,input_length). Outputs are deterministic: fixed seeds,
one torch thread.
"""
import json
import os
import sys

import numpy as np
import torch
import torchaudio

torch.set_num_threads(1)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "bull-features", "src", "test", "resources", "golden")


def config(**overrides):
    c = dict(version=1, sampleRate=44100, nFft=4096, winLength=4096, hop=1024, window="hann",
             center=True, padMode="reflect", nMels=128, fMin=0.0, fMax=22050.0, power=2,
             melScale="htk", norm="none", scale="linear", topDb="none", epsilon=1e-10)
    c.update(overrides)
    if "winLength" not in overrides:
        c["winLength"] = c["nFft"]
    if "fMax" not in overrides:
        c["fMax"] = float(c["sampleRate"] // 2)
    return c


def mel(c, x, dtype):
    window_fn = {"hann": torch.hann_window, "hamming": torch.hamming_window}[c["window"]]
    t = torchaudio.transforms.MelSpectrogram(
        sample_rate=c["sampleRate"], n_fft=c["nFft"], win_length=c["winLength"],
        hop_length=c["hop"], f_min=c["fMin"], f_max=c["fMax"], n_mels=c["nMels"],
        window_fn=window_fn, power=float(c["power"]), center=c["center"], pad_mode=c["padMode"],
        norm=None if c["norm"] == "none" else c["norm"], mel_scale=c["melScale"]).to(dtype)
    y = t(torch.from_numpy(x).to(dtype))
    if c["scale"] == "db":
        top = None if c["topDb"] == "none" else float(c["topDb"])
        stype = "power" if c["power"] == 2 else "magnitude"
        y = torchaudio.transforms.AmplitudeToDB(stype=stype, top_db=top)(y)
    elif c["scale"] == "log":
        y = torch.log(y + c["epsilon"])
    return y.numpy().astype("<f4")


def signal(kind, n, sr, seed):
    rng = np.random.RandomState(seed)
    t = np.arange(n) / sr
    if kind == "mix":  # noise, a tone and a chirp
        x = 0.1 * rng.randn(n) + 0.5 * np.sin(2 * np.pi * 440 * t) \
            + 0.3 * np.sin(2 * np.pi * (200 * t + 0.5 * (sr / 4) * t * t / t[-1]))
    elif kind == "brown":  # integrated noise: a steep spectrum, weak high bands
        x = np.cumsum(rng.randn(n))
        x = 0.9 * (x - x.mean()) / np.abs(x - x.mean()).max()
    elif kind == "square":  # full scale, 1 kHz
        x = np.where(np.sin(2 * np.pi * 1000 * t) >= 0, 1.0, -1.0)
    elif kind == "silence":
        x = np.zeros(n)
    else:
        raise ValueError(kind)
    return x.astype("<f4")


CASES = [
    # name, signal kind, length, seed, config
    ("seed", "mix", 22050, 1, config()),
    ("small_nfft_odd_power1", "mix", 4001, 2, config(sampleRate=16000, nFft=256, winLength=200,
        hop=64, nMels=40, fMin=50.0, fMax=7000.0, power=1)),
    ("slaney_slaneynorm", "brown", 5513, 3, config(sampleRate=22050, nFft=1024, hop=256,
        nMels=64, melScale="slaney", norm="slaney")),
    ("slaney_power1_db_hamming", "mix", 3001, 4, config(sampleRate=22050, nFft=512, hop=160,
        nMels=48, fMin=20.0, fMax=8000.0, power=1, melScale="slaney", window="hamming",
        scale="db", topDb=80.0)),
    ("square_htk_slaneynorm_db", "square", 8821, 5, config(nFft=2048, hop=512, nMels=64,
        norm="slaney", scale="db", topDb=80.0)),
    ("square_seed", "square", 9001, 6, config()),
    ("silence_seed_db", "silence", 8192, 7, config(scale="db", topDb=80.0)),
    ("silence_linear", "silence", 3000, 8, config(nFft=1024, hop=256, nMels=32)),
    ("constant_pad_log", "mix", 2000, 9, config(sampleRate=8000, nFft=256, hop=128, nMels=32,
        padMode="constant", scale="log", epsilon=1e-6)),
    ("no_center", "brown", 4000, 10, config(sampleRate=16000, nFft=512, hop=256, nMels=40,
        center=False)),
]

FBANKS = [
    # name, n_freqs, f_min, f_max, n_mels, sample_rate, norm, mel_scale
    ("htk_512", 257, 0.0, 8000.0, 40, 16000, None, "htk"),
    ("slaney_slaneynorm_512", 257, 30.0, 11025.0, 40, 22050, "slaney", "slaney"),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = ["name,kind,n_mels,frames,input_length"]
    for name, kind, n, seed, c in CASES:
        x = signal(kind, n, c["sampleRate"], seed)
        y32 = mel(c, x, torch.float32)
        y64 = mel(c, x, torch.float64)
        x.tofile(os.path.join(OUT, name + ".input.f32"))
        y32.tofile(os.path.join(OUT, name + ".mel.f32"))
        y64.tofile(os.path.join(OUT, name + ".mel64.f32"))
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(c, f, indent=2)
            f.write("\n")
        rows.append("%s,mel,%d,%d,%d" % (name, y32.shape[0], y32.shape[1], n))
    for name, n_freqs, f_min, f_max, n_mels, sr, norm, scale in FBANKS:
        fb = torchaudio.functional.melscale_fbanks(n_freqs, f_min, f_max, n_mels, sr, norm, scale)
        fb.numpy().astype("<f4").tofile(os.path.join(OUT, name + ".fbank.f32"))
        rows.append("%s,fbank:%d:%r:%r:%d:%d:%s:%s,%d,%d,0" % (
            name, n_freqs, f_min, f_max, n_mels, sr, norm or "none", scale, n_mels, n_freqs))
    with open(os.path.join(OUT, "index.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    total = sum(os.path.getsize(os.path.join(OUT, p)) for p in os.listdir(OUT))
    print("wrote %d files, %d bytes, to %s" % (len(os.listdir(OUT)), total, os.path.abspath(OUT)))


if __name__ == "__main__":
    main()
