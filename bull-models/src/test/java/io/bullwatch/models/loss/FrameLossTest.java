package io.bullwatch.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** {@link FrameLoss}: targets and losses worked out by hand. */
class FrameLossTest {

    @Test
    void targetsAreTheCoveredShareOfHalfAStep() {
        // four steps of 0.25; a step is fully bull when 0.125 of it is covered
        // span 0.1..0.3: step 0 holds 0.15 -> 1; step 1 holds 0.05 -> 0.4
        assertArrayEquals(new float[] {1, 0.4f, 0, 0}, FrameLoss.targets(new float[] {0.1f, 0.3f}, 4), 1e-6f);
        // overlapping spans count once: 0.5..0.53 and 0.52..0.56 cover 0.06 of step 2 -> 0.48
        assertArrayEquals(new float[] {0, 0, 0.48f, 0},
                FrameLoss.targets(new float[] {0.52f, 0.56f, 0.5f, 0.53f}, 4), 1e-6f);
        // a span inside another adds nothing: two steps of 0.5, 0.6..0.7 covers 0.1 of step 1 -> 0.4
        assertArrayEquals(new float[] {0, 0.4f},
                FrameLoss.targets(new float[] {0.6f, 0.7f, 0.62f, 0.65f}, 2), 1e-6f);
        // the whole window
        assertArrayEquals(new float[] {1, 1}, FrameLoss.targets(new float[] {0f, 1f}, 2), 0f);
        assertArrayEquals(new float[] {0, 0, 0}, FrameLoss.targets(new float[0], 3), 0f);
    }

    @Test
    void malformedTargetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FrameLoss.targets(new float[] {0.1f}, 4));
        assertThrows(IllegalArgumentException.class, () -> FrameLoss.targets(new float[] {0.3f, 0.2f}, 4));
        assertThrows(IllegalArgumentException.class, () -> FrameLoss.targets(new float[] {0.3f, 1.2f}, 4));
        assertThrows(IllegalArgumentException.class, () -> FrameLoss.targets(new float[0], 0));
    }

    /** -q log sigmoid(d) - (1 - q) log(1 - sigmoid(d)), straight from the definition. */
    private static double bce(double d, double q) {
        double p = 1 / (1 + Math.exp(-d));
        return -q * Math.log(p) - (1 - q) * Math.log(1 - p);
    }

    @Test
    void perWindowLossIsTheMeanBinaryCrossEntropyOfTheMargins() {
        try (NDManager m = NDManager.newBaseManager()) {
            // window 0: frames (no bull, bull) = (0.5, 2) and (1, -2): margins 1.5 and -3
            // window 1: (0, 0) and (-1, 0.25): margins 0 and 1.25
            NDArray logits = m.create(new float[] {0.5f, 1, 2, -2, 0, -1, 0, 0.25f}, new Shape(2, 2, 2));
            NDArray q = m.create(new float[] {1, 0.4f, 0, 0.7f}, new Shape(2, 2));
            float[] got = FrameLoss.perWindow(logits, q).toFloatArray();
            assertEquals((bce(1.5, 1) + bce(-3, 0.4)) / 2, got[0], 1e-6);
            assertEquals((bce(0, 0) + bce(1.25, 0.7)) / 2, got[1], 1e-6);
            // the four-axis layout of the network's output gives the same
            assertArrayEquals(got, FrameLoss.perWindow(logits.reshape(2, 2, 1, 2), q).toFloatArray(), 0f);
        }
    }

    @Test
    void largeMarginsStayFinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            // margins +100 and -100 against a bull target: losses 0 and 100 (log sigmoid(-100) = -100)
            NDArray logits = m.create(new float[] {0, 0, 100, -100}, new Shape(1, 2, 2));
            NDArray q = m.create(new float[] {1, 1}, new Shape(1, 2));
            assertEquals(50, FrameLoss.perWindow(logits, q).getFloat(0), 1e-4);
            assertThrows(IllegalArgumentException.class,
                    () -> FrameLoss.perWindow(logits, m.create(new float[] {1, 1, 1}, new Shape(1, 3))));
        }
    }
}
