package io.bullwatch.models.train;

import java.util.Locale;
import java.util.Objects;

/**
 * Training hyperparameters (where files go is {@link TrainingFiles}); build with {@link #builder()}.
 * Defaults are the seed's: Adam at 1e-4, betas 0.9 and 0.999, no weight decay, micro-batches of 16
 * accumulated 8 times (effective batch 128), early stopping with patience 5 on average recall, the
 * seed's class weights.
 *
 * @param learningRate Adam's learning rate
 * @param beta1 Adam's first beta
 * @param beta2 Adam's second beta
 * @param weightDecay L2 weight decay added to the gradients
 * @param microBatch windows per forward/backward pass
 * @param accumulation micro-batches per optimiser step
 * @param epochs the maximum number of epochs
 * @param patience epochs without improvement before stopping
 * @param stopMetric the validation metric choosing the best epoch
 * @param imbalance how class imbalance is handled
 * @param seed the seed of shuffling, sampling, initialisation and dropout
 * @param evalBatch windows per validation forward pass
 * @param windowsPerEpoch training windows per epoch, 0 for all: a shuffled prefix (or, with the
 *     balanced sampler, that many draws), so that epochs stay short on large sets
 * @param augmentation on-the-fly augmentation of training windows ({@link
 *     TrainingAugmentation#none()} by default)
 * @param schedule how the learning rate changes ({@link Schedule#CONSTANT} by default)
 * @param averaging the decay of an exponential moving average of the parameters (Polyak
 *     averaging), in [0, 1); 0 (the default) for none. With a decay {@code d} the average after
 *     optimiser step {@code t} (from 1) is {@code a = r a + (1 - r) p} with {@code r = min(d,
 *     t / (t + 9))}, so early steps are not dominated by the initial weights; validation, the best
 *     epoch and the final model then use the average instead of the last step's parameters
 * @param hardNegatives hard-negative mining for the balanced sampler ({@link HardNegatives#none()}
 *     by default)
 * @param frameLossWeight for a network that scores every time step ({@link
 *     io.bullwatch.models.backbone.Backbone#framewise()}), the weight of the frame loss ({@link
 *     io.bullwatch.models.loss.FrameLoss}) added to each window's loss; 1 by default, 0 trains on
 *     window labels alone. Ignored for other networks
 * @param siteAlignment the weight of the {@link io.bullwatch.models.loss.SiteAlignment} penalty
 *     on the network's embeddings (the input of its last part), added to each micro-batch's loss
 *     in proportion to its share of the optimiser step; 0 (the default) for none
 */
