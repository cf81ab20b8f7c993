package io.bullwatch.core.calibrate;

import java.util.Arrays;
import java.util.Objects;

/**
 * Kernel-smoothed bull and no-bull recall of validation scores, as functions of the threshold: the
 * smooth ROC estimate of Zou, Hall and Shapiro (1997) and Lloyd (1998), here in logit space.
 *
 * <p><b>Why.</b> The empirical recall of a validation site is a step function, and a rule that
 * maximises it picks a threshold at the very edge of a step: just under the lowest bull score it
 * keeps. With a few dozen validation bull windows that edge is where a new site's slightly lower
 * bull scores fall off first, so the threshold transfers badly. Smoothing replaces every score by a
 * small normal distribution around it (the uncertainty of where a similar window at another site
 * would score), and the rule then picks the threshold that is best on average over that
 * uncertainty, away from the edges.
 *
 * <p><b>How.</b> Scores {@code s} become logits {@code l = ln(s / (1 - s))} ({@code s} clamped to
 * {@code [1e-7, 1 - 1e-7]}). Each class gets its own Gaussian kernel bandwidth by Silverman's rule
 * of thumb, {@code h = 0.9 min(sd, IQR / 1.34) n^(-1/5)} (the sample standard deviation when the
 * interquartile range is 0, and at least {@value #MIN_BANDWIDTH}). At a threshold logit {@code u}
 * the smoothed bull recall is {@code mean Phi((l_i - u) / h_bull)} over bull windows and the
 * smoothed no-bull recall {@code mean Phi((u - l_j) / h_nobull)} over the others. Immutable.
 */
public final class SmoothedRates {

    /** The smallest bandwidth used, in logits. */
    public static final double MIN_BANDWIDTH = 0.01;

    private static final double CLAMP = 1e-7;
    private static final int GRID = 4000;

    private final double[] bullLogits;
    private final double[] noBullLogits;
    private final double bullBandwidth;
    private final double noBullBandwidth;

    private SmoothedRates(double[] bullLogits, double[] noBullLogits) {
        this.bullLogits = bullLogits;
        this.noBullLogits = noBullLogits;
        this.bullBandwidth = silverman(bullLogits);
        this.noBullBandwidth = silverman(noBullLogits);
    }

