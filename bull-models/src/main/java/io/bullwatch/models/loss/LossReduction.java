package io.bullwatch.models.loss;

/**
 * How the per-window losses {@code l_i} of a batch, each with a weight {@code w_i} (the weight of
 * its label's class, or 1 when a loss has no class weights), become the batch's loss.
 */
public enum LossReduction {

    /**
     * {@code sum_i w_i l_i / sum_i w_i}: PyTorch's {@code reduction="mean"} for a weighted {@code
     * nn.CrossEntropyLoss}. Only the ratio between class weights matters.
     */
    WEIGHTED_MEAN,

    /**
     * {@code sum_i w_i l_i / N}: the plain mean of the weighted losses, as in torchvision's {@code
     * sigmoid_focal_loss(reduction="mean")}. The scale of the weights scales the loss.
     */
    MEAN,

    /**
     * {@code sum_i w_i l_i}: for callers that normalise themselves, for example over all
     * micro-batches of one gradient-accumulation step.
     */
    SUM
}
