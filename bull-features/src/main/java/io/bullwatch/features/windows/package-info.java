/**
 * Labelled mel windows for training and evaluation: {@link io.bullwatch.features.windows.WindowSet}
 * loads the windows of corpus recordings, labels them, computes their mel spectrograms and
 * applies an {@link io.bullwatch.features.pipeline.InputNormalisation}.
 *
 * <p>Memory: a window set holds every window's features in memory ({@code float[]} per window,
 * 128 x 646 floats = 330 KB at the seed's settings, about 240 MB per hour of audio at a 5 s hop).
 * That suits the synthetic corpora and small real ones. The seam for a disk feature cache is
 * {@link io.bullwatch.features.windows.WindowSet#features(int)}: the trainer only reads features
 * through it, so a cache-backed set can replace the in-memory arrays.
 */
package io.bullwatch.features.windows;
