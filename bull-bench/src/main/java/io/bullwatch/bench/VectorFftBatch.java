package io.bullwatch.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Objects;

/**
 * Prototype (not used by the library): {@link RealFftBatch} with its butterflies and real split
 * written with the Vector API ({@code jdk.incubator.vector}, an incubator module: compile and run
 * with {@code --add-modules jdk.incubator.vector}), one {@code DoubleVector} of eight lanes per
 * eight frames. The operations are those of {@link RealFftBatch} lane by lane, in the same order
 * (no fused multiply-add), so the two give the same bits; {@link FftBenchmark} checks that in its
 * setup. The batch must equal {@link #LANES}.
 */
public final class VectorFftBatch {

    /** The vector species: eight doubles (AVX-512). */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_512;

    /** Lanes per vector, the only supported batch. */
    public static final int LANES = 8;

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

    private VectorFftBatch(float[] window, int batch) {
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
    public static VectorFftBatch windowed(float[] window, int batch) {
        Objects.requireNonNull(window, "window");
        int n = window.length;
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("window length must be a power of two >= 4, got " + n);
        }
        if (batch != LANES) {
            throw new IllegalArgumentException("batch must be " + LANES + ", got " + batch);
        }
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(window[i])) {
                throw new IllegalArgumentException(
                        "window values must be finite, got " + window[i] + " at index " + i);
            }
        }
        return new VectorFftBatch(window.clone(), batch);
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

    private static void butterflies(double[] xr, double[] xi, double[] yr, double[] yi, int a0,
            int b0, int y0, int y1, int run, double wr, double wi) {
        DoubleVector vwr = DoubleVector.broadcast(SPECIES, wr);
        DoubleVector vwi = DoubleVector.broadcast(SPECIES, wi);
        for (int i = 0; i < run; i += LANES) {
            DoubleVector pr = DoubleVector.fromArray(SPECIES, xr, a0 + i);
            DoubleVector pi = DoubleVector.fromArray(SPECIES, xi, a0 + i);
            DoubleVector qr = DoubleVector.fromArray(SPECIES, xr, b0 + i);
            DoubleVector qi = DoubleVector.fromArray(SPECIES, xi, b0 + i);
            pr.add(qr).intoArray(yr, y0 + i);
            pi.add(qi).intoArray(yi, y0 + i);
            DoubleVector dr = pr.sub(qr);
            DoubleVector di = pi.sub(qi);
            dr.mul(vwr).sub(di.mul(vwi)).intoArray(yr, y1 + i);
            dr.mul(vwi).add(di.mul(vwr)).intoArray(yi, y1 + i);
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

    private static void splitLanes(double[] zr, double[] zi, double[] power, int pk, int pn, int b,
            double wr, double wi) {
        DoubleVector kr = DoubleVector.fromArray(SPECIES, zr, pk);
        DoubleVector ki = DoubleVector.fromArray(SPECIES, zi, pk);
        DoubleVector nr = DoubleVector.fromArray(SPECIES, zr, pn);
        DoubleVector ni = DoubleVector.fromArray(SPECIES, zi, pn);
        DoubleVector er = kr.add(nr).mul(0.5);
        DoubleVector ei = ki.sub(ni).mul(0.5);
        DoubleVector or = ki.add(ni).mul(0.5);
        DoubleVector oi = kr.sub(nr).mul(-0.5);
        DoubleVector xr = er.add(or.mul(wr)).sub(oi.mul(wi));
        DoubleVector xi = ei.add(oi.mul(wr)).add(or.mul(wi));
        xr.mul(xr).add(xi.mul(xi)).intoArray(power, pk);
    }
}
