package io.bullwatch.features.augment;

import java.util.List;
import java.util.Objects;

/**
 * One training-time change of a window's spectrogram (and, for mixup, its label). Implementations
 * draw randomness only from the context, never modify their input, and are safe to share between
 * threads.
 */
@FunctionalInterface
public interface SpectrogramAugmentation {

    /**
     * Augments one sample.
     *
     * @param sample the window and its label (not modified)
     * @param context the source of randomness
     * @return the augmented sample (new values; the input itself when nothing was changed)
     */
    TrainingSample apply(TrainingSample sample, AugmentContext context);

    /**
     * The augmentation that changes nothing.
     *
     * @return an augmentation returning its input
     */
    static SpectrogramAugmentation none() {
        return (sample, context) -> Objects.requireNonNull(sample, "sample");
    }

    /**
     * Several augmentations applied in order, each with its own derived random stream, so adding
     * or removing one stage does not change the draws of the others.
     *
     * @param stages the augmentations, in order
     * @return the pipeline
     */
    static SpectrogramAugmentation pipeline(List<SpectrogramAugmentation> stages) {
        List<SpectrogramAugmentation> copy = List.copyOf(stages);
        return (sample, context) -> {
            TrainingSample s = Objects.requireNonNull(sample, "sample");
            for (int i = 0; i < copy.size(); i++) {
                s = copy.get(i).apply(s, context.derive(i + 1));
            }
            return s;
        };
    }

    /**
     * Several augmentations applied in order; see {@link #pipeline(List)}.
     *
     * @param stages the augmentations, in order
     * @return the pipeline
     */
    static SpectrogramAugmentation pipeline(SpectrogramAugmentation... stages) {
        return pipeline(List.of(stages));
    }

    /**
     * This augmentation applied to a share of the samples only, chosen by the context.
     *
     * @param probability the chance of applying it, {@code 0 <= probability <= 1}
     * @return the wrapped augmentation
     */
    default SpectrogramAugmentation withProbability(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
        }
        SpectrogramAugmentation inner = this;
        return (sample, context) -> context.random().nextDouble() < probability
                ? inner.apply(sample, context.derive(0x5EED)) : sample;
    }
}