    /**
     * Smooths validation scores.
     *
     * @param scores bull probabilities in [0, 1]
     * @param bulls labels, same length
     * @return the smoothed rates
     * @throws IllegalArgumentException if the lengths differ, a score is not finite, or either class
     *     has fewer than two windows
     */
    public static SmoothedRates of(float[] scores, boolean[] bulls) {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(bulls, "bulls");
        if (scores.length != bulls.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + bulls.length + " labels");
        }
        int nb = 0;
        for (boolean b : bulls) {
            nb += b ? 1 : 0;
        }
        int nn = bulls.length - nb;
        if (nb < 2 || nn < 2) {
            throw new IllegalArgumentException("smoothing needs at least two windows of each class, got "
                    + nb + " bull and " + nn + " no-bull windows");
        }
        double[] b = new double[nb];
        double[] n = new double[nn];
        for (int i = 0, ib = 0, in = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is not finite: " + scores[i]);
            }
            double l = logit(scores[i]);
            if (bulls[i]) {
                b[ib++] = l;
            } else {
                n[in++] = l;
            }
        }
        return new SmoothedRates(b, n);
    }

    /** @return the bull class's bandwidth in logits */
    public double bullBandwidth() {
        return bullBandwidth;
    }

    /** @return the no-bull class's bandwidth in logits */
    public double noBullBandwidth() {
        return noBullBandwidth;
    }

    /**
     * @param threshold a threshold in (0, 1)
     * @return the smoothed share of bull windows scoring at or above it
     */
    public double bullRecall(double threshold) {
        return bullRecallAtLogit(logit(threshold));
    }

    /**
     * @param threshold a threshold in (0, 1)
     * @return the smoothed share of no-bull windows scoring below it
     */
    public double noBullRecall(double threshold) {
        return noBullRecallAtLogit(logit(threshold));
    }

    /**
     * The threshold of the highest smoothed average recall: a coarse grid over the logits' range
     * (plus three bandwidths each side), then a golden-section search between the best grid
     * point's neighbours.
     *
     * @return the threshold in (0, 1)
     */
    public double maxAverageRecallThreshold() {
        double h = Math.max(bullBandwidth, noBullBandwidth);
        double lo = Math.min(min(bullLogits), min(noBullLogits)) - 3 * h;
        double hi = Math.max(max(bullLogits), max(noBullLogits)) + 3 * h;
        double step = (hi - lo) / GRID;
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= GRID; k++) {
            double v = averageAtLogit(lo + k * step);
            if (v > bestValue) {
                bestValue = v;
                best = k;
            }
        }
        double a = lo + Math.max(0, best - 1) * step;
        double b = lo + Math.min(GRID, best + 1) * step;
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = averageAtLogit(c);
        double fd = averageAtLogit(d);
        for (int i = 0; i < 60; i++) {
            if (fc >= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = averageAtLogit(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = averageAtLogit(d);
            }
        }
        double u = (a + b) / 2;
        return averageAtLogit(u) >= bestValue ? sigmoid(u) : sigmoid(lo + best * step);
    }

    /**
     * The highest threshold whose smoothed bull recall reaches a target (bisection: the smoothed
     * recall falls steadily as the threshold rises).
     *
     * @param target bull recall in (0, 1)
     * @return the threshold in (0, 1)
     * @throws IllegalArgumentException if the target is not in (0, 1)
     */
    public double bullRecallThreshold(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("a smoothed bull recall target must be in (0, 1), got "
                    + target);
        }
        double lo = min(bullLogits) - 40 * bullBandwidth;
        double hi = max(bullLogits) + 40 * bullBandwidth;
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = (lo + hi) / 2;
            if (bullRecallAtLogit(mid) >= target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return sigmoid(lo);
    }

    private double averageAtLogit(double u) {
        return (bullRecallAtLogit(u) + noBullRecallAtLogit(u)) / 2;
    }

    private double bullRecallAtLogit(double u) {
        double s = 0;
        for (double l : bullLogits) {
            s += phi((l - u) / bullBandwidth);
        }
        return s / bullLogits.length;
    }

    private double noBullRecallAtLogit(double u) {
        double s = 0;
        for (double l : noBullLogits) {
            s += phi((u - l) / noBullBandwidth);
        }
        return s / noBullLogits.length;
    }

    /**
     * Silverman's rule-of-thumb bandwidth {@code 0.9 min(sd, IQR / 1.34) n^(-1/5)}; the standard
     * deviation alone when the interquartile range is 0; never below {@link #MIN_BANDWIDTH}.
     * Quartiles by linear interpolation between order statistics (R's type 7).
     *
     * @param x at least two values
     * @return the bandwidth
     */
    static double silverman(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
        return Math.max(MIN_BANDWIDTH, 0.9 * spread * Math.pow(n, -0.2));
    }

    private static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (h - i) * (sorted[j] - sorted[i]);
    }

    /**
     * The standard normal distribution function, from the complementary error function's
     * Chebyshev-fitted approximation of Press et al. (fractional error below 1.2e-7 everywhere).
     *
     * @param z the argument
     * @return {@code P(Z <= z)}
     */
    static double phi(double z) {
        double x = -z / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196
                + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
                + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        double erfcX = x >= 0 ? erfc : 2 - erfc;
        return 0.5 * erfcX;
    }

    private static double logit(double s) {
        double c = Math.min(Math.max(s, CLAMP), 1 - CLAMP);
        return Math.log(c / (1 - c));
    }

    private static double sigmoid(double u) {
        return 1 / (1 + Math.exp(-u));
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
