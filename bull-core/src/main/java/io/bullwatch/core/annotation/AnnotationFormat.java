package io.bullwatch.core.annotation;

import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The annotation file formats BullWatch reads and writes.
 */
public enum AnnotationFormat {
    /** Audacity label track export: {@code start<TAB>end<TAB>label} per line. */
    AUDACITY,
    /** Raven selection table: tab-separated with a header naming {@code Begin Time (s)} etc. */
    RAVEN,
    /** Plain CSV: {@code start,end[,label]} with an optional header row. */
    CSV;

    /** The header column that marks a Raven selection table. */
    static final String RAVEN_MARKER = "Begin Time (s)";

    /**
     * Detects the format of an existing file: a name ending in {@code .selections.txt} means
     * {@link #RAVEN}, a name ending in {@code .csv} means {@link #CSV} (both case-insensitive);
     * otherwise a first non-blank line containing {@code Begin Time (s)} means {@link #RAVEN}, and
     * anything else {@link #AUDACITY}.
     *
     * @param file the file
     * @return the format
     * @throws IOException if the file must be read and cannot be
     */
    public static AnnotationFormat detect(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        AnnotationFormat byName = fromFileName(file);
        if (byName != null) {
            return byName;
        }
        List<String> lines = TextFiles.readLines(file);
        for (String line : lines) {
            if (!line.isBlank()) {
                return line.toLowerCase(Locale.ROOT).contains(RAVEN_MARKER.toLowerCase(Locale.ROOT))
                        ? RAVEN : AUDACITY;
            }
        }
        return AUDACITY;
    }

    /**
     * The format implied by a file name alone.
     *
     * @param file the file
     * @return {@link #RAVEN} for {@code *.selections.txt}, {@link #CSV} for {@code *.csv}, or
     *     {@code null} when the name does not tell
     */
    static AnnotationFormat fromFileName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String n = name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".selections.txt")) {
            return RAVEN;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        return null;
    }
}
