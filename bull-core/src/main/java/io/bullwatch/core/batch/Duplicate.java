package io.bullwatch.core.batch;

import java.util.Objects;

/**
 * An input that is the same file as an earlier one (reached through a symbolic link, a hard
 * link, or two paths): it is detected once, as the earlier one.
 *
 * @param input the input left out
 * @param sameAs the earlier input it is the same file as, which is detected
 */
public record Duplicate(BatchInput input, BatchInput sameAs) {

    /** Validates. */
    public Duplicate {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(sameAs, "sameAs");
    }

    /** @return one line for the user, naming both */
    public String describe() {
        return input.file() + " is the same file as " + sameAs.file() + "; detected once, as "
                + sameAs.recording();
    }
}
