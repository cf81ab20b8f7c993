package io.bullwatch.core.events;

/**
 * A detector's score for one window of a recording.
 *
 * @param start the window's start in seconds from the start of the recording
 * @param end the window's end in seconds, {@code > start}
 * @param score the bull probability (or any score where higher means more likely a bull), finite
 */
public record WindowScore(double start, double end, float score) {

    /** Validates the interval and the score. */
    public WindowScore {
        if (!Double.isFinite(start) || !Double.isFinite(end) || start < 0 || end <= start) {
            throw new IllegalArgumentException("a window must satisfy 0 <= start < end, got ["
                    + start + ", " + end + "]");
        }
        if (!Float.isFinite(score)) {
            throw new IllegalArgumentException("window [" + start + ", " + end
                    + "] has a score that is not a finite number: " + score);
        }
    }

    /**
     * Whether this window is flagged at a threshold.
     *
     * @param threshold the decision threshold
     * @return {@code score >= threshold}
     */
    public boolean isFlagged(double threshold) {
        return score >= threshold;
    }

    /** @return {@code end - start} in seconds */
    public double duration() {
        return end - start;
    }
}
