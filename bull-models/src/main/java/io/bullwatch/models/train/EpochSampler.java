package io.bullwatch.models.train;

import io.bullwatch.features.windows.WindowSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which training windows an epoch uses, in which order: a seeded shuffle, or the balanced
 * sampler's draws (half of them bull windows), with a share of the no-bull draws from the hard
 * negatives when mining is on. Deterministic in the seed and the epoch, so a resumed run draws
 * what an uninterrupted one would.
 */
final class EpochSampler {

    private EpochSampler() {
    }

    /** Up to {@code size} distinct no-bull windows, drawn at random (a partial shuffle). */
    static int[] negativePool(WindowSet train, int size, Random random) {
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            if (!train.isBull(i)) {
                neg.add(i);
            }
        }
        int n = Math.min(size, neg.size());
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(neg.size() - i);
            Integer t = neg.get(i);
            neg.set(i, neg.get(j));
            neg.set(j, t);
            pool[i] = neg.get(i);
        }
        return pool;
    }

    /**
     * The {@code count} windows with the highest scores (ties: the earlier in {@code candidates}
     * first), in that order.
     *
     * @param candidates window indices
     * @param scores their scores
     * @param count how many to keep
     * @return at most {@code count} indices
     */
    static int[] hardest(int[] candidates, float[] scores, int count) {
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = Math.min(count, order.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = candidates[order[i]];
        }
        return out;
    }

    /** {@link #epochOrder(WindowSet, TrainerConfig, int, int[])} without hard negatives. */
    static int[] epochOrder(WindowSet train, TrainerConfig config, int epoch) {
        return epochOrder(train, config, epoch, null);
    }

    /**
     * The training windows of one epoch, in the order they are used: a shuffled permutation (or
     * its prefix of {@link TrainerConfig#windowsPerEpoch()}), or, with the balanced sampler, draws
     * from the whole set where each draw is a bull window with probability 1/2; a no-bull draw
     * then comes from {@code hard} with probability {@link HardNegatives#share()} when {@code
     * hard} is given.
     *
     * @param train the training windows
     * @param config the options
     * @param epoch the epoch, from 1
     * @param hard hard no-bull windows to favour (balanced sampler), or null
     * @return window indices
     */
    static int[] epochOrder(WindowSet train, TrainerConfig config, int epoch, int[] hard) {
        Random random = new Random(config.seed() * 7_919L + epoch);
        int n = config.windowsPerEpoch() > 0 && config.imbalance() == Imbalance.BALANCED_SAMPLER
                ? config.windowsPerEpoch() : train.size();
        int[] order = new int[n];
        if (config.imbalance() == Imbalance.BALANCED_SAMPLER) {
            List<Integer> pos = new ArrayList<>();
            List<Integer> neg = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                (train.isBull(i) ? pos : neg).add(i);
            }
            for (int i = 0; i < n; i++) {
                List<Integer> from = random.nextBoolean() ? pos : neg;
                // with mining off, no draw is taken from the stream: the order stays the sampler's
                if (from == neg && hard != null && hard.length > 0 && config.hardNegatives().enabled()
                        && random.nextDouble() < config.hardNegatives().share()) {
                    order[i] = hard[random.nextInt(hard.length)];
                    continue;
                }
                // draws from the whole set when windowsPerEpoch exceeds it
                order[i] = from.get(random.nextInt(from.size()));
            }
            return order;
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (config.windowsPerEpoch() > 0 && config.windowsPerEpoch() < n) {
            return Arrays.copyOf(order, config.windowsPerEpoch());
        }
        return order;
    }
}
