package io.bullwatch.core.events;

import java.util.Objects;

/**
 * Window scores of a network that scores every time step ({@code compact-sed}), judged with every
 * window that covers each moment.
 *
 * <p>Windows overlap (the seed's 15 s windows every 5 s: each moment lies in three), and a network
 * sees a moment best away from its window's edges, where it has context on both sides: a bull cut
 * by one window's edge is half a sound to that window and a whole one to the next. So each step of
 * each window is scored from all windows that cover the step's centre {@code c}: the mean of their
 * probabilities for the step holding {@code c}, each weighted by where {@code c} falls in that
 * window, {@code w = sin^2(pi * pos) + 0.001} with {@code pos = (c - start) / length} in
 * {@code [0, 1)} (a Hann window: full weight in the middle, almost none at the edges; the small
 * floor keeps a moment only one window covers, at a recording's ends, scored by it). The window's
 * score is its highest step's, as the network's {@code FrameMaxPool} (bull-models) takes it for
 * one window alone. This is the overlap-weighted averaging of sliding-window inference, applied to
 * step scores.
 *
 * <p>Windows need not be on a regular grid (the detector's last window ends at the recording's
 * end) but must be sorted by start and have the same length and number of steps. A window with no
 * neighbour gets its own best step, so a lone window scores as it would alone.
 */
public final class StepAggregation {

    /** The weight floor, so that a moment only an edge covers is still scored. */
    static final double FLOOR = 1e-3;

    private StepAggregation() {
    }

    /**
     * The step weight at a position in a window.
     *
     * @param position {@code (c - start) / length}, in {@code [0, 1]}
     * @return {@code sin^2(pi * position) + 0.001}
     */
    public static double weight(double position) {
        double s = Math.sin(Math.PI * position);
        return s * s + FLOOR;
    }

    /**
     * Aggregated window scores.
     *
     * @param starts window starts in seconds, non-decreasing
     * @param lengthSeconds the windows' length in seconds, {@code > 0}
     * @param steps per window, the bull probability of each of its {@code T} equal time steps
     *     ({@code T >= 1}, the same for every window)
     * @return one score per window: the highest of its steps' weighted means
     * @throws IllegalArgumentException if the sizes disagree or the starts are not sorted
     */
    public static float[] windowScores(double[] starts, double lengthSeconds, float[][] steps) {
        Objects.requireNonNull(starts, "starts");
        Objects.requireNonNull(steps, "steps");
        int n = starts.length;
        if (steps.length != n) {
            throw new IllegalArgumentException("need step scores for each of the " + n + " windows, got "
                    + steps.length);
        }
        if (!(lengthSeconds > 0)) {
            throw new IllegalArgumentException("the window length must be > 0, got " + lengthSeconds);
        }
        float[] out = new float[n];
        if (n == 0) {
            return out;
        }
        int t0 = steps[0].length;
        for (int i = 0; i < n; i++) {
            if (steps[i].length != t0 || t0 == 0) {
                throw new IllegalArgumentException("every window needs the same number (>= 1) of steps;"
                        + " window 0 has " + t0 + ", window " + i + " has " + steps[i].length);
            }
            if (i > 0 && !(starts[i] >= starts[i - 1])) {
                throw new IllegalArgumentException("window starts must be sorted; window " + i + " starts at "
                        + starts[i] + " s, before window " + (i - 1) + " at " + starts[i - 1] + " s");
            }
        }
        double step = lengthSeconds / t0;
        int first = 0; // the first window that may still cover a centre at or after the current one
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < t0; t++) {
                double c = starts[i] + (t + 0.5) * step;
                while (starts[first] + lengthSeconds <= c - lengthSeconds) {
                    first++; // windows ending a whole length before c cannot cover later centres either
                }
                double sum = 0;
                double weights = 0;
                for (int j = first; j < n && starts[j] <= c; j++) {
                    double offset = c - starts[j];
                    if (offset >= lengthSeconds) {
                        continue;
                    }
                    int u = Math.min(t0 - 1, (int) (offset / step));
                    double w = weight(offset / lengthSeconds);
                    sum += w * steps[j][u];
                    weights += w;
                }
                best = Math.max(best, sum / weights);
            }
            out[i] = (float) best;
        }
        return out;
    }

    /**
     * {@link #windowScores} from each step's margin {@code logit_bull - logit_nobull} (what a
     * step-scoring network outputs), turned into probabilities by {@link #probability}.
     *
     * @param starts window starts in seconds, non-decreasing
     * @param lengthSeconds the windows' length in seconds, {@code > 0}
     * @param margins per window, the margin of each of its {@code T} steps
     * @return one score per window
     * @throws IllegalArgumentException as {@link #windowScores}
     */
    public static float[] windowScoresOfMargins(double[] starts, double lengthSeconds, float[][] margins) {
        float[][] p = new float[margins.length][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new float[margins[i].length];
            for (int t = 0; t < p[i].length; t++) {
                p[i][t] = probability(margins[i][t]);
            }
        }
        return windowScores(starts, lengthSeconds, p);
    }

    /**
     * The bull probability of a step from its margin {@code logit_bull - logit_nobull}.
     *
     * @param margin the margin
     * @return {@code 1 / (1 + exp(-margin))}
     */
    public static float probability(float margin) {
        return (float) (1 / (1 + Math.exp(-margin)));
    }
}
