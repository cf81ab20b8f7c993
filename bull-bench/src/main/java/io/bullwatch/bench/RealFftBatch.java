package io.bullwatch.bench;

import java.util.Objects;

/**
 * Prototype (not used by the library): windowed power spectra of several real frames at once, with
 * an FFT of our own meant to be vectorised across frames by the JIT.
 *
 * <p>Measured in {@link FftBenchmark#batchPower8()}: 1.7x to 2.3x <em>slower</em> per frame than
 * JTransforms' {@code DoubleFFT_1D} at n = 4096 on JDK 17 and JDK 25 (C2 does not vectorise the
 * butterfly loops, whose six array references have different loop-invariant offsets; turning
 * superword off changes nothing). Kept, with its tests, as the scalar batch reference that
 * {@link FftBenchmark} checks bull-features' Vector API path ({@code FftPath.VECTOR}) against —
 * see {@code docs/BENCHMARKS.md}.
 *
 * <p>Up to {@link #batch()} frames are transformed together, their values interleaved ({@code
 * [k * batch + f]} for frame {@code f}), so every butterfly is a loop over contiguous lanes with one
 * twiddle factor, which C2's superword optimisation turns into SIMD instructions (AVX-512: eight
 * {@code double} lanes). The transform: frame {@code x} of {@code n} real samples is packed as
 * {@code z[j] = x[2j] + i x[2j+1]}, transformed by a radix-2 Stockham (self-sorting) complex FFT of
 * {@code n/2} points, and split into the one-sided spectrum {@code X[k] = E[k] + e^{-2 pi i k/n}
 * O[k]}. Everything is computed in {@code double}. Results are the same for a frame whatever its
 * lane or the number of frames in the call (lanes are computed independently with the same
 * operations). Instances are not thread-safe (scratch buffers): use one per thread.
 */
public class RealFftBatch {

    private final int size;
    private final int half;
    private final int batch;
    private final double[] window;
    private final double[] twr;
    private final double[] twi;
    private final double[] splitR;
    private final double[] splitI;
    private final double[] ar;
    private final double[] ai;
    private final double[] br;
    private final double[] bi;

