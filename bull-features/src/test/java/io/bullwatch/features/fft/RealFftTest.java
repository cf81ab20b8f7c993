package io.bullwatch.features.fft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftTest {

    /**
     * Independent reference: the textbook O(n^2) DFT {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)}
     * in double, for k = 0 .. n/2. Twiddles come from a table indexed by {@code (j * k) mod n}, so
     * every term uses an exactly reduced angle.
     *
     * @return {re[0..n/2], im[0..n/2]}
     */
    private static double[][] naiveDft(double[] x) {
        int n = x.length;
        double[] cos = new double[n];
        double[] sin = new double[n];
        for (int m = 0; m < n; m++) {
            cos[m] = Math.cos(2 * Math.PI * m / n);
            sin[m] = Math.sin(2 * Math.PI * m / n);
        }
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            double sr = 0;
            double si = 0;
            for (int j = 0; j < n; j++) {
                int m = (int) (((long) j * k) % n);
                sr += x[j] * cos[m];
                si -= x[j] * sin[m];
            }
            re[k] = sr;
            im[k] = si;
        }
        return new double[][] {re, im};
    }

    private static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 64, 4096})
    void complexSpectrumMatchesNaiveDft(int n) {
        float[] x = gaussian(n, 20_240_401L + n);
        double[][] expected = naiveDft(toDouble(x));

        RealFft fft = RealFft.of(n);
        float[] re = new float[fft.bins()];
        float[] im = new float[fft.bins()];
        fft.spectrum(x, 0, re, im);

        double scale = 0;
        for (int k = 0; k <= n / 2; k++) {
            scale = Math.max(scale, Math.hypot(expected[0][k], expected[1][k]));
        }
        // Output is rounded to float once (relative 6e-8); the reference itself is exact to ~1e-13.
        double tolerance = 1e-6 * scale;
        for (int k = 0; k <= n / 2; k++) {
            assertEquals(expected[0][k], re[k], tolerance, "Re X[" + k + "], n=" + n);
            assertEquals(expected[1][k], im[k], tolerance, "Im X[" + k + "], n=" + n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 8, 64, 4096})
    void powerAndMagnitudeMatchNaiveDft(int n) {
        float[] x = gaussian(n, 7L * n);
        double[][] expected = naiveDft(toDouble(x));

        RealFft fft = RealFft.of(n);
        float[] power = new float[fft.bins()];
        float[] magnitude = new float[fft.bins()];
        fft.powerSpectrum(x, power);
        fft.magnitudeSpectrum(x, magnitude);

        double maxPower = 0;
        for (int k = 0; k <= n / 2; k++) {
            double p = expected[0][k] * expected[0][k] + expected[1][k] * expected[1][k];
            maxPower = Math.max(maxPower, p);
        }
        for (int k = 0; k <= n / 2; k++) {
            double p = expected[0][k] * expected[0][k] + expected[1][k] * expected[1][k];
            // Each bin: relative float rounding; plus an absolute floor for the weakest bins.
            assertEquals(p, power[k], 1e-6 * p + 1e-9 * maxPower, "power[" + k + "], n=" + n);
            assertEquals(Math.sqrt(p), magnitude[k], 1e-6 * Math.sqrt(maxPower),
                    "magnitude[" + k + "], n=" + n);
        }
    }

    @Test
    void sineAtBinCentreHasAllItsEnergyInThatBin() {
        // x[j] = 3 sin(2 pi 5 j / 64) = (3 / 2i)(e^{+i..} - e^{-i..}): X[5] = -i * 3 * 64 / 2 = -96i,
        // so Re X[5] = 0, Im X[5] = -96, power 96^2 = 9216, magnitude 96; every other bin is 0.
        int n = 64;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = (float) (3 * Math.sin(2 * Math.PI * 5 * j / n));
        }
        RealFft fft = RealFft.of(n);
        float[] re = new float[33];
        float[] im = new float[33];
        float[] power = new float[33];
        float[] magnitude = new float[33];
        fft.spectrum(x, 0, re, im);
        fft.powerSpectrum(x, power);
        fft.magnitudeSpectrum(x, magnitude);

        assertEquals(0.0, re[5], 1e-4);
        assertEquals(-96.0, im[5], 1e-4);
        assertEquals(9216.0, power[5], 9216.0 * 1e-6);
        assertEquals(96.0, magnitude[5], 96.0 * 1e-6);
        for (int k = 0; k < 33; k++) {
            if (k != 5) {
                assertEquals(0.0, power[k], 1e-8, "power leaked into bin " + k);
            }
        }
    }

    @Test
    void cosineAtBinCentreIsRealAndPositive() {
        // x[j] = cos(2 pi 3 j / 16): X[3] = 16 / 2 = 8 (real), X[k] = 0 elsewhere in 0..8.
        int n = 16;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = (float) Math.cos(2 * Math.PI * 3 * j / n);
        }
        float[] re = new float[9];
        float[] im = new float[9];
        RealFft.of(n).spectrum(x, 0, re, im);
        float[] expectedRe = {0, 0, 0, 8, 0, 0, 0, 0, 0};
        assertArrayEquals(expectedRe, re, 1e-5f);
        assertArrayEquals(new float[9], im, 1e-5f);
    }

    @Test
    void constantSignalIsPureDc() {
        // x[j] = 0.25 for n = 32: X[0] = 32 * 0.25 = 8, power 64; all other bins 0.
        float[] x = new float[32];
        Arrays.fill(x, 0.25f);
        float[] power = new float[17];
        RealFft.of(32).powerSpectrum(x, power);
        float[] expected = new float[17];
        expected[0] = 64f;
        assertArrayEquals(expected, power, 1e-6f);
    }

    @Test
    void alternatingSignalIsPureNyquist() {
        // x[j] = (-1)^j for n = 64: X[32] = sum_j (-1)^j (-1)^j = 64, power 64^2 = 4096 at bin 32.
        int n = 64;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = (j % 2 == 0) ? 1f : -1f;
        }
        float[] power = new float[n / 2 + 1];
        float[] re = new float[n / 2 + 1];
        float[] im = new float[n / 2 + 1];
        RealFft fft = RealFft.of(n);
        fft.powerSpectrum(x, power);
        fft.spectrum(x, 0, re, im);
        float[] expected = new float[n / 2 + 1];
        expected[n / 2] = 4096f;
        assertArrayEquals(expected, power, 1e-6f);
        assertEquals(64f, re[n / 2], 1e-6f);
        assertEquals(0f, re[0], 1e-6f);
    }

    @Test
    void parsevalHolds() {
        // sum_j x[j]^2 = (1/n) sum_{k=0}^{n-1} |X[k]|^2
        //             = (1/n) (P[0] + P[n/2] + 2 sum_{k=1}^{n/2-1} P[k])  for real x.
        int n = 1024;
        float[] x = gaussian(n, 99L);
        double energy = 0;
        for (float v : x) {
            energy += (double) v * v;
        }
        float[] power = new float[n / 2 + 1];
        RealFft.of(n).powerSpectrum(x, power);
        double spectral = power[0] + power[n / 2];
        for (int k = 1; k < n / 2; k++) {
            spectral += 2.0 * power[k];
        }
        assertEquals(energy, spectral / n, 1e-6 * energy);
    }

    @Test
    void readsAtOffsetAndLeavesInputUntouched() {
        // The frame [0, 1, 0, -1] (a sine at bin 1 of 4) sits at offset 3 of a longer buffer:
        // X[1] = 0*1 + 1*(-i) + 0*(-1) + (-1)*(i) = -2i, power 4; X[0] = X[2] = 0.
        float[] buffer = {9, 9, 9, 0, 1, 0, -1, 9};
        float[] copy = buffer.clone();
        float[] power = new float[3];
        RealFft.of(4).powerSpectrum(buffer, 3, power);
        assertArrayEquals(new float[] {0, 4, 0}, power, 1e-6f);
        assertArrayEquals(copy, buffer);
    }

    @Test
    void periodicHannWindowIsAppliedToTheFrame() {
        // A constant 1 through a periodic Hann window w[j] = 0.5 - 0.5 cos(2 pi j / n):
        // X[0] = sum w = n/2, X[1] = -0.5 * (n/2) = -n/4 (the cosine's half-amplitude), X[k>1] = 0.
        // n = 16: power [64, 16, 0, ...].
        int n = 16;
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        RealFft fft = RealFft.windowed(WindowFunctions.hann(n));
        float[] re = new float[9];
        float[] im = new float[9];
        float[] power = new float[9];
        fft.spectrum(ones, 0, re, im);
        fft.powerSpectrum(ones, power);
        float[] expectedRe = {8, -4, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(expectedRe, re, 1e-6f);
        float[] expectedPower = {64, 16, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(expectedPower, power, 1e-5f);
    }

    @Test
    void windowIsCopied() {
        float[] window = WindowFunctions.hann(8);
        RealFft fft = RealFft.windowed(window);
        Arrays.fill(window, 0f);
        float[] power = new float[5];
        float[] ones = new float[8];
        Arrays.fill(ones, 1f);
        fft.powerSpectrum(ones, power);
        assertEquals(16f, power[0], 1e-6f, "X[0] = sum of the Hann window = 4, power 16");
    }

    @Test
    void sizesAndBins() {
        RealFft fft = RealFft.of(4096);
        assertEquals(4096, fft.size());
        assertEquals(2049, fft.bins());
        assertEquals(2, RealFft.of(2).bins());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -4, 0, 1, 3, 6, 100, 1000, 4095, 4097, 44_100})
    void refusesSizesThatAreNotPowersOfTwo(int n) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealFft.of(n));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(n)), e.getMessage());
    }

    @Test
    void refusesWindowsThatAreNotPowersOfTwoOrNotFinite() {
        assertThrows(IllegalArgumentException.class, () -> RealFft.windowed(new float[3]));
        assertThrows(IllegalArgumentException.class, () -> RealFft.windowed(new float[1]));
        float[] bad = WindowFunctions.hann(8);
        bad[2] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> RealFft.windowed(bad));
        assertThrows(NullPointerException.class, () -> RealFft.windowed(null));
    }

    @Test
    void refusesShortArrays() {
        RealFft fft = RealFft.of(8);
        assertThrows(IllegalArgumentException.class, () -> fft.powerSpectrum(new float[8], new float[4]));
        assertThrows(IllegalArgumentException.class,
                () -> fft.spectrum(new float[8], 0, new float[5], new float[4]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> fft.powerSpectrum(new float[7], new float[5]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> fft.magnitudeSpectrum(new float[10], 3, new float[5]));
        assertThrows(IndexOutOfBoundsException.class,
                () -> fft.powerSpectrum(new float[10], -1, new float[5]));
    }

    @Test
    void longerOutputArraysAreFilledOnlyUpToBins() {
        float[] power = new float[10];
        Arrays.fill(power, -1f);
        float[] x = {1, 1, 1, 1};
        RealFft.of(4).powerSpectrum(x, power);
        assertArrayEquals(new float[] {16, 0, 0, -1, -1, -1, -1, -1, -1, -1}, power, 1e-6f);
    }
}
