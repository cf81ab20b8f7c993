package io.bullwatch.core.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * Counts of a bull / no-bull decision over a set of windows.
 *
 * <p>Every derived rate is {@link Double#NaN} when its denominator is zero; nothing here throws on
 * empty or one-class data.
 *
 * @param tp bull windows flagged (true positives), {@code >= 0}
 * @param fp no-bull windows flagged (false alarms), {@code >= 0}
 * @param fn bull windows not flagged (misses), {@code >= 0}
 * @param tn no-bull windows not flagged (correct rejections), {@code >= 0}
 */
public record Confusion(long tp, long fp, long fn, long tn) {

    /** No windows at all. */
    public static final Confusion EMPTY = new Confusion(0, 0, 0, 0);

    /** Checks that every count is non-negative. */
    public Confusion {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0, got tp=" + tp
                    + ", fp=" + fp + ", fn=" + fn + ", tn=" + tn);
        }
    }

    /**
     * The confusion of scores against labels at a threshold: a window is flagged when
     * {@code score >= threshold}.
     *
     * @param scores one score per window, none {@code NaN}
     * @param bulls whether each window is a bull window, same length as {@code scores}
     * @param threshold the decision threshold, not {@code NaN}
     * @return the counts
     */
    public static Confusion of(double[] scores, boolean[] bulls, double threshold) {
        Objects.requireNonNull(scores, "scores");
        checkInputs(scores.length, bulls, threshold);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = 0; i < scores.length; i++) {
            double s = scores[i];
            if (Double.isNaN(s)) {
                throw nanScore(i);
            }
            boolean flagged = s >= threshold;
            if (bulls[i]) {
                if (flagged) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (flagged) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, fn, tn);
    }

    /**
     * The confusion of float scores against labels at a threshold; see
     * {@link #of(double[], boolean[], double)}.
     *
     * @param scores one score per window, none {@code NaN}
     * @param bulls whether each window is a bull window, same length as {@code scores}
     * @param threshold the decision threshold, not {@code NaN}
     * @return the counts
     */
    public static Confusion of(float[] scores, boolean[] bulls, double threshold) {
        return of(ThresholdSweep.toDoubles(scores), bulls, threshold);
    }

    /**
     * The confusion of one window.
     *
     * @param bull whether the window is a bull window
     * @param flagged whether it was flagged
     * @return a confusion with a single count of one
     */
    public static Confusion ofOne(boolean bull, boolean flagged) {
        if (bull) {
            return flagged ? new Confusion(1, 0, 0, 0) : new Confusion(0, 0, 1, 0);
        }
        return flagged ? new Confusion(0, 1, 0, 0) : new Confusion(0, 0, 0, 1);
    }

    /**
     * Both confusions added up, as for two recordings scored together.
     *
     * @param other the other confusion
     * @return the element-wise sum
     * @throws ArithmeticException if a count overflows a {@code long}
     */
    public Confusion plus(Confusion other) {
        Objects.requireNonNull(other, "other");
        return new Confusion(Math.addExact(tp, other.tp), Math.addExact(fp, other.fp),
                Math.addExact(fn, other.fn), Math.addExact(tn, other.tn));
    }

    /**
     * All windows.
     *
     * @return {@code tp + fp + fn + tn}
     */
    public long total() {
        return tp + fp + fn + tn;
    }

    /**
     * Bull windows.
     *
     * @return {@code tp + fn}
     */
    public long bulls() {
        return tp + fn;
    }

    /**
     * No-bull windows.
     *
     * @return {@code fp + tn}
     */
    public long noBulls() {
        return fp + tn;
    }

    /**
     * Flagged windows, the ones an expert listens to.
     *
     * @return {@code tp + fp}
     */
    public long flagged() {
        return tp + fp;
    }

    /**
     * Share of flagged windows that are bull windows.
     *
     * @return {@code tp / (tp + fp)}, {@code NaN} when nothing is flagged
     */
    public double precision() {
        return ratio(tp, tp + fp);
    }

    /**
     * Share of bull windows that are flagged (sensitivity).
     *
     * @return {@code tp / (tp + fn)}, {@code NaN} when there are no bull windows
     */
    public double bullRecall() {
        return ratio(tp, tp + fn);
    }

    /**
     * Share of no-bull windows that are not flagged (specificity).
     *
     * @return {@code tn / (tn + fp)}, {@code NaN} when there are no no-bull windows
     */
    public double noBullRecall() {
        return ratio(tn, tn + fp);
    }

    /**
     * The seed's metric, balanced accuracy: the mean of both classes' recalls.
     *
     * @return {@code (bullRecall + noBullRecall) / 2}, {@code NaN} when either class is absent
     */
    public double averageRecall() {
        return (bullRecall() + noBullRecall()) / 2;
    }

    /**
     * Harmonic mean of precision and bull recall.
     *
     * @return {@code 2 tp / (2 tp + fp + fn)}, {@code NaN} when there are no bull windows and
     *     nothing is flagged
     */
    public double f1() {
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /**
     * Share of windows decided correctly.
     *
     * @return {@code (tp + tn) / total}, {@code NaN} when there are no windows
     */
    public double accuracy() {
        return ratio(tp + tn, total());
    }

    /**
     * Share of windows flagged: the part of the night an expert still listens to.
     *
     * @return {@code (tp + fp) / total}, {@code NaN} when there are no windows
     */
    public double flaggedFraction() {
        return ratio(tp + fp, total());
    }

    /**
     * How many times less listening than the whole night (counted in windows).
     *
     * @return {@code total / (tp + fp)}, {@code NaN} when nothing is flagged
     */
    public double listeningReduction() {
        return ratio(total(), tp + fp);
    }

    /**
     * The counts and main rates in one line, formatted independently of the default locale.
     *
     * @return for example
     *     {@code "tp=330 fp=1220 fn=24 tn=7592 precision=0.2129 bullRecall=0.9322 averageRecall=0.8969 flagged=0.1691"}
     */
    public String summary() {
        return String.format(Locale.ROOT,
                "tp=%d fp=%d fn=%d tn=%d precision=%.4f bullRecall=%.4f averageRecall=%.4f flagged=%.4f",
                tp, fp, fn, tn, precision(), bullRecall(), averageRecall(), flaggedFraction());
    }

    static void checkInputs(int scores, boolean[] bulls, double threshold) {
        Objects.requireNonNull(bulls, "bulls");
        if (scores != bulls.length) {
            throw new IllegalArgumentException("need one label per score, got " + scores
                    + " scores and " + bulls.length + " labels");
        }
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
    }

    static IllegalArgumentException nanScore(int index) {
        return new IllegalArgumentException(
                "score " + index + " is NaN; scores must be numbers (check the model output)");
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }
}
