package io.bullwatch.features.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WindowFunctionsTest {

    /** 0.5 - 0.5 cos(pi / 4) = 0.5 - 0.5 * sqrt(2) / 2 = 0.1464466094... */
    private static final float HANN_EIGHTH = (float) (0.5 - 0.25 * Math.sqrt(2));
    /** 0.5 - 0.5 cos(3 pi / 4) = 0.5 + 0.5 * sqrt(2) / 2 = 0.8535533905... */
    private static final float HANN_THREE_EIGHTHS = (float) (0.5 + 0.25 * Math.sqrt(2));

    @Test
    void periodicHannOfEight() {
        // w[n] = 0.5 - 0.5 cos(2 pi n / 8): cos at n = 0..7 is 1, r, 0, -r, -1, -r, 0, r (r = sqrt2/2)
        float[] expected = {
            0f, HANN_EIGHTH, 0.5f, HANN_THREE_EIGHTHS, 1f, HANN_THREE_EIGHTHS, 0.5f, HANN_EIGHTH
        };
        assertArrayEquals(expected, WindowFunctions.hann(8), 1e-7f);
    }

    @Test
    void periodicHannIsNotSymmetricAtItsEnds() {
        float[] w = WindowFunctions.hann(4);
        // 0.5 - 0.5 cos(pi n / 2) for n = 0..3: 0, 0.5, 1, 0.5 (the symmetric window would end at 0)
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f}, w, 1e-7f);
    }

    @Test
    void symmetricHannOfFive() {
        // w[n] = 0.5 - 0.5 cos(2 pi n / 4) = 0.5 - 0.5 cos(pi n / 2): 0, 0.5, 1, 0.5, 0
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f, 0f}, WindowFunctions.hannSymmetric(5), 1e-7f);
    }

    @Test
    void symmetricHannOfEightEqualsPeriodicHannOfSevenPlusOne() {
        // Definition check by hand at n = 1: 0.5 - 0.5 cos(2 pi / 7) = 0.5 - 0.5 * 0.6234898... = 0.1882551
        float[] w = WindowFunctions.hannSymmetric(8);
        assertEquals(0.18825510f, w[1], 1e-7f);
        assertEquals(w[1], w[6], 1e-7f);
        assertEquals(0f, w[7], 1e-7f);
    }

    @Test
    void periodicHammingOfFour() {
        // 0.54 - 0.46 cos(pi n / 2): 0.54 - 0.46 = 0.08, 0.54, 0.54 + 0.46 = 1.0, 0.54
        assertArrayEquals(new float[] {0.08f, 0.54f, 1f, 0.54f}, WindowFunctions.hamming(4), 1e-7f);
    }

    @Test
    void symmetricHammingOfFive() {
        assertArrayEquals(new float[] {0.08f, 0.54f, 1f, 0.54f, 0.08f},
                WindowFunctions.hammingSymmetric(5), 1e-7f);
    }

    @Test
    void periodicHannSumsToHalfItsLength() {
        // The cosine sums to zero over a whole period, so sum w = 0.5 N (4096 -> 2048).
        double sum = 0;
        for (float v : WindowFunctions.hann(4096)) {
            sum += v;
        }
        assertEquals(2048.0, sum, 1e-3);
    }

    @Test
    void degenerateLengthsFollowPyTorch() {
        assertArrayEquals(new float[] {1f}, WindowFunctions.hann(1));
        assertArrayEquals(new float[] {1f}, WindowFunctions.hannSymmetric(1));
        assertArrayEquals(new float[] {1f}, WindowFunctions.hamming(1));
        assertArrayEquals(new float[] {1f}, WindowFunctions.hammingSymmetric(1));
        assertEquals(0, WindowFunctions.hann(0).length);
        assertThrows(IllegalArgumentException.class, () -> WindowFunctions.hann(-1));
        assertThrows(IllegalArgumentException.class, () -> WindowFunctions.hammingSymmetric(-8));
    }
}
