/**
 * Normalisation statistics for mel features: mean and standard deviation over training windows,
 * overall and per mel band, accumulated in a single numerically stable pass (block two-pass sums
 * merged with Chan's parallel formula, in double) and mergeable across threads; and their
 * application as the seed's VGG16 variant does, {@code (x - mean) / std}, optionally after a log or
 * dB transform.
 *
 * <p>{@link io.bullwatch.features.norm.NormAccumulator} collects, {@link
 * io.bullwatch.features.norm.NormStats} holds the result (with a JSON form for model bundles) and
 * standardises spectrograms.
 */
package io.bullwatch.features.norm;
