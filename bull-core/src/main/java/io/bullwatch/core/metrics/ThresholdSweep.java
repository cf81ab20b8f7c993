package io.bullwatch.core.metrics;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The confusion at every distinct score threshold of a set of scored windows.
 *
 * <p>Flagging is {@code score >= threshold}, and the thresholds are the distinct scores, so point
 * {@code i} flags exactly the windows scoring at least {@code threshold(i)}; windows with equal
 * scores are always flagged together. Built in {@code O(n log n)} (two primitive sorts and one
 * merge); queries are {@code O(distinct scores)} or better. Immutable.
 *
 * <p>The threshold choosers ({@link #maxAverageRecall()}, {@link #forBullRecall(double)},
 * {@link #maxF1()}, {@link #maxBullRecallWithinBudget(double)}) break ties toward the higher
 * threshold, i.e. fewer flagged windows, and return empty when the criterion is undefined for the
 * data.
 */
public final class ThresholdSweep {

    /** Distinct thresholds, ascending. */
    private final double[] thresholds;
    /** Bull windows scoring {@code >= thresholds[i]}. */
    private final long[] tps;
    /** No-bull windows scoring {@code >= thresholds[i]}. */
    private final long[] fps;
    private final long bulls;
    private final long noBulls;

    private ThresholdSweep(double[] thresholds, long[] tps, long[] fps, long bulls, long noBulls) {
        this.thresholds = thresholds;
        this.tps = tps;
        this.fps = fps;
        this.bulls = bulls;
        this.noBulls = noBulls;
    }

    /**
     * Sweeps scores against labels.
     *
     * @param scores one score per window, none {@code NaN} (infinities are allowed)
     * @param bulls whether each window is a bull window, same length as {@code scores}
     * @return the sweep
     */
    public static ThresholdSweep of(double[] scores, boolean[] bulls) {
        Objects.requireNonNull(scores, "scores");
        Confusion.checkInputs(scores.length, bulls, 0);
        int p = 0;
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw Confusion.nanScore(i);
            }
            if (bulls[i]) {
                p++;
            }
        }
        double[] pos = new double[p];
        double[] neg = new double[scores.length - p];
        int a = 0;
        int b = 0;
        for (int i = 0; i < scores.length; i++) {
            if (bulls[i]) {
                pos[a++] = scores[i];
            } else {
                neg[b++] = scores[i];
            }
        }
        Arrays.sort(pos);
        Arrays.sort(neg);
        // walk both from the top: each distinct score, highest first, with cumulative counts
        double[] t = new double[scores.length];
        long[] tp = new long[scores.length];
        long[] fp = new long[scores.length];
        int i = pos.length;
        int j = neg.length;
        long tpCount = 0;
        long fpCount = 0;
        int k = 0;
        while (i > 0 || j > 0) {
            double top = i == 0 ? neg[j - 1] : j == 0 ? pos[i - 1] : Math.max(pos[i - 1], neg[j - 1]);
            while (i > 0 && pos[i - 1] == top) {
                i--;
                tpCount++;
            }
            while (j > 0 && neg[j - 1] == top) {
                j--;
                fpCount++;
            }
            t[k] = top;
            tp[k] = tpCount;
            fp[k] = fpCount;
            k++;
        }
        // store ascending
        double[] thresholds = new double[k];
        long[] tps = new long[k];
        long[] fps = new long[k];
        for (int m = 0; m < k; m++) {
            thresholds[m] = t[k - 1 - m];
            tps[m] = tp[k - 1 - m];
            fps[m] = fp[k - 1 - m];
        }
        return new ThresholdSweep(thresholds, tps, fps, pos.length, neg.length);
    }

    /**
     * Sweeps float scores against labels; see {@link #of(double[], boolean[])}.
     *
     * @param scores one score per window, none {@code NaN}
     * @param bulls whether each window is a bull window, same length as {@code scores}
     * @return the sweep
     */
    public static ThresholdSweep of(float[] scores, boolean[] bulls) {
        return of(toDoubles(scores), bulls);
    }

    /**
     * Number of distinct thresholds.
     *
     * @return the number of points, 0 for no windows
     */
    public int size() {
        return thresholds.length;
    }

    /**
     * Number of bull windows.
     *
     * @return bull windows in the sweep
     */
    public long bulls() {
        return bulls;
    }

    /**
     * Number of no-bull windows.
     *
     * @return no-bull windows in the sweep
     */
    public long noBulls() {
        return noBulls;
    }

    /**
     * One point.
     *
     * @param index {@code 0 <= index < size()}, in ascending order of threshold
     * @return the threshold and its confusion
     */
    public ThresholdPoint point(int index) {
        Objects.checkIndex(index, thresholds.length);
        return new ThresholdPoint(thresholds[index], confusion(index));
    }

    /**
     * All points, by ascending threshold (so flagged windows and bull recall decrease along it).
     *
     * @return an unmodifiable view of {@link #size()} points
     */
    public List<ThresholdPoint> points() {
        return new AbstractList<>() {
            @Override
            public ThresholdPoint get(int index) {
                return point(index);
            }

            @Override
            public int size() {
                return thresholds.length;
            }
        };
    }

    /**
     * The confusion at any threshold, not only the points': windows scoring {@code >= threshold}
     * are flagged.
     *
     * @param threshold the threshold, not {@code NaN}
     * @return the counts
     */
    public Confusion confusionAt(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("threshold must not be NaN");
        }
        // first point whose threshold is >= the requested one flags the same windows
        int lo = 0;
        int hi = thresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] >= threshold) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo == thresholds.length ? new Confusion(0, 0, bulls, noBulls) : confusion(lo);
    }

    /**
     * The precision-recall curve as scikit-learn's {@code precision_recall_curve} gives it: one
     * point per distinct threshold by ascending threshold, then a closing point with threshold
     * {@code +Infinity}, precision 1 and recall 0. Recall is {@code NaN} throughout when there are
     * no bull windows (scikit-learn writes 1 and warns).
     *
     * @return the curve, {@link #size()} {@code + 1} points (only the closing one for no windows)
     */
    public List<PrecisionRecallPoint> precisionRecallCurve() {
        List<PrecisionRecallPoint> curve = new ArrayList<>(thresholds.length + 1);
        for (int i = 0; i < thresholds.length; i++) {
            Confusion c = confusion(i);
            curve.add(new PrecisionRecallPoint(thresholds[i], c.precision(), c.bullRecall()));
        }
        curve.add(new PrecisionRecallPoint(Double.POSITIVE_INFINITY, 1.0, 0.0));
        return Collections.unmodifiableList(curve);
    }

    /**
     * Average precision, defined as scikit-learn's {@code average_precision_score}: over the
     * distinct thresholds from the highest down, {@code sum_n (R_n - R_(n-1)) * P_n} with
     * {@code R_0 = 0}, where {@code P_n} and {@code R_n} are precision and bull recall at the
     * {@code n}-th threshold. No interpolation.
     *
     * @return the average precision, {@code NaN} when there are no bull windows
     */
    public double averagePrecision() {
        if (bulls == 0) {
            return Double.NaN;
        }
        double sum = 0;
        long previousTp = 0;
        for (int i = thresholds.length - 1; i >= 0; i--) {
            long tp = tps[i];
            if (tp != previousTp) {
                sum += (double) (tp - previousTp) / bulls * tp / (tp + fps[i]);
                previousTp = tp;
            }
        }
        return sum;
    }

    /**
     * Area under the ROC curve (bull recall against false-alarm rate) by the trapezoid rule over
     * the points, from (0, 0) to (1, 1); equal to the probability that a random bull window scores
     * above a random no-bull window, counting ties as one half.
     *
     * @return the area, {@code NaN} when either class is absent
     */
    public double rocAuc() {
        if (bulls == 0 || noBulls == 0) {
            return Double.NaN;
        }
        double twiceArea = 0;
        long previousTp = 0;
        long previousFp = 0;
        for (int i = thresholds.length - 1; i >= 0; i--) {
            twiceArea += (double) (fps[i] - previousFp) * (tps[i] + previousTp);
            previousTp = tps[i];
            previousFp = fps[i];
        }
        return twiceArea / 2 / bulls / noBulls;
    }

    /**
     * The threshold with the highest average recall (balanced accuracy), the seed's metric.
     *
     * @return the point, empty when either class is absent
     */
    public Optional<ThresholdPoint> maxAverageRecall() {
        if (bulls == 0 || noBulls == 0) {
            return Optional.empty();
        }
        return best(Confusion::averageRecall);
    }

    /**
     * The highest threshold whose bull recall reaches a target, i.e. the fewest flags that find
     * that share of bull windows.
     *
     * @param target the bull recall to reach, in {@code [0, 1]}
     * @return the point, empty when there are no bull windows
     */
    public Optional<ThresholdPoint> forBullRecall(double target) {
        if (!(target >= 0 && target <= 1)) {
            throw new IllegalArgumentException("target bull recall must be in [0, 1], got " + target);
        }
        if (bulls == 0) {
            return Optional.empty();
        }
        for (int i = thresholds.length - 1; i >= 0; i--) {
            if ((double) tps[i] / bulls >= target) {
                return Optional.of(point(i));
            }
        }
        throw new AssertionError("the lowest threshold flags every window, recall 1");
    }

    /**
     * The threshold with the highest F1.
     *
     * @return the point, empty when there are no bull windows
     */
    public Optional<ThresholdPoint> maxF1() {
        if (bulls == 0) {
            return Optional.empty();
        }
        return best(Confusion::f1);
    }

    /**
     * The threshold with the highest bull recall among those flagging at most a given share of the
     * windows: the best an expert can do with a fixed listening budget.
     *
     * @param maxFlaggedFraction the largest acceptable {@link Confusion#flaggedFraction()}, in
     *     {@code [0, 1]}
     * @return the point, empty when there are no bull windows or even the highest threshold flags
     *     more than the budget
     */
    public Optional<ThresholdPoint> maxBullRecallWithinBudget(double maxFlaggedFraction) {
        if (!(maxFlaggedFraction >= 0 && maxFlaggedFraction <= 1)) {
            throw new IllegalArgumentException(
                    "flagged fraction budget must be in [0, 1], got " + maxFlaggedFraction);
        }
        if (bulls == 0) {
            return Optional.empty();
        }
        long total = bulls + noBulls;
        int best = -1;
        // from the highest threshold down, flags grow: stop at the first point over budget
        for (int i = thresholds.length - 1; i >= 0; i--) {
            if ((double) (tps[i] + fps[i]) / total > maxFlaggedFraction) {
                break;
            }
            if (best < 0 || tps[i] > tps[best]) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(point(best));
    }

    @Override
    public String toString() {
        return "ThresholdSweep[thresholds=" + thresholds.length + ", bulls=" + bulls
                + ", noBulls=" + noBulls + "]";
    }

    static double[] toDoubles(float[] scores) {
        Objects.requireNonNull(scores, "scores");
        double[] d = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            d[i] = scores[i];
        }
        return d;
    }

    private Confusion confusion(int i) {
        return new Confusion(tps[i], fps[i], bulls - tps[i], noBulls - fps[i]);
    }

    private Optional<ThresholdPoint> best(ToDoubleFunction<Confusion> metric) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = thresholds.length - 1; i >= 0; i--) {
            double v = metric.applyAsDouble(confusion(i));
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(point(best));
    }
}
