package io.bullwatch.core.annotation;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The content of one annotation file, row by row, in file order.
 *
 * @param source the file that was read
 * @param format its format
 * @param selections the rows (for Raven tables one per selection number, views collapsed)
 */
public record AnnotationTable(Path source, AnnotationFormat format, List<Selection> selections) {

    /** Validates and copies. */
    public AnnotationTable {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        selections = List.copyOf(selections);
    }

    /**
     * The events, in file order.
     *
     * @return one annotation per selection
     */
    public List<Annotation> annotations() {
        return selections.stream().map(Selection::annotation).toList();
    }

    /**
     * The events as an {@link AnnotationSet} named after the file, ready for clipping and merging.
     *
     * @return the set, with no warnings yet
     */
    public AnnotationSet toSet() {
        Path name = source.getFileName();
        return AnnotationSet.of(name == null ? source.toString() : name.toString(), annotations());
    }

    /**
     * The number of rows.
     *
     * @return the count of selections
     */
    public int size() {
        return selections.size();
    }
}
