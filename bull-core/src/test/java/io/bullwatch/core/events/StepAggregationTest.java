package io.bullwatch.core.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link StepAggregation} on windows small enough to work out by hand. */
class StepAggregationTest {

    @Test
    void aLoneWindowScoresItsBestStep() {
        assertArrayEquals(new float[] {0.7f},
                StepAggregation.windowScores(new double[] {3}, 15, new float[][] {{0.1f, 0.7f, 0.2f}}), 0f);
    }

    @Test
    void equallyPlacedNeighboursAverage() {
        // windows of 2 s with 2 steps of 1 s, starting at 0 and 1 s. Centre 1.5 s lies at 3/4 of
        // window 0 (its step 1) and 1/4 of window 1 (its step 0): equal weights sin^2(3pi/4) =
        // sin^2(pi/4) = 1/2. Centres 0.5 and 2.5 s lie in one window each.
        float[][] p = {{0.1f, 0.2f}, {0.9f, 0.3f}};
        float[] s = StepAggregation.windowScores(new double[] {0, 1}, 2, p);
        assertEquals(0.55f, s[0], 1e-6f); // max(0.1, (0.2 + 0.9) / 2)
        assertEquals(0.55f, s[1], 1e-6f); // max((0.2 + 0.9) / 2, 0.3)
    }

    @Test
    void aWindowsMiddleWeighsMoreThanAnotherWindowsEdge() {
        // windows of 4 s with 4 steps of 1 s, starting at 0 and 1 s. Centre 1.5 s: window 0 at
        // 0.375 of its length (step 1), weight sin^2(3pi/8) = (2 + sqrt 2) / 4 = 0.853553;
        // window 1 at 0.125 (step 0), weight sin^2(pi/8) = (2 - sqrt 2) / 4 = 0.146447.
        float[][] p = {{0, 0.2f, 0, 0}, {1, 0, 0, 0}};
        float[] s = StepAggregation.windowScores(new double[] {0, 1}, 4, p);
        double w0 = 0.853553 + 0.001;
        double w1 = 0.146447 + 0.001;
        double centre15 = (w0 * 0.2 + w1 * 1) / (w0 + w1);
        assertEquals(centre15, s[0], 1e-5);
        // window 1's best step is the same moment: its edge is outweighed by window 0's middle
        assertEquals(centre15, s[1], 1e-5);
    }

    @Test
    void windowsOffTheGridAndAtTheSameStartWork() {
        // the detector's last window ends at the recording's end, off the 5 s grid
        float[][] p = {{0.2f, 0.2f, 0.2f}, {0.2f, 0.2f, 0.2f}, {0.2f, 0.2f, 0.2f}};
        float[] s = StepAggregation.windowScores(new double[] {0, 5, 7.5}, 15, p);
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f}, s, 1e-6f); // a constant stays constant
        float[] same = StepAggregation.windowScores(new double[] {2, 2},
                10, new float[][] {{0.4f, 0.6f}, {0.4f, 0.6f}});
        assertArrayEquals(new float[] {0.6f, 0.6f}, same, 1e-6f);
        assertEquals(0, StepAggregation.windowScores(new double[0], 15, new float[0][]).length);
    }

    @Test
    void malformedInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> StepAggregation.windowScores(new double[] {5, 0}, 15, new float[][] {{1}, {1}}));
        assertThrows(IllegalArgumentException.class,
                () -> StepAggregation.windowScores(new double[] {0, 5}, 15, new float[][] {{1}}));
        assertThrows(IllegalArgumentException.class,
                () -> StepAggregation.windowScores(new double[] {0, 5}, 15, new float[][] {{1}, {1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> StepAggregation.windowScores(new double[] {0}, 0, new float[][] {{1}}));
        assertEquals(0.5f, StepAggregation.probability(0f), 0f);
        // from margins: margin 0 is probability 1/2, so the first case above in margins
        assertArrayEquals(new float[] {0.5f, 0.5f}, StepAggregation.windowScoresOfMargins(new double[] {0, 1}, 2,
                new float[][] {{-3f, 0f}, {0f, -1f}}), 1e-6f);
        assertEquals(1 / (1 + Math.exp(-2)), StepAggregation.probability(2f), 1e-7);
    }
}
