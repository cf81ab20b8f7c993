package io.bullwatch.features.background;

import io.bullwatch.features.pipeline.InputNormalisation;
import java.util.Arrays;
import java.util.List;

/**
 * A recording's background as a network's input sees it: per mel band, the mean and the standard
 * deviation of the features (after the log or PCEN front end, before any per-recording
 * standardisation) over the recording's full windows, a frame counting once per window that holds
 * it. These are exactly the statistics a per-recording normalisation standardises with. Bulls fill
 * a few percent of a night's windows, so the profile describes the background: its spectral shape
 * and, per band, how much it fluctuates (with PCEN both are independent of the recording's gain).
 *
 *
 * <p>The same two statistics describe any per-window vector a model computes: {@link #ofRows} makes
 * a profile of a network's embeddings (one dimension per channel of its body's output), the second
 * view of a background that {@code SiteReference} compares.
 *
 * @param mean per band (or dimension), the mean
 * @param std per band (or dimension), the standard deviation, {@code >= 0}
 */
public record BackgroundProfile(double[] mean, double[] std) {

    /** Added to a standard deviation before its logarithm ({@link #vector()}). */
    public static final double STD_FLOOR = 1e-4;

    /** Validates and copies. */
    public BackgroundProfile {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("a profile needs as many standard deviations as means, at least one,"
                    + " got " + mean.length + " and " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !(std[i] >= 0) || Double.isInfinite(std[i])) {
                throw new IllegalArgumentException("band " + i + ": mean " + mean[i] + " and standard deviation "
                        + std[i] + " must be finite (and the deviation >= 0)");
            }
        }
    }

    /**
     * The profile of a recording's band statistics.
     *
     * @param scaling the band means and inverse standard deviations ({@code 1 / sqrt(var + 1e-6)})
     * @return the profile
     */
    public static BackgroundProfile of(InputNormalisation.BandScaling scaling) {
        float[] m = scaling.mean();
        float[] inv = scaling.inverseStd();
        double[] mean = new double[m.length];
        double[] std = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            mean[i] = m[i];
            double var = 1 / ((double) inv[i] * inv[i]) - 1e-6;
            std[i] = Math.sqrt(Math.max(0, var));
        }
        return new BackgroundProfile(mean, std);
    }

    /**
     * The profile of a recording's per-window vectors (for example its windows' embeddings): per
     * dimension, the mean and the population standard deviation over the rows, summed in double
     * precision in the rows' order.
     *
     * @param rows at least one, all of the same length (at least 1)
     * @return the profile
     * @throws IllegalArgumentException if there are no rows, their lengths differ, or a value is not finite
     */
    public static BackgroundProfile ofRows(List<float[]> rows) {
        if (rows.isEmpty() || rows.get(0).length == 0) {
            throw new IllegalArgumentException("a profile needs at least one row of at least one value");
        }
        int d = rows.get(0).length;
        double[] mean = new double[d];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != d) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " values, row 0 has " + d);
            }
            for (int i = 0; i < d; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= rows.size();
        }
        double[] std = new double[d];
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                double z = row[i] - mean[i];
                std[i] += z * z;
            }
        }
        for (int i = 0; i < d; i++) {
            std[i] = Math.sqrt(std[i] / rows.size());
        }
        return new BackgroundProfile(mean, std);
    }

    /** @return the number of mel bands (or dimensions) */
    public int bands() {
        return mean.length;
    }

    /** @return a copy of the band means */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the band standard deviations */
    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * The profile as one vector: the band means, then {@code ln(std + }{@value #STD_FLOOR}{@code )}
     * per band (fluctuation compares by ratio, not difference).
     *
     * @return {@code 2 * bands()} values
     */
    public double[] vector() {
        double[] v = new double[2 * mean.length];
        for (int i = 0; i < mean.length; i++) {
            v[i] = mean[i];
            v[mean.length + i] = Math.log(std[i] + STD_FLOOR);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackgroundProfile p && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "BackgroundProfile[" + mean.length + " bands]";
    }
}
