package io.bullwatch.features.norm;

/** Which statistics standardise a value. */
public enum NormMode {
    /** One mean and standard deviation for every value (the seed's VGG16 input standardisation). */
    OVERALL,
    /** A mean and standard deviation per mel band. */
    PER_BAND
}
