package io.bullwatch.core.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BiquadTest {

    /** The transposed direct form II difference equation, without any flushing. */
    private static double[] reference(double[] b, double[] a, double[] x) {
        double[] y = new double[x.length];
        double z1 = 0;
        double z2 = 0;
        for (int i = 0; i < x.length; i++) {
            y[i] = b[0] / a[0] * x[i] + z1;
            z1 = b[1] / a[0] * x[i] - a[1] / a[0] * y[i] + z2;
            z2 = b[2] / a[0] * x[i] - a[2] / a[0] * y[i];
        }
        return y;
    }

    @Test
    void filtersAsTheDifferenceEquationAndFlushesOnlyWhatNoSampleCanHold() {
        double rate = 44_100;
        double w = 2 * Math.PI * 200 / rate;
        double alpha = Math.sin(w) / (2 * 0.7);
        double[] b = {(1 + Math.cos(w)) / 2, -(1 + Math.cos(w)), (1 + Math.cos(w)) / 2};
        double[] a = {1 + alpha, -2 * Math.cos(w), 1 - alpha};
        // a second of noise, then silence long enough for the state to decay past the subnormals
        double[] x = new double[44_100 * 20];
        Random r = new Random(5);
        for (int i = 0; i < 44_100; i++) {
            x[i] = r.nextGaussian();
        }
        double[] expected = reference(b, a, x);
        Biquad f = Biquad.highPass(200, 0.7, rate);
        boolean reachedSubnormal = false;
        for (int i = 0; i < x.length; i++) {
            double y = f.process(x[i]);
            assertEquals((float) expected[i], (float) y, 0f, "sample " + i + " as float32 (0 and -0 alike)");
            // the flushed state moves later outputs by amounts of its own size, ~1e-200
            assertEquals(expected[i], y, Math.abs(expected[i]) * 1e-12 + 1e3 * Biquad.FLUSH_BELOW, "sample " + i);
            reachedSubnormal |= expected[i] != 0 && Math.abs(expected[i]) < Double.MIN_NORMAL;
        }
        assertTrue(reachedSubnormal, "the unflushed filter decays into the subnormal range here");
        // flushed: the silence ends in exact zeros
        assertEquals(0.0, f.process(0.0));
    }
}
