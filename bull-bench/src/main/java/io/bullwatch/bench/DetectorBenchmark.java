package io.bullwatch.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Detection of a whole recording with {@link Detector#detect(Path, RecordingDetector.Progress)}:
 * WAV decoding, mel features of the bundle ({@code features=64x2048}, the trained bundles' and
 * the target's: 44.1 kHz, nFft 4096, hop 2048, 64 mels, 15 s windows every 5 s, 720 per hour,
 * 1x64x323 each; or {@code seed}: {@link MelConfig#seed()}, hop 1024, 128 mels, 1x128x646),
 * normalisation and batched inference. The bundle holds a full-width network with random
 * parameters (speed does not depend on the values). SingleShotTime: one iteration detects the
 * whole recording.
 *
 * <p>Targets (2 cores): one hour with the compact network in at most 3.6 s (1,000x real time);
 * AlexNet at least 150x real time (24 s per hour).
 *
 * <p>Run with {@code DJL_CACHE_DIR} set (e.g. {@code target/djl-cache}); the fork runs offline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dai.djl.offline=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DetectorBenchmark {

    /** Recording length in minutes (16-bit mono WAV, 44.1 kHz, a 1 kHz tone). */
    @Param({"60"})
    public int minutes;

    /** The network, at full width. */
    @Param({"compact", "alexnet"})
    public String backbone;

    /** Inference threads ({@link DetectorOptions#threads()}). */
    @Param({"1", "2"})
    public int threads;

    /** Feature threads ({@link DetectorOptions#featureThreads()}). */
    @Param({"2"})
    public int featureThreads;

    /** Windows per forward pass. */
    @Param({"16"})
    public int batch;

    /** The bundle's input normalisation. */
    @Param({"log-per-recording"})
    public String normalisation;

    /** The bundle's features: {@code 64x2048} (64 mels, hop 2048) or {@code seed}. */
    @Param({"64x2048"})
    public String features;

    private Path dir;
    private Path file;
    private Detector detector;

    /** Writes the recording and the bundle once per trial and loads the detector. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bullwatch-detector-bench");
        file = dir.resolve("hour.wav");
        WavDecodeBenchmark.writeTestRecording(file, minutes * 60L * 44_100, 1,
                SampleEncoding.PCM_SIGNED_16);
        Path bundleDir = writeBundle(dir.resolve("model"), backbone(backbone),
                InputNormalisation.parse(normalisation), features(features));
        detector = Detector.load(bundleDir, DetectorOptions.defaults().withThreads(threads)
                .withFeatureThreads(featureThreads).withBatchSize(batch));
    }

    /** Closes the detector and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        detector.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Detects bulls in the whole recording.
     *
     * @return the number of windows scored
     */
    @Benchmark
    public int detect() throws IOException {
        RecordingDetection d = detector.detect(file, RecordingDetector.Progress.NONE);
        return d.windows().size();
    }

    /**
     * Writes a bundle with a full-width network of random parameters on the seed features.
     *
     * @param dir the bundle directory
     * @param backbone the network
     * @param normalisation the input normalisation
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    static Path writeBundle(Path dir, Backbone backbone, InputNormalisation normalisation)
            throws IOException {
        return writeBundle(dir, backbone, normalisation, MelConfig.seed());
    }

    /**
     * Writes a bundle with a full-width network of random parameters on the given features.
     *
     * @param dir the bundle directory
     * @param backbone the network
     * @param normalisation the input normalisation
     * @param mel the features
     * @return {@code dir}
     * @throws IOException if writing fails
     */
    static Path writeBundle(Path dir, Backbone backbone, InputNormalisation normalisation,
            MelConfig mel) throws IOException {
        WindowSpec spec = WindowSpec.SEED;
        FeatureDims dims = new FeatureDims(1, mel.nMels(),
                (int) mel.frames(Math.round(spec.lengthSeconds() * mel.sampleRate())));
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = backbone.network(backbone.defaultOptions());
            Engine.getInstance().setRandomSeed(1);
            net.initialize(m, dims);
            new ModelBundle(backbone, net.options(), dims, net.countTrainableParameters(), FeaturePipeline.of(mel, spec, normalisation), 0.5, "benchmark", Map.of(), Map.of()).save(dir, net.block());
        }
        return dir;
    }

    /**
     * Features by name: {@code seed}, or {@code 64x2048} (the seed's with 64 mels and hop 2048, as
     * {@code bull train --mels 64 --hop 2048} makes them).
     */
    static MelConfig features(String name) {
        return switch (name) {
            case "seed" -> MelConfig.seed();
            case "64x2048" -> MelConfig.seed().toBuilder().optNMels(64).optHop(2048).build();
            default -> throw new IllegalArgumentException("unknown features " + name
                    + "; allowed: seed, 64x2048");
        };
    }

    static Backbone backbone(String name) {
        return Backbone.parse(name);
    }
}
