package io.bullwatch.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Focal loss (Lin et al., "Focal Loss for Dense Object Detection", 2017) for two classes, on the
 * two logits of the seed's head: easy windows, already classified with confidence, count less.
 *
 * <p>With {@code p_t = softmax(x_i)[y_i]} (for two classes, {@code sigmoid(x_i[y_i] -
 * x_i[1 - y_i])}) the per-window loss is
 *
 * <pre>  l_i = -alpha_t (1 - p_t)^gamma log p_t</pre>
 *
 * <p>where {@code alpha_t = alpha} for bull windows (class 1) and {@code 1 - alpha} for no-bull
 * windows (class 0), or 1 for every window when no alpha is given. The default reduction is
 * {@link LossReduction#MEAN}, {@code sum_i l_i / N}, as in torchvision's {@code
 * sigmoid_focal_loss}; with {@code gamma = 0} it is then the (alpha-weighted) cross-entropy.
 * {@link LossReduction#WEIGHTED_MEAN} divides by {@code sum_i alpha_t} instead, which with
 * {@code gamma = 0} is exactly {@link WeightedSoftmaxCrossEntropyLoss#of} with weights {@code
 * [1 - alpha, alpha]}.
 *
 * <p>Numerics: {@code log p_t} comes from a log-softmax; {@code 1 - p_t} is clamped below at
 * {@value #MIN_ONE_MINUS_PT}, so that {@code gamma < 1} cannot produce an infinite gradient for a
 * window classified with certainty (its loss is below {@code 1e-7} either way); {@code gamma = 0}
 * skips the factor altogether. Labels, shapes and memory follow {@link
 * WeightedSoftmaxCrossEntropyLoss}: logits {@code (N, 2)}, class indices {@code (N)} or {@code
 * (N, 1)}, every array of a call owned by the prediction's manager.
 */
public final class BinaryFocalLoss extends Loss {

    /** Lower clamp for {@code 1 - p_t} inside the modulating factor. */
    public static final double MIN_ONE_MINUS_PT = 1e-7;

    private static final String NAME = "BinaryFocalLoss";
    private static final int CLASSES = 2;

    private final double gamma;
    /** Alpha for class 1, or NaN when the loss has no alpha. */
    private final double alpha;
    private final LossReduction reduction;

    private BinaryFocalLoss(double gamma, double alpha, LossReduction reduction) {
        super(NAME);
        this.gamma = gamma;
        this.alpha = alpha;
        this.reduction = reduction;
    }

    /**
     * Focal loss without class balancing ({@code alpha_t = 1}).
     *
     * @param gamma the focusing exponent, finite and {@code >= 0} (2 in Lin et al.; 0 gives
     *     cross-entropy)
     * @return the loss with the mean reduction
     * @throws IllegalArgumentException if {@code gamma} is negative or not finite
     */
    public static BinaryFocalLoss of(double gamma) {
        checkGamma(gamma);
        return new BinaryFocalLoss(gamma, Double.NaN, LossReduction.MEAN);
    }

    /**
     * Focal loss with class balancing: {@code alpha} for bull windows, {@code 1 - alpha} for
     * no-bull windows.
     *
     * @param gamma the focusing exponent, finite and {@code >= 0}
     * @param alpha the weight of the bull class, strictly between 0 and 1 (0.25 in Lin et al.; the
     *     seed's choice would be {@code 1 - p} for a bull share {@code p})
     * @return the loss with the mean reduction
     * @throws IllegalArgumentException if {@code gamma} or {@code alpha} is out of range
     */
    public static BinaryFocalLoss of(double gamma, double alpha) {
        checkGamma(gamma);
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException(
                    "focal loss alpha must be strictly between 0 and 1, got " + alpha);
        }
        return new BinaryFocalLoss(gamma, alpha, LossReduction.MEAN);
    }

    /**
     * The same loss with another reduction.
     *
     * @param newReduction how per-window losses become the batch loss
     * @return a new loss with the same gamma and alpha and fresh accumulators
     */
    public BinaryFocalLoss withReduction(LossReduction newReduction) {
        return new BinaryFocalLoss(gamma, alpha, Objects.requireNonNull(newReduction, "reduction"));
    }

    /**
     * The focusing exponent.
     *
     * @return gamma
     */
    public double gamma() {
        return gamma;
    }

    /**
     * The weight of the bull class.
     *
     * @return alpha, or empty when every window has weight 1
     */
    public OptionalDouble alpha() {
        return Double.isNaN(alpha) ? OptionalDouble.empty() : OptionalDouble.of(alpha);
    }

    /**
     * How per-window losses become the batch loss.
     *
     * @return the reduction, {@link LossReduction#MEAN} unless changed
     */
    public LossReduction reduction() {
        return reduction;
    }

    /**
     * Computes the batch loss.
     *
     * @param labels a single array of class indices (0 or 1), shape {@code (N)} or {@code (N, 1)}
     * @param predictions a single array of logits, shape {@code (N, 2)}
     * @return a scalar owned by the predictions' manager, differentiable with respect to the
     *     logits
     * @throws IllegalArgumentException if shapes, types or label values do not fit
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int n = LossSupport.checkLogits(logits, CLASSES, NAME);
        int[] classes = LossSupport.classIndices(labels.singletonOrThrow(), n, CLASSES, NAME);

        NDArray oneHot = LossSupport.oneHot(logits, classes, CLASSES);
        NDArray logPt = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1});
        NDArray perWindow;
        if (gamma == 0) {
            perWindow = logPt.neg();
        } else {
            NDArray modulation = logPt.exp().neg().add(1).clip(MIN_ONE_MINUS_PT, 1).pow(gamma);
            perWindow = logPt.mul(modulation).neg();
        }

        float[] windowWeights = null;
        if (!Double.isNaN(alpha)) {
            windowWeights = new float[n];
            for (int i = 0; i < n; i++) {
                windowWeights[i] = (float) (classes[i] == 1 ? alpha : 1 - alpha);
            }
        }
        return LossSupport.reduce(perWindow, logits, windowWeights, reduction);
    }

    /**
     * Describes the loss for training logs.
     *
     * @return the name, gamma, alpha and reduction
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s[gamma=%s, alpha=%s, reduction=%s]", NAME,
                gamma, Double.isNaN(alpha) ? "none" : Double.toString(alpha), reduction);
    }

    private static void checkGamma(double gamma) {
        if (!(Double.isFinite(gamma) && gamma >= 0)) {
            throw new IllegalArgumentException(
                    "focal loss gamma must be finite and >= 0, got " + gamma);
        }
    }
}
