package io.bullwatch.core.metrics;

import java.util.Objects;

/**
 * The confusion obtained by flagging every window whose score is {@code >= threshold}.
 *
 * @param threshold the threshold, one of the scores
 * @param confusion the counts at that threshold
 */
public record ThresholdPoint(double threshold, Confusion confusion) {

    /** Checks the values. */
    public ThresholdPoint {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        Objects.requireNonNull(confusion, "confusion");
    }
}
