package io.bullwatch.bench;

import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.fft.WindowFunctions;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One FFT frame: {@link RealFft#powerSpectrum} (windowed copy to {@code double}, JTransforms
 * {@code DoubleFFT_1D.realForward}, power in one pass) against the raw JTransforms calls it wraps.
 *
 * <p>References measured in the same run: {@link #doubleRealForward()} (copy to {@code double} and
 * {@code DoubleFFT_1D.realForward}, no window, no power: the floor of our wrapper) and {@link
 * #floatRealForward()} (the same with {@code FloatFFT_1D}, what a float pipeline would cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FftBenchmark {

    /** Transform length. */
    @Param({"4096"})
    public int n;

    private RealFft fft;
    private DoubleFFT_1D doublePlan;
    private FloatFFT_1D floatPlan;
    private float[] frame;
    private float[] power;
    private double[] dbuf;
    private float[] fbuf;
    private RealFftBatch batch;
    private float[] frames8;
    private double[] power8;
    private io.bullwatch.features.fft.BatchPowerFft library;
    private double[] lpower;

    /** Plans and a white-noise frame. */
    @Setup
    public void setUp() {
        fft = RealFft.windowed(WindowFunctions.hann(n));
        doublePlan = new DoubleFFT_1D(n);
        floatPlan = new FloatFFT_1D(n);
        frame = new float[n];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            frame[i] = (float) (r.nextDouble() * 2 - 1);
        }
        power = new float[n / 2 + 1];
        dbuf = new double[n];
        fbuf = new float[n];
        batch = RealFftBatch.windowed(WindowFunctions.hann(n), 8);
        frames8 = new float[n + 7 * (n / 4)];
        for (int i = 0; i < frames8.length; i++) {
            frames8[i] = (float) (r.nextDouble() * 2 - 1);
        }
        power8 = new double[batch.bins() * 8];
        batch.powerSpectra(frames8, 0, n / 4, 8, power8);
        library = io.bullwatch.features.fft.FftPath.VECTOR.batchFft(WindowFunctions.hann(n));
        lpower = new double[library.bins() * library.batch()];
        if (library.batch() == 8) {
            // radix 4 in the library, radix 2 in the scalar prototype: equal to double rounding
            library.powerSpectra(frames8, 0, n / 4, 8, lpower);
            double max = 0;
            double err = 0;
            for (int i = 0; i < lpower.length; i++) {
                max = Math.max(max, power8[i]);
                err = Math.max(err, Math.abs(lpower[i] - power8[i]));
            }
            if (err > 1e-12 * max) {
                throw new IllegalStateException("bull-features' VectorBatchFft and RealFftBatch disagree");
            }
        }
    }

    /**
     * Our wrapper: Hann-windowed power spectrum of one frame.
     *
     * @param bh receives the spectrum
     */
    @Benchmark
    public void realFftPower(Blackhole bh) {
        fft.powerSpectrum(frame, 0, power);
        bh.consume(power);
    }

    /**
     * Reference: JTransforms {@code DoubleFFT_1D.realForward} after a plain copy.
     *
     * @return the packed spectrum
     */
    @Benchmark
    public double[] doubleRealForward() {
        for (int i = 0; i < n; i++) {
            dbuf[i] = frame[i];
        }
        doublePlan.realForward(dbuf);
        return dbuf;
    }

    /**
     * Reference: JTransforms {@code FloatFFT_1D.realForward} after a plain copy.
     *
     * @return the packed spectrum
     */
    @Benchmark
    public float[] floatRealForward() {
        System.arraycopy(frame, 0, fbuf, 0, n);
        floatPlan.realForward(fbuf);
        return fbuf;
    }

    /**
     * Our batched FFT: eight Hann-windowed power spectra (hop n/4) per call, reported per frame.
     *
     * @return the spectra
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public double[] batchPower8() {
        batch.powerSpectra(frames8, 0, n / 4, 8, power8);
        return power8;
    }

    /**
     * bull-features' vector path ({@code FftPath.VECTOR}, {@code VectorBatchFft}): the same eight
     * spectra, in {@code 8 / lanes} calls, per frame.
     *
     * @return the spectra of the last call
     */
    @Benchmark
    @OperationsPerInvocation(8)
    public double[] libraryVectorPower8() {
        int lanes = library.batch();
        for (int f = 0; f < 8; f += lanes) {
            library.powerSpectra(frames8, f * (n / 4), n / 4, Math.min(lanes, 8 - f), lpower);
        }
        return lpower;
    }
}
