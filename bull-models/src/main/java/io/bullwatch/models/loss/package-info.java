/**
 * Class-weighted losses for the imbalanced bull / no-bull problem, as DJL {@link
 * ai.djl.training.loss.Loss} subclasses.
 *
 * <p>{@link io.bullwatch.models.loss.WeightedSoftmaxCrossEntropyLoss} is the seed's weighted
 * cross-entropy, with PyTorch's {@code nn.CrossEntropyLoss(weight=w)} reduction; {@link
 * io.bullwatch.models.loss.BinaryFocalLoss} down-weights easy windows. Both take raw logits of
 * shape {@code (N, C)} (class 0 = no bull, class 1 = bull) and labels that are class indices of
 * shape {@code (N)} or {@code (N, 1)}, in any integer, boolean or floating data type; {@link
 * io.bullwatch.models.loss.LossReduction} says how per-window losses become one value. {@link
 * io.bullwatch.models.loss.FrameLoss} scores each time step against frame targets, and {@link
 * io.bullwatch.models.loss.SiteAlignment} is a penalty on the network's embeddings that pulls the
 * training sites' means together.
 *
 * <p>Native memory: an NDArray operation's result belongs to the manager of its first operand.
 * These losses keep their constants as Java arrays and create the per-batch arrays they need from
 * the prediction's manager, so every array a call creates belongs to the batch and is freed with
 * it; nothing attaches to a long-lived manager.
 */
package io.bullwatch.models.loss;
