package io.bullwatch.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Softmax cross-entropy with one weight per class: the seed's loss for imbalanced windows.
 *
 * <p>For logits {@code x_i} (one row of {@code C} raw scores per window), class-index labels
 * {@code y_i} and class weights {@code w}, the per-window loss is {@code l_i = -log
 * softmax(x_i)[y_i]}. With the default {@link LossReduction#WEIGHTED_MEAN} the batch loss is
 *
 * <pre>  L = sum_i w[y_i] l_i / sum_i w[y_i]</pre>
 *
 * <p>exactly what PyTorch's {@code nn.CrossEntropyLoss(weight=w)} returns with its default
 * {@code reduction="mean"}: a weighted average, so only the ratio between the weights matters and
 * the loss stays on the scale of an unweighted cross-entropy. With equal weights it is the plain
 * mean cross-entropy of DJL's {@code SoftmaxCrossEntropyLoss}. {@link LossReduction#MEAN} and
 * {@link LossReduction#SUM} are available through {@link #withReduction}.
 *
 * <p>Class weights are positive, so the denominator is never zero. Logits are {@code (N, C)}
 * floating point; labels are {@code (N)} or {@code (N, 1)} class indices in any integer, boolean
 * or floating type (floating labels must be whole numbers). The weights live in a Java array and
 * are turned into a per-batch array from the prediction's manager, so no array of this loss
 * outlives a batch. Instances are immutable apart from the accumulators every DJL {@link Loss}
 * keeps.
 */
public final class WeightedSoftmaxCrossEntropyLoss extends Loss {

    private static final String NAME = "WeightedSoftmaxCrossEntropyLoss";

    private final float[] weights;
    private final LossReduction reduction;

    private WeightedSoftmaxCrossEntropyLoss(float[] weights, LossReduction reduction) {
        super(NAME);
        this.weights = weights;
        this.reduction = reduction;
    }

    /**
     * The seed's weights for two classes (0 = no bull, 1 = bull): {@code w_nobull = p} and {@code
     * w_bull = 1 - p}, where {@code p} is the share of bull windows in the training set. For two
     * classes these are the inverse class frequencies up to a common factor, so the loss equals
     * {@link #inverseFrequency(long...)} on the same counts.
     *
     * @param bullShare {@code p}, the fraction of training windows labelled bull, in {@code (0, 1)}
     * @return the loss with weights {@code [p, 1 - p]} and the weighted-mean reduction
     * @throws IllegalArgumentException if {@code bullShare} is not strictly between 0 and 1
     */
    public static WeightedSoftmaxCrossEntropyLoss seed(double bullShare) {
        if (!(bullShare > 0 && bullShare < 1)) {
            throw new IllegalArgumentException(
                    "the share of bull windows must be strictly between 0 and 1, got " + bullShare);
        }
        return of((float) bullShare, (float) (1 - bullShare));
    }

    /**
     * Weights inversely proportional to the class counts, {@code w_c = total / (C * n_c)} (scikit-
     * learn's "balanced" weights: 1 for every class when the classes are balanced).
     *
     * @param counts the number of training windows of each class, index = class; at least two,
     *     each {@code >= 1}
     * @return the loss with those weights and the weighted-mean reduction
     * @throws IllegalArgumentException if fewer than two counts are given or a count is below 1
     */
    public static WeightedSoftmaxCrossEntropyLoss inverseFrequency(long... counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length < 2) {
            throw new IllegalArgumentException(
                    "inverse-frequency weights need the counts of at least two classes, got "
                            + counts.length);
        }
        double total = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] < 1) {
                throw new IllegalArgumentException("class " + c + " has " + counts[c]
                        + " windows; every class needs at least one for inverse-frequency weights");
            }
            total += counts[c];
        }
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = (float) (total / ((double) counts.length * counts[c]));
        }
        return of(w);
    }

    /**
     * Explicit class weights.
     *
     * @param weights one weight per class, index = class (0 = no bull, 1 = bull); at least two,
     *     each finite and {@code > 0}; copied
     * @return the loss with those weights and the weighted-mean reduction
     * @throws IllegalArgumentException if fewer than two weights are given or one is not a finite
     *     positive number
     */
    public static WeightedSoftmaxCrossEntropyLoss of(float... weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.length < 2) {
            throw new IllegalArgumentException(
                    "class weights are needed for at least two classes, got " + weights.length);
        }
        for (int c = 0; c < weights.length; c++) {
            if (!(Float.isFinite(weights[c]) && weights[c] > 0)) {
                throw new IllegalArgumentException("class weights must be finite and > 0, got "
                        + weights[c] + " for class " + c);
            }
        }
        return new WeightedSoftmaxCrossEntropyLoss(weights.clone(), LossReduction.WEIGHTED_MEAN);
    }

    /**
     * The same loss with another reduction.
     *
     * @param newReduction how per-window losses become the batch loss
     * @return a new loss with the same weights and fresh accumulators
     */
    public WeightedSoftmaxCrossEntropyLoss withReduction(LossReduction newReduction) {
        return new WeightedSoftmaxCrossEntropyLoss(
                weights, Objects.requireNonNull(newReduction, "reduction"));
    }

    /**
     * The class weights.
     *
     * @return a copy, index = class
     */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * The number of classes the logits must have.
     *
     * @return the number of weights
     */
    public int classes() {
        return weights.length;
    }

    /**
     * How per-window losses become the batch loss.
     *
     * @return the reduction, {@link LossReduction#WEIGHTED_MEAN} unless changed
     */
    public LossReduction reduction() {
        return reduction;
    }

    /**
     * Computes the batch loss.
     *
     * @param labels a single array of class indices, shape {@code (N)} or {@code (N, 1)}
     * @param predictions a single array of logits, shape {@code (N, C)}
     * @return a scalar owned by the predictions' manager, differentiable with respect to the
     *     logits
     * @throws IllegalArgumentException if shapes, types or label values do not fit
     */
    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int n = LossSupport.checkLogits(logits, weights.length, NAME);
        int[] classes = LossSupport.classIndices(labels.singletonOrThrow(), n, weights.length, NAME);

        NDArray oneHot = LossSupport.oneHot(logits, classes, weights.length);
        // -log softmax(x_i)[y_i], picked with the one-hot row; logits stay the first operand.
        NDArray perWindow = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();

        float[] windowWeights = new float[n];
        for (int i = 0; i < n; i++) {
            windowWeights[i] = weights[classes[i]];
        }
        return LossSupport.reduce(perWindow, logits, windowWeights, reduction);
    }

    /**
     * Describes the loss for training logs.
     *
     * @return the name, weights and reduction
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s[weights=%s, reduction=%s]",
                NAME, Arrays.toString(weights), reduction);
    }
}