    /**
     * Builds the tables and scratch buffers; use {@link #windowed(float[], int)}.
     *
     * @param window the analysis window (already validated and copied)
     * @param batch frames per call
     */
    protected RealFftBatch(float[] window, int batch) {
        this.size = window.length;
        this.half = size / 2;
        this.batch = batch;
        this.window = new double[size];
        for (int j = 0; j < size; j++) {
            this.window[j] = window[j];
        }
        // twiddles of the complex FFT of half points: exp(-2 pi i k / half), k < half / 2
        int quarter = Math.max(1, half / 2);
        twr = new double[quarter];
        twi = new double[quarter];
        for (int k = 0; k < quarter; k++) {
            double a = 2 * Math.PI * k / half;
            twr[k] = Math.cos(a);
            twi[k] = -Math.sin(a);
        }
        // split factors exp(-2 pi i k / size), k <= half
        splitR = new double[half + 1];
        splitI = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double a = 2 * Math.PI * k / size;
            splitR[k] = Math.cos(a);
            splitI[k] = -Math.sin(a);
        }
        int len = half * batch;
        ar = new double[len];
        ai = new double[len];
        br = new double[len];
        bi = new double[len];
    }

    /**
     * A batched transform whose length is the window's.
     *
     * @param window the analysis window; its length must be a power of two {@code >= 4}; copied
     * @param batch frames per call, {@code >= 1} (8 suits AVX-512, 4 AVX2)
     * @return a new transform, owned by the calling thread
     * @throws IllegalArgumentException if the window length is not a power of two {@code >= 4}, a
     *     value is not finite, or {@code batch < 1}
     */
    public static RealFftBatch windowed(float[] window, int batch) {
        checkWindow(window);
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        return new RealFftBatch(window.clone(), batch);
    }

    /**
     * Checks an analysis window for {@link #windowed(float[], int)} and its subclasses.
     *
     * @param window the window
     * @throws IllegalArgumentException if its length is not a power of two {@code >= 4} or a value
     *     is not finite
     */
    protected static void checkWindow(float[] window) {
        Objects.requireNonNull(window, "window");
        int n = window.length;
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("window length must be a power of two >= 4, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(window[i])) {
                throw new IllegalArgumentException(
                        "window values must be finite, got " + window[i] + " at index " + i);
            }
        }
    }

    /**
     * The transform length.
     *
     * @return samples per frame
     */
    public int size() {
        return size;
    }

    /**
     * The number of one-sided bins.
     *
     * @return {@code size() / 2 + 1}
     */
    public int bins() {
        return half + 1;
    }

    /**
     * The most frames per call.
     *
     * @return the batch size
     */
    public int batch() {
        return batch;
    }

    /**
     * Power spectra {@code |X[k]|^2} of {@code count} frames of one signal: frame {@code f} is
     * {@code signal[offset + f * step .. + size())}.
     *
     * @param signal the samples, read only
     * @param offset first sample of frame 0
     * @param step samples between consecutive frames' starts
     * @param count frames, {@code 1 .. batch()}
     * @param power receives {@code power[k * batch() + f]} for {@code k < bins()}, {@code f <
     *     count}; length at least {@code bins() * batch()}
     * @throws IndexOutOfBoundsException if a frame does not lie inside {@code signal}
     * @throws IllegalArgumentException if {@code count} is out of range or {@code power} is short
     */
    public void powerSpectra(float[] signal, int offset, int step, int count, double[] power) {
        Objects.requireNonNull(signal, "signal");
        if (count < 1 || count > batch) {
            throw new IllegalArgumentException("count must be 1.." + batch + ", got " + count);
        }
        if (power.length < (half + 1) * batch) {
            throw new IllegalArgumentException("power must hold " + (half + 1) * batch + " values");
        }
        Objects.checkFromIndexSize(offset, (count - 1) * step + size, signal.length);
        load(signal, offset, step, count);
        boolean inA = transform();
        split(inA ? ar : br, inA ? ai : bi, power);
    }

    /** Windows and packs the frames: {@code z[j] = x[2j] + i x[2j+1]}, lanes past count zero. */
    private void load(float[] signal, int offset, int step, int count) {
        int b = batch;
        double[] w = window;
        // lanes innermost: each store run is contiguous, the frames are read as parallel streams
        for (int j = 0, q = 0; j < half; j++, q += b) {
            double w0 = w[2 * j];
            double w1 = w[2 * j + 1];
            int o = offset + 2 * j;
            for (int f = 0; f < count; f++) {
                ar[q + f] = signal[o + f * step] * w0;
                ai[q + f] = signal[o + f * step + 1] * w1;
            }
            for (int f = count; f < b; f++) {
                ar[q + f] = 0;
                ai[q + f] = 0;
            }
        }
    }

    /**
     * Radix-2 Stockham DIF over {@code half} points, lanes innermost, ping-ponging between the a
     * and b buffers. Returns whether the result is in a.
     */
    private boolean transform() {
        double[] xr = ar;
        double[] xi = ai;
        double[] yr = br;
        double[] yi = bi;
        int b = batch;
        boolean inA = true;
        for (int len = half, s = 1; len > 1; len >>= 1, s <<= 1) {
            int m = len >> 1;
            int run = s * b;
            for (int p = 0; p < m; p++) {
                double wr = twr[p * s];
                double wi = twi[p * s];
                int a0 = s * p * b;
                int b0 = s * (p + m) * b;
                int y0 = s * 2 * p * b;
                int y1 = y0 + run;
                butterflies(xr, xi, yr, yi, a0, b0, y0, y1, run, wr, wi);
            }
            double[] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            inA = !inA;
        }
        return inA;
    }

    /**
     * One radix-2 butterfly pass over {@code run} contiguous lanes with one twiddle factor.
     *
     * @param xr input real parts
     * @param xi input imaginary parts
     * @param yr output real parts
     * @param yi output imaginary parts
     * @param a0 first input index of the upper half
     * @param b0 first input index of the lower half
     * @param y0 first output index of the sums
     * @param y1 first output index of the twiddled differences
     * @param run number of lanes
     * @param wr twiddle real part
     * @param wi twiddle imaginary part
     */
    protected void butterflies(double[] xr, double[] xi, double[] yr, double[] yi, int a0,
            int b0, int y0, int y1, int run, double wr, double wi) {
        for (int i = 0; i < run; i++) {
            double pr = xr[a0 + i];
            double pi = xi[a0 + i];
            double qr = xr[b0 + i];
            double qi = xi[b0 + i];
            yr[y0 + i] = pr + qr;
            yi[y0 + i] = pi + qi;
            double dr = pr - qr;
            double di = pi - qi;
            yr[y1 + i] = dr * wr - di * wi;
            yi[y1 + i] = dr * wi + di * wr;
        }
    }

    /** Splits the half-length spectrum Z into the real frame's power spectrum. */
    private void split(double[] zr, double[] zi, double[] power) {
        int b = batch;
        int nyq = half * b;
        for (int f = 0; f < b; f++) {
            double r = zr[f];
            double i = zi[f];
            power[f] = (r + i) * (r + i);
            power[nyq + f] = (r - i) * (r - i);
        }
        for (int k = 1; k < half; k++) {
            double wr = splitR[k];
            double wi = splitI[k];
            int pk = k * b;
            int pn = (half - k) * b;
            splitLanes(zr, zi, power, pk, pn, b, wr, wi);
        }
    }

    /**
     * The real split of bin {@code k} for every frame of the batch, into power.
     *
     * @param zr half-length spectrum, real parts
     * @param zi half-length spectrum, imaginary parts
     * @param power output power spectra
     * @param pk index of bin k
     * @param pn index of bin half - k
     * @param b frames in the batch
     * @param wr split factor real part
     * @param wi split factor imaginary part
     */
    protected void splitLanes(double[] zr, double[] zi, double[] power, int pk, int pn, int b,
            double wr, double wi) {
        for (int f = 0; f < b; f++) {
            double kr = zr[pk + f];
            double ki = zi[pk + f];
            double nr = zr[pn + f];
            double ni = zi[pn + f];
            double er = 0.5 * (kr + nr);
            double ei = 0.5 * (ki - ni);
            double or = 0.5 * (ki + ni);
            double oi = -0.5 * (kr - nr);
            double xr = er + wr * or - wi * oi;
            double xi = ei + wr * oi + wi * or;
            power[pk + f] = xr * xr + xi * xi;
        }
    }
}
