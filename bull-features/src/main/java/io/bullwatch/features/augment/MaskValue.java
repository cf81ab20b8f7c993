package io.bullwatch.features.augment;

/** What masked or padded cells are filled with. */
public enum MaskValue {
    /** Zero (silence on linear features; 0 dB on dB features). */
    ZERO,
    /** The mean of the window's values before the change (SpecAugment's choice on log-mels). */
    MEAN;

    float of(float[] values) {
        if (this == ZERO || values.length == 0) {
            return 0f;
        }
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return (float) (s / values.length);
    }
}
