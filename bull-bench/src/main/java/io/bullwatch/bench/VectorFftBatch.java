package io.bullwatch.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;


/**
 * Prototype (not used by the library): {@link RealFftBatch} with its butterflies and real split
 * written with the Vector API ({@code jdk.incubator.vector}, an incubator module: compile and run
 * with {@code --add-modules jdk.incubator.vector}), one {@code DoubleVector} of eight lanes per
 * eight frames. The operations are those of {@link RealFftBatch} lane by lane, in the same order
 * (no fused multiply-add), so the two give the same bits; {@link FftBenchmark} checks that in its
 * setup. The batch must equal {@link #LANES}.
 */
public final class VectorFftBatch extends RealFftBatch {

    /** The vector species: eight doubles (AVX-512). */
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_512;

    /** Lanes per vector, the only supported batch. */
    public static final int LANES = 8;

    private VectorFftBatch(float[] window) {
        super(window, LANES);
    }

    /**
     * A vectorised batched transform whose length is the window's.
     *
     * @param window the analysis window; its length must be a power of two {@code >= 4}; copied
     * @param batch frames per call: must be {@link #LANES}
     * @return a new transform, owned by the calling thread
     * @throws IllegalArgumentException if the window is invalid or {@code batch != LANES}
     */
    public static VectorFftBatch windowed(float[] window, int batch) {
        checkWindow(window);
        if (batch != LANES) {
            throw new IllegalArgumentException("batch must be " + LANES + ", got " + batch);
        }
        return new VectorFftBatch(window.clone());
    }

    @Override
    protected void butterflies(double[] xr, double[] xi, double[] yr, double[] yi, int a0,
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

    @Override
    protected void splitLanes(double[] zr, double[] zi, double[] power, int pk, int pn, int b,
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
