package io.bullwatch.features.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API path ({@link FftPath#VECTOR}) against an independent naive DFT and against
 * JTransforms ({@link RealFft}). Needs {@code --add-modules jdk.incubator.vector} (the default
 * surefire run has it).
 */
class VectorBatchFftTest {

    @BeforeEach
    void needsTheModule() {
        assumeTrue(FftPath.vectorModulePresent(), "jdk.incubator.vector is not in the boot layer");
    }

    /** Textbook O(n^2) DFT power of a windowed frame, in double, exactly reduced angles. */
    private static double[] naivePower(float[] x, int offset, float[] w) {
        int n = w.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        double[] p = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                int m = (int) (((long) j * k) % n);
                double v = (double) x[offset + j] * w[j];
                sr += v * cos[m];
                si -= v * sin[m];
            }
            p[k] = sr * sr + si * si;
        }
        return p;
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 16, 64, 512, 4096})
    void matchesNaiveDftAndJTransformsWithinDoubleRounding(int n) {
        float[] window = WindowFunctions.hann(n);
        BatchPowerFft fft = FftPath.VECTOR.batchFft(window);
        RealFft jt = RealFft.windowed(window);
        int lanes = fft.batch();
        int hop = Math.max(1, n / 4);
        float[] signal = gaussian((lanes - 1) * hop + n, n);
        double[] power = new double[fft.bins() * lanes];
        fft.powerSpectra(signal, 0, hop, lanes, power);
        float[] jtPower = new float[fft.bins()];
        double worstNaive = 0;
        double worstJt = 0;
        for (int f = 0; f < lanes; f++) {
            double[] ref = naivePower(signal, f * hop, window);
            jt.powerSpectrum(signal, f * hop, jtPower);
            double max = 0;
            for (double v : ref) {
                max = Math.max(max, v);
            }
            for (int k = 0; k < fft.bins(); k++) {
                double got = power[k * lanes + f];
                // absolute error relative to the frame's peak: what double rounding allows
                worstNaive = Math.max(worstNaive, Math.abs(got - ref[k]) / max);
                worstJt = Math.max(worstJt, Math.abs((float) got - jtPower[k]) / max);
            }
        }
        assertTrue(worstNaive < 1e-13, "vs naive DFT: " + worstNaive);
        // JTransforms' result is rounded to float: half a float ulp of the peak
        assertTrue(worstJt < 1e-7, "vs JTransforms: " + worstJt);
    }

    @Test
    void sineAtBinCentreHasItsEnergyThere() {
        int n = 1024;
        float[] rect = new float[n];
        java.util.Arrays.fill(rect, 1f);
        BatchPowerFft fft = FftPath.VECTOR.batchFft(rect);
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = (float) Math.sin(2 * Math.PI * 37 * j / n);
        }
        double[] power = new double[fft.bins() * fft.batch()];
        fft.powerSpectra(x, 0, 0, 1, power);
        double expected = (n / 2.0) * (n / 2.0);
        for (int k = 0; k < fft.bins(); k++) {
            double p = power[k * fft.batch()];
            if (k == 37) {
                assertEquals(expected, p, expected * 1e-6);
            } else {
                assertTrue(p < expected * 1e-9, "bin " + k + ": " + p);
            }
        }
    }

    @Test
    void aFramesBitsDoNotDependOnItsLaneOrTheOtherFrames() {
        int n = 256;
        float[] window = WindowFunctions.hann(n);
        BatchPowerFft fft = FftPath.VECTOR.batchFft(window);
        int lanes = fft.batch();
        int hop = 64;
        float[] signal = gaussian(3 * lanes * hop + n, 7);
        double[] full = new double[fft.bins() * lanes];
        double[] part = new double[fft.bins() * lanes];
        for (int start = 0; start < lanes; start++) {
            fft.powerSpectra(signal, start * hop, hop, lanes, full);
            for (int count = 1; count <= lanes; count++) {
                // frame (start + f) sits in lane f of 'full'; here in lane f - shift
                int shift = Math.min(count - 1, lanes - 1);
                int first = start + shift;
                fft.powerSpectra(signal, first * hop, hop, count, part);
                for (int f = 0; f < Math.min(count, lanes - shift); f++) {
                    for (int k = 0; k < fft.bins(); k++) {
                        assertEquals(full[k * lanes + f + shift], part[k * lanes + f], 0.0,
                                "start " + start + " count " + count + " lane " + f + " bin " + k);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void filteredSpectraAreTheFilterBankOfThePowerOrMagnitude(boolean magnitude) {
        int n = 512;
        float[] window = WindowFunctions.hann(n);
        BatchPowerFft fft = FftPath.VECTOR.batchFft(window);
        BatchPowerFft ref = FftPath.VECTOR.batchFft(window);
        int lanes = fft.batch();
        Random r = new Random(3);
        int mels = 20;
        int[] first = new int[mels];
        double[][] w = new double[mels][];
        for (int m = 0; m < mels; m++) {
            first[m] = r.nextInt(fft.bins());
            w[m] = new double[r.nextInt(fft.bins() - first[m] + 1)]; // empty filters too
            for (int j = 0; j < w[m].length; j++) {
                w[m][j] = r.nextDouble();
            }
        }
        fft.setFilters(first, w, magnitude);
        int hop = 100;
        float[] signal = gaussian((lanes - 1) * hop + n, 9);
        for (int count = 1; count <= lanes; count++) {
            float[] out = new float[3 + count * 25];
            fft.filteredSpectra(signal, 0, hop, count, out, 3, 25);
            double[] p = new double[fft.bins() * lanes];
            ref.powerSpectra(signal, 0, hop, count, p);
            for (int f = 0; f < count; f++) {
                for (int m = 0; m < mels; m++) {
                    double sum = 0;
                    for (int j = 0; j < w[m].length; j++) {
                        double v = p[(first[m] + j) * lanes + f];
                        sum += w[m][j] * (magnitude ? Math.sqrt(v) : v);
                    }
                    float got = out[3 + f * 25 + m];
                    assertEquals((float) sum, got, Math.ulp((float) sum),
                            "count " + count + " frame " + f + " mel " + m);
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> fft.setFilters(new int[] {fft.bins() - 1}, new double[][] {new double[2]}, false));
        assertThrows(IllegalStateException.class,
                () -> ref.filteredSpectra(signal, 0, hop, 1, new float[mels], 0, mels));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> FftPath.VECTOR.batchFft(new float[6]));
        assertThrows(IllegalArgumentException.class, () -> FftPath.VECTOR.batchFft(new float[2]));
        float[] w = new float[8];
        w[3] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> FftPath.VECTOR.batchFft(w));
        BatchPowerFft fft = FftPath.VECTOR.batchFft(new float[16]);
        double[] power = new double[fft.bins() * fft.batch()];
        assertThrows(IllegalArgumentException.class,
                () -> fft.powerSpectra(new float[64], 0, 1, 0, power));
        assertThrows(IllegalArgumentException.class,
                () -> fft.powerSpectra(new float[64], 0, 1, fft.batch() + 1, power));
        assertThrows(IllegalArgumentException.class,
                () -> fft.powerSpectra(new float[64], 0, 1, 1, new double[3]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> fft.powerSpectra(new float[20], 0, 8, 2, power));
        assertEquals(16, fft.size());
        assertEquals(9, fft.bins());
        assertEquals(FftPath.vectorLanes(), fft.batch());
    }
}
