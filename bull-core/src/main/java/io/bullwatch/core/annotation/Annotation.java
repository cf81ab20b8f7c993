package io.bullwatch.core.annotation;

import java.util.Objects;

/**
 * One annotated event of a recording: a time interval in seconds and a label.
 *
 * @param start start time in seconds from the beginning of the recording, finite and {@code >= 0}
 * @param end end time in seconds, finite and {@code >= start}
 * @param label the event's label (for example {@code "bull"}); never {@code null}, may be empty
 */
public record Annotation(double start, double end, String label) {

    /** Validates the interval and label. */
    public Annotation {
        Objects.requireNonNull(label, "label");
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException(
                    "annotation times must be finite, got start=" + start + ", end=" + end);
        }
        if (start < 0) {
            throw new IllegalArgumentException("annotation start must be >= 0 s, got " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException(
                    "annotation end (" + end + " s) must not be before its start (" + start + " s)");
        }
    }

    /**
     * An unlabelled event.
     *
     * @param start start in seconds
     * @param end end in seconds
     * @return the annotation with an empty label
     */
    public static Annotation of(double start, double end) {
        return new Annotation(start, end, "");
    }

    /**
     * The event's duration.
     *
     * @return {@code end - start} in seconds
     */
    public double duration() {
        return end - start;
    }

    /**
     * Seconds of this event that lie inside {@code [from, to]}.
     *
     * @param from interval start in seconds
     * @param to interval end in seconds
     * @return the overlap in seconds, {@code 0} if the intervals are disjoint or only touch
     */
    public double overlapSeconds(double from, double to) {
        return Math.max(0.0, Math.min(end, to) - Math.max(start, from));
    }
}
