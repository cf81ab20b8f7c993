package io.bullwatch.core.review;

import java.util.Locale;

/** The two kinds of stretch an expert judges in a night. */
public enum UnitKind {
    /** A detected event (a row of the night's Raven table); a bull verdict counts one bull. */
    EVENT,
    /**
     * One hop-long stretch of the night outside every event (5 s with the default windows); a
     * bull verdict says a bull begins in it, so that no bull is counted twice.
     */
    CELL;

    /** @return the word written in verdict files: {@code event} or {@code cell} */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a kind word.
     *
     * @param text {@code event} or {@code cell}
     * @return the kind
     * @throws IllegalArgumentException naming what was expected
     */
    public static UnitKind parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (UnitKind k : values()) {
            if (k.text().equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("expected a kind event or cell, found '" + text.strip() + "'");
    }
}
