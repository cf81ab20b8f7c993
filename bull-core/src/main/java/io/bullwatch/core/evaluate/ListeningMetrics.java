package io.bullwatch.core.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much an expert listens to: the detected events against the whole recordings.
 *
 * @param totalSeconds length of the recordings, {@code >= 0}
 * @param reviewSeconds total length of the detected events (they do not overlap within a
 *     recording), {@code >= 0}
 */
public record ListeningMetrics(double totalSeconds, double reviewSeconds) {

    /** Checks the values. */
    public ListeningMetrics {
        if (!(totalSeconds >= 0) || !(reviewSeconds >= 0) || Double.isInfinite(totalSeconds)
                || Double.isInfinite(reviewSeconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got total="
                    + totalSeconds + ", review=" + reviewSeconds);
        }
    }

    /**
     * Share of the time an expert listens to.
     *
     * @return {@code reviewSeconds / totalSeconds}, {@code NaN} for no audio
     */
    public double flaggedFraction() {
        return totalSeconds == 0 ? Double.NaN : reviewSeconds / totalSeconds;
    }

    /**
     * How many times less audio an expert listens to than the whole recordings (the seed's "6 times
     * less").
     *
     * @return {@code totalSeconds / reviewSeconds}, {@code NaN} when nothing is to be reviewed
     */
    public double reductionFactor() {
        return reviewSeconds == 0 ? Double.NaN : totalSeconds / reviewSeconds;
    }

    /**
     * Minutes to listen to per hour of recording.
     *
     * @return {@code 60 * flaggedFraction()}, {@code NaN} for no audio
     */
    public double minutesPerHour() {
        return 60 * flaggedFraction();
    }

    /**
     * Both added up, as for two recordings.
     *
     * @param other the other recording's listening
     * @return the sums
     */
    public ListeningMetrics plus(ListeningMetrics other) {
        return new ListeningMetrics(totalSeconds + other.totalSeconds, reviewSeconds + other.reviewSeconds);
    }

    /** @return the seconds and derived values, ordered */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalSeconds", totalSeconds);
        m.put("reviewSeconds", reviewSeconds);
        m.put("flaggedFraction", flaggedFraction());
        m.put("reductionFactor", reductionFactor());
        m.put("minutesPerHour", minutesPerHour());
        return m;
    }
}
