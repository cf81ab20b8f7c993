package io.bullwatch.core.events;

/**
 * A stretch of a recording a detector proposes as a bull, for an expert to confirm.
 *
 * @param start start in seconds from the start of the recording
 * @param end end in seconds, {@code > start}
 * @param score the event's score (the maximum or mean of its flagged windows' scores, see {@link
 *     EventRule.Aggregate})
 * @param windows how many flagged windows overlap the event
 */
public record DetectedEvent(double start, double end, double score, int windows) {

    /** Validates the interval. */
    public DetectedEvent {
        if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end <= start) {
            throw new IllegalArgumentException("an event must satisfy 0 <= start < end, got ["
                    + start + ", " + end + "]");
        }
        if (windows < 0) {
            throw new IllegalArgumentException("windows must be >= 0, got " + windows);
        }
    }

    /** @return {@code end - start} in seconds */
    public double duration() {
        return end - start;
    }
}
