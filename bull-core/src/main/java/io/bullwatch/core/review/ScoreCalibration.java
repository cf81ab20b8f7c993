package io.bullwatch.core.review;

import java.util.List;
import java.util.Objects;

/**
 * What a model's calibration data say about its scores, carried in its bundle: per score bin, how
 * many calibration windows fell in it and how many of them held a bull, and how many bull windows
 * one bull makes. {@link BullCount} falls back on it for a score bin in which the expert has
 * judged nothing.
 *
 * @param bins score bins in increasing order
 * @param bullWindowsPerBull bull windows per annotated bull in the calibration data (about 3 for
 *     15 s windows on a 5 s hop)
 */
public record ScoreCalibration(List<Bin> bins, double bullWindowsPerBull) {

    /**
     * One score bin.
     *
     * @param lower lowest score (inclusive)
     * @param upper highest score (exclusive, except for the last bin)
     * @param windows calibration windows in the bin
     * @param bullWindows those of them holding a bull
     */
    public record Bin(double lower, double upper, long windows, long bullWindows) {

        /** Validates. */
        public Bin {
            if (!(lower >= 0 && upper > lower && upper <= 1.0 + 1e-9)) {
                throw new IllegalArgumentException("expected 0 <= lower < upper <= 1, got " + lower + ".." + upper);
            }
            if (windows < 0 || bullWindows < 0 || bullWindows > windows) {
                throw new IllegalArgumentException("expected 0 <= bull windows <= windows, got " + bullWindows
                        + " of " + windows);
            }
        }
    }

    /** Validates. */
    public ScoreCalibration {
        bins = List.copyOf(Objects.requireNonNull(bins, "bins"));
        if (bins.isEmpty()) {
            throw new IllegalArgumentException("a calibration needs at least one bin");
        }
        for (int i = 1; i < bins.size(); i++) {
            if (bins.get(i).lower() < bins.get(i - 1).upper() - 1e-9) {
                throw new IllegalArgumentException("calibration bins must be in increasing order, without overlap");
            }
        }
        if (!(bullWindowsPerBull >= 1) || !Double.isFinite(bullWindowsPerBull)) {
            throw new IllegalArgumentException("expected at least one bull window per bull, got " + bullWindowsPerBull);
        }
    }

    /**
     * Builds the table from scored, labelled calibration windows.
     *
     * @param scores the windows' scores in [0, 1]
     * @param bulls whether each holds a bull
     * @param bullWindowsPerBull bull windows per annotated bull
     * @return the table on {@link BullCount#EDGES}
     */
    public static ScoreCalibration of(float[] scores, boolean[] bulls, double bullWindowsPerBull) {
        if (scores.length != bulls.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + bulls.length + " labels");
        }
        double[] edges = BullCount.EDGES;
        long[] n = new long[edges.length - 1];
        long[] k = new long[edges.length - 1];
        for (int i = 0; i < scores.length; i++) {
            int b = BullCount.bin(scores[i]);
            n[b]++;
            if (bulls[i]) {
                k[b]++;
            }
        }
        List<Bin> bins = new java.util.ArrayList<>();
        for (int b = 0; b < n.length; b++) {
            bins.add(new Bin(edges[b], Math.min(1, edges[b + 1]), n[b], k[b]));
        }
        return new ScoreCalibration(bins, bullWindowsPerBull);
    }

    /**
     * Calibration windows and bull windows whose bin overlaps a score range.
     *
     * @param lower the range's lowest score
     * @param upper its highest
     * @return {@code {windows, bullWindows}}
     */
    public long[] counts(double lower, double upper) {
        long n = 0;
        long k = 0;
        for (Bin b : bins) {
            if (b.upper() > lower && b.lower() < upper) {
                n += b.windows();
                k += b.bullWindows();
            }
        }
        return new long[] {n, k};
    }
}
