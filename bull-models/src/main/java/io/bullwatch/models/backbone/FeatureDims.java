package io.bullwatch.models.backbone;

import java.util.Locale;

/**
 * The shape of one sample's features, without the batch axis: {@code channels x height x width}
 * for images and spectrograms (height = mel bands, width = frames), or {@code features x 1 x 1}
 * for a flat vector.
 *
 * @param channels the number of channels (or features of a flat vector), {@code >= 1}
 * @param height the height, {@code >= 1}
 * @param width the width, {@code >= 1}
 */
public record FeatureDims(int channels, int height, int width) {

    /** The seed's window: one channel, 128 mel bands, 646 frames (15 s at hop 1024, 44.1 kHz). */
    public static final FeatureDims SEED_WINDOW = new FeatureDims(1, 128, 646);

    /**
     * Validates the sizes.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public FeatureDims {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "feature sizes must be >= 1, got %d x %d x %d", channels, height, width));
        }
    }

    /**
     * A flat vector.
     *
     * @param features its length
     * @return {@code features x 1 x 1}
     */
    public static FeatureDims flat(long features) {
        return new FeatureDims(Math.toIntExact(features), 1, 1);
    }

    /**
     * The number of values.
     *
     * @return {@code channels * height * width}
     */
    public long size() {
        return (long) channels * height * width;
    }

    /**
     * Whether this is a flat vector.
     *
     * @return true when height and width are 1
     */
    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    /**
     * Formats as {@code CxHxW}.
     *
     * @return e.g. {@code 1x128x646}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%dx%d", channels, height, width);
    }
}
