package io.bullwatch.core.metrics;

import io.bullwatch.core.annotation.Annotation;
import java.util.Objects;

/**
 * A time interval of a recording, in seconds: an annotated event or a detection.
 *
 * @param start start in seconds, finite and {@code >= 0}
 * @param end end in seconds, finite and {@code >= start}
 */
public record TimeSpan(double start, double end) {

    /** Validates the interval. */
    public TimeSpan {
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException(
                    "time span must be finite, got start=" + start + ", end=" + end);
        }
        if (start < 0) {
            throw new IllegalArgumentException("time span start must be >= 0 s, got " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException(
                    "time span end (" + end + " s) must not be before its start (" + start + " s)");
        }
    }

    /**
     * An interval.
     *
     * @param start start in seconds
     * @param end end in seconds
     * @return the span
     */
    public static TimeSpan of(double start, double end) {
        return new TimeSpan(start, end);
    }

    /**
     * The interval of an annotated event.
     *
     * @param annotation the event
     * @return its span, without the label
     */
    public static TimeSpan of(Annotation annotation) {
        Objects.requireNonNull(annotation, "annotation");
        return new TimeSpan(annotation.start(), annotation.end());
    }

    /**
     * The duration.
     *
     * @return {@code end - start} in seconds
     */
    public double duration() {
        return end - start;
    }

    /**
     * Whether the span has zero length (a point label).
     *
     * @return {@code true} when {@code start == end}
     */
    public boolean isPoint() {
        return start == end;
    }

    /**
     * Whether two spans overlap: they share more than zero seconds, or one of them is a point that
     * lies inside the other, edges included. Spans that only touch end to start do not overlap.
     *
     * @param other the other span
     * @return {@code true} if they overlap; symmetric
     */
    public boolean overlaps(TimeSpan other) {
        if (isPoint() || other.isPoint()) {
            return start <= other.end && other.start <= end;
        }
        return start < other.end && other.start < end;
    }
}
