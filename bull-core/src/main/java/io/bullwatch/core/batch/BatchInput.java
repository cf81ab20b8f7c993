package io.bullwatch.core.batch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One recording of the run.
 *
 * @param file the file as found (a given file, or a file inside a given folder)
 * @param recording its name in {@value BatchDetection#SUMMARY}: the path relative to the folder
 *     it was found in (or the file name), with {@code /} separators
 * @param outputStem where its outputs go inside the output folder: {@code recording} without
 *     its extension
 */
public record BatchInput(Path file, String recording, String outputStem) {

    /** Validates. */
    public BatchInput {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(outputStem, "outputStem");
    }
}
