package io.bullwatch.models.train;

/** How training copes with few bull windows. */
public enum Imbalance {
    /** Weighted cross-entropy with the seed's weights {@code w_bull = 1 - p}, {@code w_nobull = p}. */
    SEED_WEIGHTS,
    /** Weighted cross-entropy with weights inversely proportional to the class counts. */
    INVERSE_FREQUENCY,
    /** Plain cross-entropy; each micro-batch draws bull and no-bull windows with equal chance. */
    BALANCED_SAMPLER,
    /** Focal loss, gamma 2, alpha {@code 1 - p}. */
    FOCAL
}
