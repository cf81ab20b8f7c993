package io.bullwatch.features.fft;

import java.util.Objects;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftPath#VECTOR}: windowed power spectra of up to {@code L} frames at once with the Vector
 * API, one frame per lane of a {@code DoubleVector} of the machine's preferred size ({@code L = 8}
 * with AVX-512, 4 with AVX2). Loaded only through {@link FftPath#batchFft(float[])}, and only when
 * the module {@code jdk.incubator.vector} is present: no other class names this one.
 *
 * <p>Frame {@code x} of {@code n} real samples (windowed) is packed as {@code z[j] = x[2j] + i
 * x[2j+1]}, transformed by a radix-2 Stockham (self-sorting) decimation-in-frequency complex FFT of
 * {@code n/2} points (radix-4 passes, one radix-2 pass when needed), lanes innermost so that
 * every butterfly is one vector operation with broadcast twiddles, and split into the one-sided spectrum {@code X[k] = E[k] + e^{-2 pi i k/n}
 * O[k]}, whose squared magnitude is written. Everything is in {@code double}, without fused
 * multiply-adds, so each lane computes exactly what the scalar code of the same operations would:
 * a frame's result does not depend on its lane or on the other frames of the call. Grown from the
 * radix-2 Vector API prototype that bull-bench once held (docs/BENCHMARKS.md).
 */
final class VectorBatchFft implements BatchPowerFft {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private final int size;
    private final int half;
    private final double[] window;
    private final double[] twr;
    private final double[] twi;
    private final double[] splitR;
    private final double[] splitI;
    private final double[] ar;
    private final double[] ai;
    private final double[] br;
    private final double[] bi;
    private final double[] lanes = new double[L];
    private double[] power;
    private int[] filterFirst;
    private double[][] filterWeights;
    private boolean magnitude;

    private VectorBatchFft(float[] window) {
        this.size = window.length;
        this.half = size / 2;
        this.window = new double[size];
        for (int j = 0; j < size; j++) {
            this.window[j] = window[j];
        }
        // twiddles of the complex FFT of half points: exp(-2 pi i k / half), k < half
        twr = new double[half];
        twi = new double[half];
        for (int k = 0; k < half; k++) {
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
        int len = half * L;
        ar = new double[len];
        ai = new double[len];
        br = new double[len];
        bi = new double[len];
    }

    /**
     * Doubles per preferred vector on this machine (called reflectively by {@link FftPath}).
     *
     * @return the lanes
     */
    static int preferredLanes() {
        return L;
    }

    /**
     * A transform whose length is the window's (called reflectively by {@link FftPath}).
     *
     * @param window the analysis window: power-of-two length {@code >= 4}, finite values; copied
     * @return a new transform, owned by the calling thread
     * @throws IllegalArgumentException if the window is invalid
     */
    static VectorBatchFft windowed(float[] window) {
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
        return new VectorBatchFft(window.clone());
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int bins() {
        return half + 1;
    }

    @Override
    public int batch() {
        return L;
    }

    @Override
    public void powerSpectra(float[] signal, int offset, int step, int count, double[] power) {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(power, "power");
        if (count < 1 || count > L) {
            throw new IllegalArgumentException("count must be 1.." + L + ", got " + count);
        }
        if (power.length < (half + 1) * L) {
            throw new IllegalArgumentException("power must hold " + (half + 1) * L + " values");
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        Objects.checkFromIndexSize(offset, (count - 1) * step + size, signal.length);
        load(signal, offset, step, count);
        boolean inA = transform();
        split(inA ? ar : br, inA ? ai : bi, power);
    }

    /** Windows and packs the frames: {@code z[j] = x[2j] + i x[2j+1]}, lanes past count zero. */
    private void load(float[] signal, int offset, int step, int count) {
        double[] w = window;
        for (int j = 0, q = 0; j < half; j++, q += L) {
            double w0 = w[2 * j];
            double w1 = w[2 * j + 1];
            int o = offset + 2 * j;
            for (int f = 0; f < count; f++) {
                ar[q + f] = signal[o + f * step] * w0;
                ai[q + f] = signal[o + f * step + 1] * w1;
            }
            for (int f = count; f < L; f++) {
                ar[q + f] = 0;
                ai[q + f] = 0;
            }
        }
    }

    /**
     * Stockham DIF over {@code half} points: radix-4 passes (half the memory sweeps of radix 2),
     * then one radix-2 pass when {@code half} is not a power of four. Pass {@code (len, s)} maps
     * {@code x[q + s (p + t len/r)]} to {@code y[q + s (r p + j)]}. Returns whether the result is
     * in a.
     */
    private boolean transform() {
        double[] xr = ar;
        double[] xi = ai;
        double[] yr = br;
        double[] yi = bi;
        boolean inA = true;
        int len = half;
        int s = 1;
        while (len >= 4) {
            radix4(xr, xi, yr, yi, s, len >> 2);
            double[] t = xr;
            xr = yr;
            yr = t;
            t = xi;
            xi = yi;
            yi = t;
            inA = !inA;
            len >>= 2;
            s <<= 2;
        }
        if (len == 2) {
            int run = s * L;
            butterflies(xr, xi, yr, yi, 0, run, 0, run, run, 1.0, 0.0);
            inA = !inA;
        }
        return inA;
    }

    /** One radix-4 pass: {@code m = len / 4} groups of {@code s * L} contiguous lanes. */
    private void radix4(double[] xr, double[] xi, double[] yr, double[] yi, int s, int m) {
        int run = s * L;
        for (int p = 0; p < m; p++) {
            int k = p * s; // exp(-2 pi i p / len) = tw[p * half / len]
            DoubleVector w1r = DoubleVector.broadcast(SPECIES, twr[k]);
            DoubleVector w1i = DoubleVector.broadcast(SPECIES, twi[k]);
            DoubleVector w2r = DoubleVector.broadcast(SPECIES, twr[2 * k]);
            DoubleVector w2i = DoubleVector.broadcast(SPECIES, twi[2 * k]);
            DoubleVector w3r = DoubleVector.broadcast(SPECIES, twr[3 * k]);
            DoubleVector w3i = DoubleVector.broadcast(SPECIES, twi[3 * k]);
            int a0 = p * run;
            int a1 = (p + m) * run;
            int a2 = (p + 2 * m) * run;
            int a3 = (p + 3 * m) * run;
            int y0 = 4 * p * run;
            int y1 = y0 + run;
            int y2 = y1 + run;
            int y3 = y2 + run;
            for (int i = 0; i < run; i += L) {
                DoubleVector x0r = DoubleVector.fromArray(SPECIES, xr, a0 + i);
                DoubleVector x0i = DoubleVector.fromArray(SPECIES, xi, a0 + i);
                DoubleVector x1r = DoubleVector.fromArray(SPECIES, xr, a1 + i);
                DoubleVector x1i = DoubleVector.fromArray(SPECIES, xi, a1 + i);
                DoubleVector x2r = DoubleVector.fromArray(SPECIES, xr, a2 + i);
                DoubleVector x2i = DoubleVector.fromArray(SPECIES, xi, a2 + i);
                DoubleVector x3r = DoubleVector.fromArray(SPECIES, xr, a3 + i);
                DoubleVector x3i = DoubleVector.fromArray(SPECIES, xi, a3 + i);
                DoubleVector b0r = x0r.add(x2r);
                DoubleVector b0i = x0i.add(x2i);
                DoubleVector b1r = x0r.sub(x2r);
                DoubleVector b1i = x0i.sub(x2i);
                DoubleVector b2r = x1r.add(x3r);
                DoubleVector b2i = x1i.add(x3i);
                DoubleVector dr = x1r.sub(x3r); // b3 = -i (x1 - x3) = (di, -dr)
                DoubleVector di = x1i.sub(x3i);
                b0r.add(b2r).intoArray(yr, y0 + i);
                b0i.add(b2i).intoArray(yi, y0 + i);
                DoubleVector c1r = b1r.add(di);
                DoubleVector c1i = b1i.sub(dr);
                DoubleVector c2r = b0r.sub(b2r);
                DoubleVector c2i = b0i.sub(b2i);
                DoubleVector c3r = b1r.sub(di);
                DoubleVector c3i = b1i.add(dr);
                c1r.mul(w1r).sub(c1i.mul(w1i)).intoArray(yr, y1 + i);
                c1r.mul(w1i).add(c1i.mul(w1r)).intoArray(yi, y1 + i);
                c2r.mul(w2r).sub(c2i.mul(w2i)).intoArray(yr, y2 + i);
                c2r.mul(w2i).add(c2i.mul(w2r)).intoArray(yi, y2 + i);
                c3r.mul(w3r).sub(c3i.mul(w3i)).intoArray(yr, y3 + i);
                c3r.mul(w3i).add(c3i.mul(w3r)).intoArray(yi, y3 + i);
            }
        }
    }

    private static void butterflies(double[] xr, double[] xi, double[] yr, double[] yi, int a0,
            int b0, int y0, int y1, int run, double wr, double wi) {
        DoubleVector vwr = DoubleVector.broadcast(SPECIES, wr);
        DoubleVector vwi = DoubleVector.broadcast(SPECIES, wi);
        for (int i = 0; i < run; i += L) {
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

    /** Splits the half-length spectrum Z into the real frames' power spectra. */
    private void split(double[] zr, double[] zi, double[] power) {
        int nyq = half * L;
        for (int f = 0; f < L; f++) {
            double r = zr[f];
            double i = zi[f];
            power[f] = (r + i) * (r + i);
            power[nyq + f] = (r - i) * (r - i);
        }
        for (int k = 1; k < half; k++) {
            double wr = splitR[k];
            double wi = splitI[k];
            int pk = k * L;
            int pn = (half - k) * L;
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

    @Override
    public void setFilters(int[] first, double[][] weights, boolean magnitude) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(weights, "weights");
        if (first.length != weights.length) {
            throw new IllegalArgumentException("first and weights differ in length");
        }
        for (int m = 0; m < first.length; m++) {
            if (first[m] < 0 || first[m] + weights[m].length > half + 1) {
                throw new IllegalArgumentException("filter " + m + " covers bins " + first[m] + ".."
                        + (first[m] + weights[m].length - 1) + "; there are " + (half + 1));
            }
        }
        this.filterFirst = first.clone();
        this.filterWeights = weights;
        this.magnitude = magnitude;
        if (power == null) {
            power = new double[(half + 1) * L];
        }
    }

    @Override
    public void filteredSpectra(float[] signal, int offset, int step, int count, float[] out,
            int outOffset, int outStride) {
        if (filterFirst == null) {
            throw new IllegalStateException("setFilters first");
        }
        double[] p = power;
        powerSpectra(signal, offset, step, count, p);
        if (magnitude) {
            for (int i = 0; i < p.length; i += L) {
                DoubleVector.fromArray(SPECIES, p, i).sqrt().intoArray(p, i);
            }
        }
        int mels = filterFirst.length;
        Objects.checkFromIndexSize(outOffset, (count - 1) * outStride + mels, out.length);
        for (int m = 0; m < mels; m++) {
            double[] w = filterWeights[m];
            int base = filterFirst[m] * L;
            // two accumulators in a fixed order: deterministic, half the add-latency chain
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = DoubleVector.zero(SPECIES);
            int n = w.length;
            int j = 0;
            for (; j + 1 < n; j += 2) {
                s0 = s0.add(DoubleVector.fromArray(SPECIES, p, base + j * L).mul(w[j]));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, p, base + (j + 1) * L).mul(w[j + 1]));
            }
            if (j < n) {
                s0 = s0.add(DoubleVector.fromArray(SPECIES, p, base + j * L).mul(w[j]));
            }
            s0.add(s1).intoArray(lanes, 0);
            for (int f = 0; f < count; f++) {
                out[outOffset + f * outStride + m] = (float) lanes[f];
            }
        }
    }
}
