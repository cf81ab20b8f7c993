package io.bullwatch.core.review;

import java.util.Locale;

/**
 * One stretch of a night that an expert can judge: a detected event, or a cell between events.
 *
 * @param kind event or cell
 * @param start start in seconds from the start of the recording
 * @param end end in seconds
 * @param score the detector's score for the stretch (an event's score; for a cell, the lowest score
 *     of the windows that cover it, so that a cell scores high only when every window around it does)
 */
public record CountUnit(UnitKind kind, double start, double end, double score) {

    /** Validates. */
    public CountUnit {
        if (kind == null) {
            throw new IllegalArgumentException("kind is null");
        }
        if (!(start >= 0) || !(end > start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("expected 0 <= start < end, got " + start + ".." + end);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("expected a score in [0, 1], got " + score);
        }
    }

    /**
     * The key that matches a verdict to this unit: kind and times to the millisecond.
     *
     * @return for example {@code event:80.000-85.000}
     */
    public String key() {
        return key(kind, start, end);
    }

    /**
     * The key of a stretch.
     *
     * @param kind its kind
     * @param start its start in seconds
     * @param end its end in seconds
     * @return {@code kind:start-end} with times to the millisecond
     */
    public static String key(UnitKind kind, double start, double end) {
        return String.format(Locale.ROOT, "%s:%.3f-%.3f", kind.text(), start, end);
    }
}
