package io.bullwatch.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.bullwatch.models.blocks.FrameMaxPool;
import java.util.Arrays;

/**
 * The loss of a network that scores every time step of a window, against frame targets cut from
 * the annotations' start and end (strong labels), as the seed's authors proposed.
 *
 * <p><b>Targets</b> ({@link #targets}): a window's {@code T} output steps split it into equal
 * parts; step {@code t}'s target is the share of its part that bulls cover, counted against half
 * the part and capped at 1: {@code q_t = min(1, covered_t / (0.5 / T))}. A step at least half
 * covered is a bull step; a step an event's edge barely reaches gets a small soft target rather
 * than a hard 0 or 1 (the annotated edges are only as exact as the listener).
 *
 * <p><b>Loss</b> ({@link #perWindow}): binary cross-entropy with soft targets on each step's bull
 * margin {@code d_t = logit_1 - logit_0} (so that the step's bull probability is
 * {@code sigmoid(d_t)}, as the window's is), averaged over the steps:
 * {@code l = mean_t [ softplus(d_t) - q_t d_t ]}, computed as
 * {@code max(d, 0) + log(1 + exp(-|d|)) - q d} so that large margins neither overflow nor lose
 * precision. It equals {@code -q log sigmoid(d) - (1 - q) log(1 - sigmoid(d))}.
 */
public final class FrameLoss {

    private FrameLoss() {
    }

    /**
     * Frame targets from bull spans.
     *
     * @param spans {@code start, end} pairs in fractions of the window, within {@code [0, 1]}; they
     *     may overlap (overlaps count once)
     * @param steps the network's time steps per window, {@code >= 1}
     * @return one target in {@code [0, 1]} per step
     * @throws IllegalArgumentException if {@code steps < 1} or the pairs are malformed
     */
    public static float[] targets(float[] spans, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need at least one step, got " + steps);
        }
        if (spans.length % 2 != 0) {
            throw new IllegalArgumentException("spans are start, end pairs; got " + spans.length + " values");
        }
        int n = spans.length / 2;
        double[][] sorted = new double[n][];
        for (int k = 0; k < n; k++) {
            double a = spans[2 * k];
            double b = spans[2 * k + 1];
            if (!(a >= 0 && a <= b && b <= 1)) {
                throw new IllegalArgumentException("span " + a + ".." + b + " is not an interval in [0, 1]");
            }
            sorted[k] = new double[] {a, b};
        }
        Arrays.sort(sorted, (x, y) -> Double.compare(x[0], y[0]));
        float[] q = new float[steps];
        double half = 0.5 / steps;
        for (int t = 0; t < steps; t++) {
            double lo = t / (double) steps;
            double hi = (t + 1) / (double) steps;
            double covered = 0;
            double reach = lo; // the union so far, clipped to the step, ends here
            for (double[] s : sorted) {
                double from = Math.max(Math.max(s[0], lo), reach);
                double to = Math.min(s[1], hi);
                if (to > from) {
                    covered += to - from;
                    reach = to;
                }
            }
            q[t] = (float) Math.min(1, covered / half);
        }
        return q;
    }

    /**
     * Each window's frame loss.
     *
     * @param frameLogits {@code (N, 2, T)} (or {@code (N, 2, 1, T)}) logits per step
     * @param targets {@code (N, T)} targets in {@code [0, 1]}, in the logits' data type
     * @return {@code (N)} losses, the mean over each window's steps
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static NDArray perWindow(NDArray frameLogits, NDArray targets) {
        NDArray d = FrameMaxPool.margins(frameLogits);
        Shape want = d.getShape();
        if (!targets.getShape().equals(want)) {
            throw new IllegalArgumentException("frame targets must be " + want + " to match the logits, got "
                    + targets.getShape());
        }
        NDArray softplus = d.maximum(0f).add(d.abs().neg().exp().add(1f).log());
        return softplus.sub(targets.mul(d)).mean(new int[] {1});
    }
}
