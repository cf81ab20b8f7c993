package io.bullwatch.core.review;

import java.util.Locale;

/** What an expert says about one stretch of a night. */
public enum Verdict {
    /** A bull (for a counting stretch: a bull begins in it). */
    BULL("bull"),
    /** Not a bull. */
    NOT_BULL("not-bull"),
    /** The expert cannot tell; left out of counts and of training. */
    UNSURE("unsure");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /** @return the word written in verdict files: {@code bull}, {@code not-bull} or {@code unsure} */
    public String text() {
        return text;
    }

    /** @return whether this verdict decides the question (bull or not), unlike {@link #UNSURE} */
    public boolean decided() {
        return this != UNSURE;
    }

    /**
     * Reads a verdict word.
     *
     * @param text {@code bull}, {@code not-bull} or {@code unsure} (any case)
     * @return the verdict
     * @throws IllegalArgumentException naming what was expected
     */
    public static Verdict parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (Verdict v : values()) {
            if (v.text.equals(t)) {
                return v;
            }
        }
        throw new IllegalArgumentException("expected a verdict bull, not-bull or unsure, found '" + text.strip() + "'");
    }
}