public record TrainerConfig(float learningRate, float beta1, float beta2, float weightDecay,
        int microBatch, int accumulation, int epochs, int patience, StopMetric stopMetric,
        Imbalance imbalance, long seed, int evalBatch, int windowsPerEpoch, TrainingAugmentation augmentation,
        Schedule schedule, double averaging, HardNegatives hardNegatives, double frameLossWeight,
        double siteAlignment) {

    /**
     * @param metric another stop metric
     * @return this configuration with that metric
     */
    public TrainerConfig withStopMetric(StopMetric metric) {
        return new TrainerConfig(learningRate, beta1, beta2, weightDecay, microBatch, accumulation, epochs,
                patience, metric, imbalance, seed, evalBatch, windowsPerEpoch, augmentation, schedule, averaging,
                hardNegatives, frameLossWeight, siteAlignment);
    }

    /** How the learning rate changes over training. */
    public enum Schedule {
        /** The same rate throughout (the seed). */
        CONSTANT,
        /**
         * Cosine decay per optimiser step from the learning rate at the first step to 2 % of it at
         * the last step of the last epoch: {@code lr * (0.02 + 0.98 * (1 + cos(pi * t / T)) / 2)}.
         * Computed from the epoch and step, so a resumed run continues the curve.
         */
        COSINE,
        /**
         * Constant for the first 80 % of the run's optimiser steps, then a linear decay to 2 % of
         * the rate at the last step of the last epoch (the warmup-stable-decay shape, without
         * warm-up): the network learns at the full rate for most of the run and settles at the
         * end. Computed from the epoch and step, so a resumed run continues the curve.
         */
        STABLE_DECAY
    }

    /** The share of the steps {@link Schedule#STABLE_DECAY} keeps the rate constant. */
    public static final double STABLE_SHARE = 0.8;

    /** Validates. */
    public TrainerConfig {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "need learning rate > 0, betas in [0, 1), weight decay >= 0; got %s %s %s %s",
                    learningRate, beta1, beta2, weightDecay));
        }
        if (microBatch < 1 || accumulation < 1 || epochs < 1 || patience < 1 || evalBatch < 1) {
            throw new IllegalArgumentException("micro-batch, accumulation, epochs, patience and"
                    + " eval batch must be >= 1");
        }
        Objects.requireNonNull(stopMetric, "stopMetric");
        Objects.requireNonNull(imbalance, "imbalance");
        Objects.requireNonNull(augmentation, "augmentation");
        Objects.requireNonNull(schedule, "schedule");
        if (!(averaging >= 0 && averaging < 1)) {
            throw new IllegalArgumentException("the averaging decay must be in [0, 1), got " + averaging);
        }
        Objects.requireNonNull(hardNegatives, "hardNegatives");
        if (hardNegatives.enabled() && imbalance != Imbalance.BALANCED_SAMPLER) {
            throw new IllegalArgumentException("hard negatives need the balanced sampler, got imbalance "
                    + imbalance);
        }
        if (!(frameLossWeight >= 0 && frameLossWeight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the frame loss weight must be finite and >= 0, got "
                    + frameLossWeight);
        }
        if (!(siteAlignment >= 0 && siteAlignment < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the site alignment weight must be finite and >= 0, got "
                    + siteAlignment);
        }
        if (windowsPerEpoch < 0) {
            throw new IllegalArgumentException("windows per epoch must be >= 0, got " + windowsPerEpoch);
        }
    }

    /**
     * The averaging rate of optimiser step {@code t}: {@code min(averaging, t / (t + 9))}.
     *
     * @param step the step, from 1
     * @return the weight of the old average
     */
    public double averagingRateAt(long step) {
        return Math.min(averaging, step / (step + 9.0));
    }

    /**
     * The learning rate of one optimiser step.
     *
     * @param step the step, from 0
     * @param totalSteps the steps of the whole run ({@code epochs x steps per epoch})
     * @return the rate
     */
    public float learningRateAt(long step, long totalSteps) {
        if (schedule == Schedule.CONSTANT || totalSteps <= 1) {
            return learningRate;
        }
        double t = Math.min(1, Math.max(0, step / (double) (totalSteps - 1)));
        if (schedule == Schedule.STABLE_DECAY) {
            if (t <= STABLE_SHARE) {
                return learningRate;
            }
            return (float) (learningRate * (1 - 0.98 * (t - STABLE_SHARE) / (1 - STABLE_SHARE)));
        }
        return (float) (learningRate * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * t))));
    }

    /** @return windows per optimiser step */
    public int effectiveBatch() {
        return microBatch * accumulation;
    }

    /** @return a builder with the seed's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link TrainerConfig}; every option is optional. */
    public static final class Builder {
        private float learningRate = 1e-4f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float weightDecay;
        private int microBatch = 16;
        private int accumulation = 8;
        private int epochs = 20;
        private int patience = 5;
        private StopMetric stopMetric = StopMetric.AVERAGE_RECALL;
        private Imbalance imbalance = Imbalance.SEED_WEIGHTS;
        private long seed = 1;
        private int evalBatch = 32;
        private int windowsPerEpoch;
        private TrainingAugmentation augmentation = TrainingAugmentation.none();
        private Schedule schedule = Schedule.CONSTANT;
        private double averaging;
        private HardNegatives hardNegatives = HardNegatives.none();
        private double frameLossWeight = 1;
        private double siteAlignment;

        /**
         * @param v weight of the {@link io.bullwatch.models.loss.SiteAlignment} penalty; 0 for none
         * @return this
         */
        public Builder optSiteAlignment(double v) {
            siteAlignment = v;
            return this;
        }

        /**
         * @param v weight of the frame loss for networks that score every time step; 0 for none
         * @return this
         */
        public Builder optFrameLossWeight(double v) {
            frameLossWeight = v;
            return this;
        }

        private Builder() {
        }

        /**
         * @param v the learning rate
         * @return this builder
         */
        public Builder optLearningRate(double v) {
            learningRate = (float) v;
            return this;
        }

        /**
         * @param b1 first beta
         * @param b2 second beta
         * @return this builder
         */
        public Builder optBetas(double b1, double b2) {
            beta1 = (float) b1;
            beta2 = (float) b2;
            return this;
        }

        /**
         * @param v weight decay
         * @return this builder
         */
        public Builder optWeightDecay(double v) {
            weightDecay = (float) v;
            return this;
        }

        /**
         * @param v windows per micro-batch
         * @return this builder
         */
        public Builder optMicroBatch(int v) {
            microBatch = v;
            return this;
        }

        /**
         * @param v micro-batches per step
         * @return this builder
         */
        public Builder optAccumulation(int v) {
            accumulation = v;
            return this;
        }

        /**
         * @param v maximum epochs
         * @return this builder
         */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /**
         * @param v patience in epochs
         * @return this builder
         */
        public Builder optPatience(int v) {
            patience = v;
            return this;
        }

        /**
         * @param v stop metric
         * @return this builder
         */
        public Builder optStopMetric(StopMetric v) {
            stopMetric = v;
            return this;
        }

        /**
         * @param v imbalance strategy
         * @return this builder
         */
        public Builder optImbalance(Imbalance v) {
            imbalance = v;
            return this;
        }

        /**
         * @param v seed
         * @return this builder
         */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /**
         * @param v validation batch
         * @return this builder
         */
        public Builder optEvalBatch(int v) {
            evalBatch = v;
            return this;
        }

        /**
         * @param v training windows per epoch, 0 for all
         * @return this builder
         */
        public Builder optWindowsPerEpoch(int v) {
            windowsPerEpoch = v;
            return this;
        }

        /**
         * @param v augmentation of training windows
         * @return this builder
         */
        public Builder optAugmentation(TrainingAugmentation v) {
            augmentation = v;
            return this;
        }

        /**
         * @param v learning-rate schedule
         * @return this builder
         */
        public Builder optSchedule(Schedule v) {
            schedule = v;
            return this;
        }

        /**
         * @param v decay of the moving average of the parameters, in [0, 1); 0 for none
         * @return this
         */
        public Builder optAveraging(double v) {
            averaging = v;
            return this;
        }

        /**
         * @param v hard-negative mining (balanced sampler only)
         * @return this builder
         */
        public Builder optHardNegatives(HardNegatives v) {
            hardNegatives = v;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if an option is out of range, or hard negatives are set
         *     without the balanced sampler
         */
        public TrainerConfig build() {
            return new TrainerConfig(learningRate, beta1, beta2, weightDecay, microBatch,
                    accumulation, epochs, patience, stopMetric, imbalance, seed, evalBatch,
                    windowsPerEpoch, augmentation, schedule, averaging,
                    hardNegatives, frameLossWeight, siteAlignment);
        }
    }

    /**
     * The record's usual text, except that {@code siteAlignment} appears only when it is set: the
     * text is part of the keys of resumable cross-validation folds, which were written before the
     * field existed.
     *
     * @return for example {@code TrainerConfig[learningRate=0.001, ..., frameLossWeight=1.0]}
     */
    @Override
    public String toString() {
        return "TrainerConfig[learningRate=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2
                + ", weightDecay=" + weightDecay + ", microBatch=" + microBatch + ", accumulation=" + accumulation
                + ", epochs=" + epochs + ", patience=" + patience + ", stopMetric=" + stopMetric
                + ", imbalance=" + imbalance + ", seed=" + seed + ", evalBatch=" + evalBatch
                + ", windowsPerEpoch=" + windowsPerEpoch + ", augmentation=" + augmentation
                + ", schedule=" + schedule + ", averaging=" + averaging + ", hardNegatives=" + hardNegatives
                + ", frameLossWeight=" + frameLossWeight
                + (siteAlignment > 0 ? ", siteAlignment=" + siteAlignment : "") + "]";
    }
}
