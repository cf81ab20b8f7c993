/**
 * Scoring detectors: window-level confusions, threshold sweeps and event-level matching.
 *
 * <p>{@link io.bullwatch.core.metrics.Confusion} holds the four counts of a binary decision and
 * derives precision, the recalls of both classes, the seed's average recall (balanced accuracy), F1
 * and the listening budget. {@link io.bullwatch.core.metrics.ThresholdSweep} gives the confusion at
 * every distinct score threshold, the precision-recall and ROC summaries, and thresholds chosen by a
 * criterion (for calibration). {@link io.bullwatch.core.metrics.EventScore} compares detected time
 * intervals with annotated events, and {@link io.bullwatch.core.metrics.GroupedConfusion} keeps
 * confusions per group, such as per site.
 *
 * <p>Conventions: a window is flagged as a bull when its score is {@code >= threshold}; a value
 * that is undefined for the data (a ratio with a zero denominator) is {@link Double#NaN}, never an
 * exception. All types are immutable except {@link io.bullwatch.core.metrics.GroupedConfusion.Accumulator}.
 */
package io.bullwatch.core.metrics;
