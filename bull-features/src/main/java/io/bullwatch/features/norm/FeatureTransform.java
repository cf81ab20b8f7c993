package io.bullwatch.features.norm;

/**
 * A pointwise transform applied to feature values before statistics are collected and before
 * standardisation, so that statistics can be computed on log or dB features while the cache and
 * the augmentations work on linear power.
 */
public enum FeatureTransform {
    /** Values used as they are (the seed: linear power). */
    NONE,
    /** {@code ln(x + epsilon)}, as {@code MelConfig.OutputScale.LOG}. */
    LOG,
    /** {@code 10 log10(max(x, epsilon))}, as {@code AmplitudeToDB} on power with {@code amin = epsilon}. */
    DB;

    /**
     * Applies the transform to one value.
     *
     * @param x the value
     * @param epsilon the offset ({@link #LOG}) or floor ({@link #DB}); ignored for {@link #NONE}
     * @return the transformed value
     */
    public double apply(double x, double epsilon) {
        return switch (this) {
            case NONE -> x;
            case LOG -> Math.log(x + epsilon);
            case DB -> 10.0 * Math.log10(Math.max(x, epsilon));
        };
    }
}
