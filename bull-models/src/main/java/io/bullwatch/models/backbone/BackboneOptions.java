package io.bullwatch.models.backbone;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Backbone} is built.
 *
 * @param width the width multiplier: every channel count and hidden size of the body (and the
 *     body's 1000 outputs) is multiplied by it and rounded, at least 1; 1 gives the published
 *     layouts, small values give tiny networks for tests. In {@code (0, 4]}
 * @param adapter the input normalisation
 */
public record BackboneOptions(double width, AdapterKind adapter) {

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if the width is out of range
     * @throws NullPointerException if the adapter is null
     */
    public BackboneOptions {
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException(
                    "the width multiplier must be in (0, 4], got " + width);
        }
        Objects.requireNonNull(adapter, "adapter");
    }

    /**
     * Full width with the given adapter.
     *
     * @param adapter the input normalisation
     * @return the options
     */
    public static BackboneOptions of(AdapterKind adapter) {
        return new BackboneOptions(1, adapter);
    }

    /**
     * The same options with another width.
     *
     * @param newWidth the width multiplier, in {@code (0, 4]}
     * @return new options
     */
    public BackboneOptions withWidth(double newWidth) {
        return new BackboneOptions(newWidth, adapter);
    }

    /**
     * The same options with another adapter.
     *
     * @param newAdapter the input normalisation
     * @return new options
     */
    public BackboneOptions withAdapter(AdapterKind newAdapter) {
        return new BackboneOptions(width, newAdapter);
    }

    /**
     * Scales a size by the width multiplier: {@code max(1, round(size * width))}, rounding
     * halves up.
     *
     * @param size the full-width size
     * @return the scaled size
     */
    public int scale(int size) {
        return (int) Math.max(1, Math.round(size * width));
    }

    /**
     * Formats for people.
     *
     * @return e.g. {@code width=1, adapter=BATCH_NORM}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "width=%s, adapter=%s", width, adapter);
    }
}
