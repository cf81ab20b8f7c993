package io.bullwatch.models.train;

import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import java.util.List;
import java.util.Objects;

/**
 * A trained model's scores on one split's windows: what calibration and the reported metrics are
 * computed from.
 *
 * @param sites the split's sites, in order of first appearance
 * @param scores the bull probability of each window
 * @param bulls each window's label
 * @param nightHours the mean length of the split's recordings in hours (for listening time)
 */
public record SplitScores(List<String> sites, float[] scores, boolean[] bulls, double nightHours) {

    /** Validates and copies. */
    public SplitScores {
        sites = List.copyOf(sites);
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(bulls, "bulls");
        if (scores.length != bulls.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + bulls.length + " labels");
        }
        scores = scores.clone();
        bulls = bulls.clone();
    }

    /** @return a copy of the scores */
    @Override
    public float[] scores() {
        return scores.clone();
    }

    /** @return a copy of the labels */
    @Override
    public boolean[] bulls() {
        return bulls.clone();
    }

    /** @return the number of windows */
    public int windows() {
        return scores.length;
    }

    /**
     * The confusion at a threshold.
     *
     * @param threshold flagged when {@code score >= threshold}
     * @return the confusion
     */
    public Confusion confusion(double threshold) {
        return Confusion.of(scores, bulls, threshold);
    }

    /** @return every threshold's confusion (average precision, ROC AUC) */
    public ThresholdSweep sweep() {
        return ThresholdSweep.of(scores, bulls);
    }
}
