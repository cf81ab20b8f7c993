package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.windows.TinyWindows;
import io.bullwatch.features.windows.WindowSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link HardNegatives} and the sampler's use of it ({@link EpochSampler#epochOrder}). */
class HardNegativesTest {

    private static final WindowSet SET = TinyWindows.make(400, 5, 2, 4, 3); // 80 bull, 320 not

    private static TrainerConfig balanced(HardNegatives h) {
        return TrainerConfig.builder().optImbalance(Imbalance.BALANCED_SAMPLER).optWindowsPerEpoch(20_000)
                .optSeed(5).optHardNegatives(h).build();
    }

    @Test
    void parsesShareAndPool() {
        assertEquals(new HardNegatives(0.5, HardNegatives.DEFAULT_POOL), HardNegatives.parse("0.5"));
        assertEquals(new HardNegatives(0.25, 2048), HardNegatives.parse(" 0.25:2048 "));
        assertFalse(HardNegatives.parse("0").enabled());
        assertFalse(HardNegatives.parse("none").enabled());
        assertEquals(256, HardNegatives.parse("0.5").hardCount());
        for (String bad : new String[] {"1", "-0.1", "x", "0.5:2", "0.5:1024:3", "0.5:many"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HardNegatives.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("SHARE"),
                    e.getMessage());
        }
    }

    @Test
    void needsTheBalancedSampler() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerConfig.builder().optHardNegatives(HardNegatives.of(0.5)).build());
        assertTrue(e.getMessage().contains("balanced sampler"), e.getMessage());
    }

    @Test
    void hardestAreTheTopScoresInOrderTiesByPosition() {
        int[] candidates = {10, 11, 12, 13, 14, 15};
        float[] scores = {0.1f, 0.9f, 0.3f, 0.9f, 0.05f, 0.7f};
        assertArrayEquals(new int[] {11, 13, 15}, EpochSampler.hardest(candidates, scores, 3));
        assertArrayEquals(new int[] {11, 13, 15, 12, 10, 14}, EpochSampler.hardest(candidates, scores, 99));
        assertArrayEquals(new int[0], EpochSampler.hardest(new int[0], new float[0], 3));
    }

    @Test
    void poolIsDistinctNoBullWindows() {
        int[] pool = EpochSampler.negativePool(SET, 100, new Random(1));
        assertEquals(100, pool.length);
        Set<Integer> seen = new HashSet<>();
        for (int i : pool) {
            assertFalse(SET.isBull(i), "window " + i);
            assertTrue(seen.add(i), "repeated " + i);
        }
        assertEquals(320, EpochSampler.negativePool(SET, 5000, new Random(1)).length);
        assertArrayEquals(pool, EpochSampler.negativePool(SET, 100, new Random(1)));
    }

    @Test
    void noBullDrawsComeFromTheHardSetAtTheShare() {
        int[] hard = {1, 2, 3}; // no-bull windows (every 5th is a bull: 0, 5, ...)
        int[] order = EpochSampler.epochOrder(SET, balanced(HardNegatives.of(0.5)), 2, hard);
        int negatives = 0;
        int inHard = 0;
        int bulls = 0;
        for (int i : order) {
            if (SET.isBull(i)) {
                bulls++;
            } else {
                negatives++;
                inHard += i >= 1 && i <= 3 ? 1 : 0;
            }
        }
        // expected share of no-bull draws in {1, 2, 3}: 0.5 + 0.5 * 3 / 320 = 0.5047
        double share = inHard / (double) negatives;
        assertEquals(0.5047, share, 0.02, "share " + share);
        assertEquals(0.5, bulls / (double) order.length, 0.02);
    }

    @Test
    void withoutHardWindowsTheDrawsAreTheBalancedSamplers() {
        TrainerConfig on = balanced(HardNegatives.of(0.5));
        TrainerConfig off = balanced(HardNegatives.none());
        assertArrayEquals(EpochSampler.epochOrder(SET, off, 3), EpochSampler.epochOrder(SET, on, 3, null));
        assertArrayEquals(EpochSampler.epochOrder(SET, off, 3), EpochSampler.epochOrder(SET, off, 3, new int[] {1}));
    }
}
