/**
 * An on-disk cache of each recording's mel frames, computed once and memory-mapped for reading,
 * so training epochs never recompute features. Entries are keyed by the recording (real path, size,
 * modification time) and the {@link io.bullwatch.features.mel.MelConfig}; a changed configuration
 * or a modified recording never reuses stale features, and a corrupt or truncated entry is
 * detected, deleted and recomputed.
 *
 * <p>{@link io.bullwatch.features.cache.FeatureCache} is the entry point; {@link
 * io.bullwatch.features.cache.CachedFeatures} serves frames and windows; {@link
 * io.bullwatch.features.cache.Half} converts IEEE half-precision floats (Java 17 lacks {@code
 * Float.floatToFloat16}).
 */
package io.bullwatch.features.cache;
