/**
 * Mel spectrograms with torchaudio's definitions: configuration, filter bank and extraction.
 *
 * <p>{@link io.bullwatch.features.mel.MelConfig} holds every parameter (the seed's by {@link
 * io.bullwatch.features.mel.MelConfig#seed()}) and a locale-independent text form saved with
 * models. {@link io.bullwatch.features.mel.MelFilterBank} is {@code
 * torchaudio.functional.melscale_fbanks}. {@link
 * io.bullwatch.features.mel.MelSpectrogramExtractor} computes {@link
 * io.bullwatch.features.mel.MelSpectrogram}s per window (the seed's way) or streams a whole
 * recording once and serves overlapping windows as slices ({@link
 * io.bullwatch.features.mel.EdgeMode} says how window edges are treated). Parity with torchaudio
 * is checked against golden files written by {@code scripts/torchaudio-golden.py}; see {@code
 * docs/features.md}.
 */
package io.bullwatch.features.mel;
