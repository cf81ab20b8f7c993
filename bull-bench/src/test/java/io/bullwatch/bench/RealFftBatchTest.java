package io.bullwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.fft.WindowFunctions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RealFftBatchTest {

    /** Naive DFT power of a windowed frame, in double. */
    private static double[] naivePower(float[] x, int off, float[] w) {
        int n = w.length;
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double v = (double) x[off + j] * w[j];
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                re += v * Math.cos(a);
                im += v * Math.sin(a);
            }
            p[k] = re * re + im * im;
        }
        return p;
    }

    @Test
    void matchesANaiveDftForEverySizeAndLane() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {4, 8, 16, 64, 256, 1024}) {
            float[] w = WindowFunctions.hann(n);
            int batch = 3;
            int step = n / 3 + 1;
            float[] x = new float[n + 2 * step];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            RealFftBatch fft = RealFftBatch.windowed(w, batch);
            double[] power = new double[fft.bins() * batch];
            fft.powerSpectra(x, 0, step, batch, power);
            for (int f = 0; f < batch; f++) {
                double[] ref = naivePower(x, f * step, w);
                double max = 0;
                for (double v : ref) {
                    max = Math.max(max, v);
                }
                for (int k = 0; k < ref.length; k++) {
                    assertEquals(ref[k], power[k * batch + f], 1e-11 * max, "n " + n + " f " + f + " k " + k);
                }
            }
        }
    }

    @Test
    void aFrameGivesTheSameBitsInAnyLaneAndBatchAndAgreesWithRealFft() {
        int n = 4096;
        float[] w = WindowFunctions.hann(n);
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n + 7 * 1024];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 0.1 + Math.sin(i * 0.05));
        }
        RealFftBatch eight = RealFftBatch.windowed(w, 8);
        double[] p8 = new double[eight.bins() * 8];
        eight.powerSpectra(x, 0, 1024, 8, p8);
        RealFftBatch one = RealFftBatch.windowed(w, 1);
        double[] p1 = new double[one.bins()];
        RealFft ref = RealFft.windowed(w);
        float[] pr = new float[ref.bins()];
        for (int f = 0; f < 8; f++) {
            one.powerSpectra(x, f * 1024, 1024, 1, p1);
            ref.powerSpectrum(x, f * 1024, pr);
            double max = 0;
            for (float v : pr) {
                max = Math.max(max, v);
            }
            for (int k = 0; k < one.bins(); k++) {
                assertEquals(p1[k], p8[k * 8 + f], 0.0, "lane " + f + " bin " + k);
                assertEquals(pr[k], p1[k], 1e-6 * Math.abs(pr[k]) + 1e-12 * max);
            }
        }
        eight.powerSpectra(x, 3 * 1024, 1024, 2, p8);
        one.powerSpectra(x, 4 * 1024, 1024, 1, p1);
        for (int k = 0; k < one.bins(); k++) {
            assertEquals(p1[k], p8[k * 8 + 1], 0.0);
            assertEquals(0.0, p8[k * 8 + 5], 0.0);
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> RealFftBatch.windowed(new float[6], 2));
        assertThrows(IllegalArgumentException.class, () -> RealFftBatch.windowed(new float[8], 0));
        RealFftBatch f = RealFftBatch.windowed(new float[8], 2);
        assertThrows(IllegalArgumentException.class, () -> f.powerSpectra(new float[16], 0, 1, 3, new double[10]));
        assertThrows(IndexOutOfBoundsException.class, () -> f.powerSpectra(new float[8], 0, 4, 2, new double[10]));
        assertTrue(f.bins() == 5);
    }
}
