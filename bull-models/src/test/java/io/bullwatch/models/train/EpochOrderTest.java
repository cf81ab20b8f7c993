package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.windows.TinyWindows;
import io.bullwatch.features.windows.WindowSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

    @Test
    void balancedDrawsComeFromTheWholeSetNotOnlyItsFirstWindows() {
        // 400 windows, every 10th a bull; 64 draws per epoch
        WindowSet data = TinyWindows.make(400, 10, 2, 2, 3);
        TrainerConfig config = TrainerConfig.builder().optImbalance(Imbalance.BALANCED_SAMPLER)
                .optWindowsPerEpoch(64).build();
        Set<Integer> seen = new HashSet<>();
        int bulls = 0;
        int draws = 0;
        for (int epoch = 1; epoch <= 20; epoch++) {
            int[] order = EpochSampler.epochOrder(data, config, epoch);
            assertEquals(64, order.length);
            for (int i : order) {
                seen.add(i);
                bulls += data.isBull(i) ? 1 : 0;
                draws++;
            }
        }
        int max = seen.stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(max >= 350, "draws never reach the end of the set: highest index " + max);
        double share = bulls / (double) draws;
        assertTrue(share > 0.4 && share < 0.6, "bull share of draws " + share);
    }

    @Test
    void moreDrawsThanWindowsAreAllowed() {
        WindowSet data = TinyWindows.make(20, 4, 2, 2, 3);
        TrainerConfig config = TrainerConfig.builder().optImbalance(Imbalance.BALANCED_SAMPLER)
                .optWindowsPerEpoch(100).build();
        int[] order = EpochSampler.epochOrder(data, config, 1);
        assertEquals(100, order.length);
        for (int i : order) {
            assertTrue(i >= 0 && i < 20);
        }
    }

    @Test
    void shuffledPrefixIsAPermutationPrefix() {
        WindowSet data = TinyWindows.make(50, 5, 2, 2, 3);
        TrainerConfig config = TrainerConfig.builder().optWindowsPerEpoch(30).build();
        int[] order = EpochSampler.epochOrder(data, config, 2);
        assertEquals(30, order.length);
        assertEquals(30, java.util.Arrays.stream(order).distinct().count());
    }

    @Test
    void cosineScheduleFallsFromTheRateToTwoPercentAndConstantStays() {
        TrainerConfig cos = TrainerConfig.builder().optLearningRate(1e-3)
                .optSchedule(TrainerConfig.Schedule.COSINE).build();
        assertEquals(1e-3, cos.learningRateAt(0, 101), 1e-9);
        assertEquals(1e-3 * (0.02 + 0.98 * 0.5), cos.learningRateAt(50, 101), 1e-9);
        assertEquals(2e-5, cos.learningRateAt(100, 101), 1e-9);
        assertTrue(cos.learningRateAt(30, 101) > cos.learningRateAt(31, 101));
        TrainerConfig constant = TrainerConfig.builder().optLearningRate(1e-3).build();
        assertEquals(1e-3, constant.learningRateAt(77, 101), 1e-9);
    }

    @Test
    void stableDecayHoldsTheRateForEightyPercentThenFallsLinearlyToTwoPercent() {
        TrainerConfig sd = TrainerConfig.builder().optLearningRate(1e-3)
                .optSchedule(TrainerConfig.Schedule.STABLE_DECAY).build();
        // 101 steps: t = step / 100; constant up to step 80 (t = 0.8), then
        // 1e-3 * (1 - 0.98 * (t - 0.8) / 0.2).
        assertEquals(1e-3, sd.learningRateAt(0, 101), 1e-9);
        assertEquals(1e-3, sd.learningRateAt(80, 101), 1e-9);
        assertEquals(1e-3 * (1 - 0.98 * 0.5), sd.learningRateAt(90, 101), 1e-9);
        assertEquals(1e-3 * (1 - 0.98 * 0.05), sd.learningRateAt(81, 101), 1e-9);
        assertEquals(2e-5, sd.learningRateAt(100, 101), 1e-9);
    }
}
