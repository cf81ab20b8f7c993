package io.bullwatch.core.review;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One verdict of a verdict file.
 *
 * @param kind what was judged: a detected event or a counting cell
 * @param start start in seconds from the start of the recording
 * @param end end in seconds
 * @param score the detector's score for the stretch, as shown to the expert
 * @param verdict the verdict
 * @param reviewer who judged (letters, digits, space and {@code . _ - @}, at most 64 characters;
 *     may be empty)
 * @param time when
 */
public record ReviewEntry(UnitKind kind, double start, double end, double score, Verdict verdict,
        String reviewer, Instant time) {

    private static final Pattern REVIEWER = Pattern.compile("[\\p{L}\\p{N} ._@-]{0,64}");

    /**
     * Whether a name may be written as a verdict's reviewer (letters, digits, space and {@code . _ -
     * @}, at most 64 characters).
     *
     * @param name the name
     * @return true when a verdict can carry it
     */
    public static boolean isReviewerName(String name) {
        return name != null && REVIEWER.matcher(name).matches();
    }

    /** Validates. */
    public ReviewEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(time, "time");
        if (!(start >= 0) || !(end > start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("expected 0 <= start < end, got " + start + ".." + end);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("expected a score in [0, 1], got " + score);
        }
        if (!REVIEWER.matcher(reviewer).matches()) {
            throw new IllegalArgumentException("a reviewer name holds at most 64 letters, digits, spaces and . _ - @,"
                    + " found '" + reviewer + "'");
        }
    }

    /** @return the key of the judged stretch, {@link CountUnit#key(UnitKind, double, double)} */
    public String key() {
        return CountUnit.key(kind, start, end);
    }
}
