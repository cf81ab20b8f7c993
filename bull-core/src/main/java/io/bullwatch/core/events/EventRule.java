package io.bullwatch.core.events;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How flagged windows become events (see {@link EventMerger}).
 *
 * @param threshold a window is flagged when its score is {@code >= threshold}
 * @param refine whether to cut each merged span down to the part no unflagged window covers (a
 *     window that did not fire says "no bull in here"); when nothing is left, the span is kept whole
 * @param mergeGapSeconds events closer than this (after refining) are joined into one; 0 joins only
 *     touching or overlapping events
 * @param minDurationSeconds shorter events are widened symmetrically to this length (clipped to the
 *     recording); 0 for no minimum. Events are never dropped for being short.
 * @param maxDurationSeconds longer events are cut into equal consecutive parts of at most this
 *     length, so each part is a manageable clip; {@link Double#POSITIVE_INFINITY} for no maximum
 * @param aggregate how an event's score is computed from its flagged windows
 */
public record EventRule(double threshold, boolean refine, double mergeGapSeconds,
        double minDurationSeconds, double maxDurationSeconds, Aggregate aggregate) {

    /** How an event's score is computed from the scores of the flagged windows overlapping it. */
    public enum Aggregate {
        /** The highest score. */
        MAX,
        /** The mean score. */
        MEAN
    }

    /** Validates the options. */
    public EventRule {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("the threshold must be a finite number, got " + threshold);
        }
        if (!(mergeGapSeconds >= 0) || Double.isInfinite(mergeGapSeconds)) {
            throw new IllegalArgumentException("the merge gap must be a finite number of seconds >= 0, got "
                    + mergeGapSeconds);
        }
        if (!(minDurationSeconds >= 0) || Double.isInfinite(minDurationSeconds)) {
            throw new IllegalArgumentException("the minimum duration must be a finite number of seconds"
                    + " >= 0, got " + minDurationSeconds);
        }
        if (!(maxDurationSeconds > 0)) {
            throw new IllegalArgumentException("the maximum duration must be > 0 seconds, got "
                    + maxDurationSeconds);
        }
        if (maxDurationSeconds < minDurationSeconds) {
            throw new IllegalArgumentException("the maximum duration (" + maxDurationSeconds
                    + " s) must not be below the minimum duration (" + minDurationSeconds + " s)");
        }
        if (aggregate == null) {
            throw new IllegalArgumentException("aggregate must not be null");
        }
    }

    /**
     * The default rule at a threshold: refined boundaries, touching events joined, at least 2 s,
     * at most 60 s, scored by the maximum.
     *
     * @param threshold the decision threshold
     * @return the rule
     */
    public static EventRule of(double threshold) {
        return new EventRule(threshold, true, 0, 2, 60, Aggregate.MAX);
    }

    /**
     * This rule with another threshold.
     *
     * @param newThreshold the decision threshold
     * @return a copy
     */
    public EventRule withThreshold(double newThreshold) {
        return new EventRule(newThreshold, refine, mergeGapSeconds, minDurationSeconds,
                maxDurationSeconds, aggregate);
    }

    /**
     * This rule as {@link RecordingDetector#parameters()} values, for detectors to include.
     *
     * @return {@code threshold, refine, mergeGapSeconds, minDurationSeconds, maxDurationSeconds}
     *     ({@code "inf"} for none){@code , aggregate} (lower case), in this order
     */
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("refine", refine);
        m.put("mergeGapSeconds", mergeGapSeconds);
        m.put("minDurationSeconds", minDurationSeconds);
        m.put("maxDurationSeconds", Double.isInfinite(maxDurationSeconds) ? "inf" : maxDurationSeconds);
        m.put("aggregate", aggregate.name().toLowerCase(Locale.ROOT));
        return m;
    }

    /** @return a one-line description for logs and run reports */
    public String describe() {
        return String.format(Locale.ROOT, "threshold %.4f, refine %s, merge gap %.2f s, duration %.2f-%s s,"
                + " score %s", threshold, refine, mergeGapSeconds, minDurationSeconds,
                Double.isInfinite(maxDurationSeconds) ? "inf" : String.format(Locale.ROOT, "%.2f", maxDurationSeconds),
                aggregate.name().toLowerCase(Locale.ROOT));
    }
}
