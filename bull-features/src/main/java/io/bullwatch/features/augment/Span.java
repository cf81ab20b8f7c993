package io.bullwatch.features.augment;

/**
 * A range of frames or mel bands, {@code [start, start + width)}.
 *
 * @param start the first index, {@code >= 0}
 * @param width the number of indices, {@code >= 0}
 */
public record Span(int start, int width) {

    /** Checks the bounds. */
    public Span {
        if (start < 0 || width < 0) {
            throw new IllegalArgumentException("span start and width must be >= 0, got " + start + ", " + width);
        }
    }

    /**
     * Whether an index lies in the span.
     *
     * @param i the index
     * @return {@code start <= i < start + width}
     */
    public boolean contains(int i) {
        return i >= start && i < start + width;
    }
}
