#!/usr/bin/python3
"""Times torchaudio's MelSpectrogram (the seed's configuration) over a whole WAV file.

Usage: /usr/bin/python3 torchaudio_mel_time.py FILE.wav [threads=2] [runs=5]

torchaudio.load reads the file (decoding included in the time, as on the Java side); the
spectrogram is computed in chunks of 2048 frames whose frames are exactly those of one
spectrogram over the whole file (each chunk carries nFft/2 samples of real context on each side;
only the file's two ends are reflect-padded, by torch.stft on the whole signal's ends). The
first run warms up and is not counted. Prints one line per run and a last line
"torchaudio median_s=... frames=...". Use Debian's python (/usr/bin/python3, python3-torchaudio).
"""
import statistics
import sys
import time

import torch
import torchaudio

N_FFT, HOP, N_MELS, RATE = 4096, 1024, 128, 44100
CHUNK_FRAMES = 2048  # frames per chunk, about 48 s (larger chunks were slower here)


def mel_of_file(path, mel):
    wav, rate = torchaudio.load(path)
    assert rate == RATE, f"{path} is at {rate} Hz, expected {RATE}"
    x = wav.mean(dim=0) if wav.shape[0] > 1 else wav[0]
    length = x.shape[0]
    frames = 1 + length // HOP
    pad = N_FFT // 2
    # reflect-pad the whole signal once (what center=True does), then take chunks of it with
    # center=False, so every frame is torchaudio's frame of the whole-file spectrogram
    xp = torch.nn.functional.pad(x[None, None, :], (pad, pad), mode="reflect")[0, 0]
    done = 0
    total = 0.0
    while done < frames:
        n = min(CHUNK_FRAMES, frames - done)
        seg = xp[done * HOP: done * HOP + (n - 1) * HOP + N_FFT]
        m = mel(seg)
        total += float(m[0, 0])
        done += m.shape[1]
    return done, total


def main():
    path = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.set_num_threads(threads)
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=RATE, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS, power=2.0, center=False)
    times = []
    frames = 0
    with torch.inference_mode():
        for r in range(-1, runs):
            t0 = time.perf_counter()
            frames, _ = mel_of_file(path, mel)
            s = time.perf_counter() - t0
            print(f"torchaudio run={'warmup' if r < 0 else r} threads={threads} time_s={s:.3f}",
                  flush=True)
            if r >= 0:
                times.append(s)
    print(f"torchaudio median_s={statistics.median(times):.3f} frames={frames}")


if __name__ == "__main__":
    main()
