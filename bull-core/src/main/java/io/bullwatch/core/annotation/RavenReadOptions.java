package io.bullwatch.core.annotation;

import java.util.Objects;
import java.util.Optional;

/**
 * How to read a Raven selection table.
 *
 * @param labelColumn the column that holds the label; when empty, {@code Annotation} is used if
 *     present, else {@code Label}, else every label is empty
 * @param recordingFile for a multi-file table, the recording whose events are wanted (matched
 *     against the file name in {@code Begin File}, ignoring case and any folder part); when empty,
 *     every row is returned with its {@code Begin Time (s)}
 */
public record RavenReadOptions(Optional<String> labelColumn, Optional<String> recordingFile) {

    /** Validates. */
    public RavenReadOptions {
        Objects.requireNonNull(labelColumn, "labelColumn");
        Objects.requireNonNull(recordingFile, "recordingFile");
        if (labelColumn.isPresent() && labelColumn.get().isBlank()) {
            throw new IllegalArgumentException("the label column name must not be blank");
        }
        if (recordingFile.isPresent() && RavenSelectionTable.fileName(recordingFile.get()).isBlank()) {
            throw new IllegalArgumentException("the recording file name must not be blank");
        }
    }

    /**
     * The default options: automatic label column, all rows.
     *
     * @return the defaults
     */
    public static RavenReadOptions defaults() {
        return new RavenReadOptions(Optional.empty(), Optional.empty());
    }

    /**
     * These options with the label taken from the named column (matched ignoring case and
     * surrounding blanks); reading fails if the table lacks it.
     *
     * @param column the column name, such as {@code "Species"}
     * @return new options
     */
    public RavenReadOptions withLabelColumn(String column) {
        return new RavenReadOptions(Optional.of(Objects.requireNonNull(column, "column")),
                recordingFile);
    }

    /**
     * These options restricted to the events of one recording of a multi-file table: rows whose
     * {@code Begin File} names it, with {@code File Offset (s)} as start time in that recording and
     * {@code End Time (s) - Begin Time (s)} as duration. Reading fails if the table lacks
     * {@code Begin File} or {@code File Offset (s)}.
     *
     * @param fileName the recording's file name, such as {@code "night1.wav"} (a folder part is
     *     ignored)
     * @return new options
     */
    public RavenReadOptions forRecording(String fileName) {
        return new RavenReadOptions(labelColumn,
                Optional.of(Objects.requireNonNull(fileName, "fileName")));
    }
}
