package io.bullwatch.core.annotation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of an annotation file: the annotated event, its frequency band when the file gives one,
 * and any further columns (such as a detector's {@code Score}).
 *
 * @param annotation the event
 * @param band the frequency band, empty when the file has none
 * @param extras further columns by name, in file order; never {@code null}, unmodifiable
 */
public record Selection(Annotation annotation, Optional<FrequencyBand> band,
        Map<String, String> extras) {

    /** Validates and copies. */
    public Selection {
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(extras, "extras");
        for (Map.Entry<String, String> e : extras.entrySet()) {
            Objects.requireNonNull(e.getKey(), "extra column name");
            Objects.requireNonNull(e.getValue(), "value of extra column " + e.getKey());
        }
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /**
     * A selection with no band and no extra columns.
     *
     * @param annotation the event
     * @return the selection
     */
    public static Selection of(Annotation annotation) {
        return new Selection(annotation, Optional.empty(), Map.of());
    }

    /**
     * A selection with a frequency band and no extra columns.
     *
     * @param annotation the event
     * @param band the band
     * @return the selection
     */
    public static Selection of(Annotation annotation, FrequencyBand band) {
        return new Selection(annotation, Optional.of(band), Map.of());
    }

    /**
     * This selection with one more extra column (replacing a column of the same name).
     *
     * @param column the column name
     * @param value the cell text
     * @return a new selection
     */
    public Selection withExtra(String column, String value) {
        Map<String, String> m = new LinkedHashMap<>(extras);
        m.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(value, "value"));
        return new Selection(annotation, band, m);
    }
}
