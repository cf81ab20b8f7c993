package io.bullwatch.core.corpus;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One row of a corpus manifest.
 *
 * @param line the row's 1-based line in the manifest
 * @param name the recording as the manifest writes it, with {@code /} as separator
 * @param recording the recording's path, resolved against the manifest's folder and normalised
 * @param site the recording site, without surrounding blanks, never empty
 * @param split the split the manifest gives, empty when it gives none
 * @param bulls the number of bulls the manifest gives, empty when it gives none
 */
public record ManifestEntry(int line, String name, Path recording, String site,
        Optional<Split> split, OptionalInt bulls) {

    /** Validates. */
    public ManifestEntry {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(site, "site");
        if (site.isBlank()) {
            throw new IllegalArgumentException("site must not be blank");
        }
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(bulls, "bulls");
        if (bulls.isPresent() && bulls.getAsInt() < 0) {
            throw new IllegalArgumentException("bulls must be >= 0, got " + bulls.getAsInt());
        }
    }
}
