package io.bullwatch.bench;

import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mel spectrogram of one 15 s seed window (661,500 samples, 646 frames), the seed's per-window
 * way: {@link MelSpectrogramExtractor#extract(float[])}.
 *
 * <p>Reference measured in the same run: {@link #powerSpectraOnly()}, the 646 windowed power
 * spectra alone on one thread (the FFT share of the work, no filter bank, no transpose).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MelWindowBenchmark {

    /** Threads of the extractor. */
    @Param({"1", "2"})
    public int threads;

    private MelSpectrogramExtractor mel;
    private io.bullwatch.features.fft.RealFft fft;
    private float[] samples;
    private float[] padded;
    private float[] power;

    /** A 15 s window of noise and a tone; the extractor. */
    @Setup
    public void setUp() {
        MelConfig config = MelConfig.seed();
        mel = MelSpectrogramExtractor.create(config, threads);
        fft = io.bullwatch.features.fft.RealFft.windowed(
                MelSpectrogramExtractor.analysisWindow(config));
        samples = new float[15 * config.sampleRate()];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.1 * (r.nextDouble() - 0.5)
                    + 0.25 * Math.sin(2 * Math.PI * 1000 * i / config.sampleRate()));
        }
        padded = new float[samples.length + config.nFft()];
        System.arraycopy(samples, 0, padded, config.nFft() / 2, samples.length);
        power = new float[config.bins()];
    }

    /** Stops the extractor's threads. */
    @TearDown
    public void tearDown() {
        mel.close();
    }

    /**
     * One window's mel spectrogram.
     *
     * @return the spectrogram
     */
    @Benchmark
    public MelSpectrogram extract() {
        return mel.extract(samples);
    }

    /**
     * Reference: the window's 646 power spectra on one thread, nothing else.
     *
     * @return the last spectrum
     */
    @Benchmark
    public float[] powerSpectraOnly() {
        MelConfig c = mel.config();
        int frames = (int) c.frames(samples.length);
        for (int j = 0; j < frames; j++) {
            fft.powerSpectrum(padded, j * c.hop(), power);
        }
        return power;
    }
}
