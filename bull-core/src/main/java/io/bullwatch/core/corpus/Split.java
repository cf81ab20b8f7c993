package io.bullwatch.core.corpus;

import java.util.Locale;
import java.util.Objects;

/** The part of a corpus a recording belongs to. */
public enum Split {
    /** Recordings the model learns from. */
    TRAIN,
    /** Recordings that choose the epoch and the threshold. */
    VALIDATION,
    /** Recordings that only score the final model. */
    TEST;

    /**
     * The split's name as written in manifests and reports.
     *
     * @return {@code "train"}, {@code "validation"} or {@code "test"}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a manifest's split value, ignoring case and surrounding blanks; {@code val} is accepted
     * for {@code validation}.
     *
     * @param text the value
     * @return the split
     * @throws IllegalArgumentException with the message
     *     {@code "expected train, validation or test, found 'x'"} for any other value
     */
    public static Split parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "train":
                return TRAIN;
            case "validation":
            case "val":
                return VALIDATION;
            case "test":
                return TEST;
            default:
                throw new IllegalArgumentException(
                        "expected train, validation or test, found '" + text.strip() + "'");
        }
    }
}
