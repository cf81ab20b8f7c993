package io.bullwatch.models.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.events.EventMerger;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.TestRecordings;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.BullTrainer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DetectorTest {

    private static final int RATE = 8000;
    /** 32 mels, nFft 1024, hop 1024 at 8 kHz: a 15 s window is 32 x 118. */
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(1024).optNMels(32).optFMax(4000).build();
    private static final WindowSpec SPEC = WindowSpec.SEED;

    /** Noise with a few loud broadband bursts (splash-like), deterministic. */
    static float[] audio(double seconds, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.02 * r.nextGaussian());
        }
        for (double t = 7; t < seconds - 2; t += 13 + 11 * r.nextDouble()) {
            int from = (int) (t * RATE);
            int len = (int) (RATE * (0.5 + r.nextDouble()));
            for (int i = 0; i < len && from + i < x.length; i++) {
                double env = Math.exp(-4.0 * i / len);
                x[from + i] += (float) (0.5 * env * r.nextGaussian() + 0.2 * env * Math.sin(i * 0.7));
            }
        }
        return x;
    }

    /** Saves a width-reduced compact network with random (seeded) parameters as a bundle. */
    static Path bundle(Path dir, InputNormalisation norm) throws IOException {
        return bundle(dir, norm, Backbone.COMPACT);
    }

    /** The same with another backbone. */
    static Path bundle(Path dir, InputNormalisation norm, Backbone backbone) throws IOException {
        return bundle(dir, norm, backbone, 0.25);
    }

    /** A compact bundle of another width. */
    static Path bundleOfWidth(Path dir, double width) throws IOException {
        return bundle(dir, InputNormalisation.LOG_PER_RECORDING, Backbone.COMPACT, width);
    }

    private static Path bundle(Path dir, InputNormalisation norm, Backbone backbone, double width)
            throws IOException {
        FeatureDims dims = new FeatureDims(1, MEL.nMels(), (int) MEL.frames(Math.round(SPEC.lengthSeconds() * RATE)));
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = backbone.network(backbone.defaultOptions().withWidth(width));
            Engine.getInstance().setRandomSeed(7);
            net.initialize(m, dims);
            new ModelBundle(backbone, net.options(), dims, net.countTrainableParameters(), FeaturePipeline.of(MEL, SPEC, norm), 0.5, "test", Map.of(), Map.of()).save(dir, net.block());
        }
        return dir;
    }

    static Path wav(Path file, float[] samples, int rate) throws IOException {
        WavWriter.write(file, samples, rate, SampleEncoding.FLOAT_32);
        return file;
    }


    /** The training path: WindowSet.load (every window kept) and BullTrainer.score. */
    static float[] trainerScores(Path bundleDir, Path wav) throws IOException {
        ModelBundle b = ModelBundle.read(bundleDir);
        WindowSet data = WindowSet.load(List.of(TestRecordings.unlabelled(wav, "site")), FeaturePipeline.of(b.mel(), b.window(), b.normalisation()), LabelRule.seedTouches(), 1);
        try (Model model = Model.newInstance("reference")) {
            BullNetwork net = b.loadNetwork(bundleDir, model.getNDManager());
            model.setBlock(net.block());
            return BullTrainer.score(model, data, 5);
        }
    }

    @ParameterizedTest
    @EnumSource(InputNormalisation.class)
    void scoresEqualTheTrainersOnTheSameWindows(InputNormalisation norm, @TempDir Path dir)
            throws IOException {
        Path b = bundle(dir.resolve("model"), norm);
        Path wav = wav(dir.resolve("r.wav"), audio(150, 1), RATE);
        float[] expected = trainerScores(b, wav);
        assertEquals(28, expected.length); // (150 - 15) / 5 + 1 full windows
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withBatchSize(4))) {
            RecordingDetection det = d.detect(wav, RecordingDetector.Progress.NONE);
            float[] got = new float[det.windows().size()];
            for (int i = 0; i < got.length; i++) {
                got[i] = det.windows().get(i).score();
            }
            assertArrayEquals(expected, got, 1e-5f);
            // The scores vary between windows, so the comparison means something.
            float min = 1;
            float max = 0;
            for (float s : got) {
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            assertTrue(max - min > 1e-4, "scores " + Arrays.toString(got));
            assertEquals(5.0, det.windows().get(1).start(), 1e-9);
            assertEquals(20.0, det.windows().get(1).end(), 1e-9);
            assertEquals(150.0, det.seconds(), 1e-9);
            assertEquals("r.wav", det.name());
            // The in-memory source gives the same scores as the file.
            assertArrayEquals(got, d.scoreWindows(AudioSource.of(audio(150, 1), RATE)), 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backbone.class, names = {"COMPACT_SED", "COMPACT_SED_BANDS"})
    void aStepScoringNetworksWindowsAreJudgedWithTheirNeighboursAsInTraining(Backbone backbone, @TempDir Path dir)
            throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING, backbone);
        Path wav = wav(dir.resolve("r.wav"), audio(150, 1), RATE);
        // the trainer's path: WindowSet.load, BullTrainer.score, grouped by recording, sorted by start
        float[] expected = trainerScores(b, wav);
        assertEquals(28, expected.length);
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withBatchSize(3))) {
            List<io.bullwatch.core.events.WindowScore> windows =
                    d.detect(wav, RecordingDetector.Progress.NONE).windows();
            assertEquals(28, windows.size());
            for (int i = 0; i < 28; i++) {
                assertEquals(expected[i], windows.get(i).score(), 1e-5, "window " + i);
            }
        }
        // and that is not each window alone: the neighbours change the scores
        float[] alone = aloneScores(b, wav);
        int changed = 0;
        for (int i = 0; i < 28; i++) {
            changed += Math.abs(alone[i] - expected[i]) > 1e-4 ? 1 : 0;
        }
        assertTrue(changed > 0, "aggregated " + Arrays.toString(expected) + " alone " + Arrays.toString(alone));
    }

    /** Each window's own score (its best step alone): the network's window output. */
    private static float[] aloneScores(Path bundleDir, Path wav) throws IOException {
        ModelBundle b = ModelBundle.read(bundleDir);
        try (WindowSet data = WindowSet.load(List.of(TestRecordings.unlabelled(wav, "site")), FeaturePipeline.of(b.mel(), b.window(), b.normalisation()), LabelRule.seedTouches(), 1); NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = b.loadNetwork(bundleDir, m);
            float[] out = new float[data.size()];
            for (int i = 0; i < out.length; i++) {
                ai.djl.ndarray.NDArray x = m.create(data.features(i), new ai.djl.ndarray.types.Shape(1, 1,
                        data.mels(), data.frames()));
                out[i] = net.block().forward(new ai.djl.training.ParameterStore(m, false),
                        new ai.djl.ndarray.NDList(x), false).get(0).softmax(1).toFloatArray()[1];
            }
            return out;
        }
    }

    @Test
    void theTailAfterTheLastFullWindowGetsAWindowEndingAtTheEnd(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = wav(dir.resolve("r.wav"), audio(152, 1), RATE);
        float[] full = trainerScores(b, wav);
        assertEquals(28, full.length); // full windows end at 150 s
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            RecordingDetection det = d.detect(wav, RecordingDetector.Progress.NONE);
            assertEquals(29, det.windows().size());
            WindowScore last = det.windows().get(28);
            assertEquals(137.0, last.start(), 1e-9);
            assertEquals(152.0, last.end(), 1e-9);
            for (int i = 0; i < full.length; i++) {
                // the extra window leaves the per-recording statistics, and so the scores, alone
                assertEquals(full[i], det.windows().get(i).score(), 1e-5f, "window " + i);
            }
        }
    }

    @Test
    void aClosedDetectorSaysSo(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = wav(dir.resolve("r.wav"), audio(40, 1), RATE);
        Detector d = Detector.load(b, DetectorOptions.defaults());
        d.close();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> d.detect(wav, RecordingDetector.Progress.NONE));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        d.close(); // twice is harmless
    }

    @Test
    void scoresDoNotDependOnThreadsOrBatchSize(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        float[] samples = audio(200, 2);
        float[] reference = null;
        for (DetectorOptions o : List.of(DetectorOptions.defaults().withThreads(1).withBatchSize(1),
                DetectorOptions.defaults(), DetectorOptions.defaults().withThreads(3).withBatchSize(7),
                DetectorOptions.defaults().withFeatureThreads(2).withBatchSize(64))) {
            try (Detector d = Detector.load(b, o)) {
                float[] s = d.scoreWindows(AudioSource.of(samples, RATE));
                if (reference == null) {
                    reference = s;
                } else {
                    assertArrayEquals(reference, s, 1e-6f, o.toString());
                }
            }
        }
    }

    @Test
    void parametersNameTheModelAndRuleButNotThreads(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG);
        Map<String, Object> p1;
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            p1 = d.parameters();
        }
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withThreads(1).withBatchSize(3))) {
            assertEquals(p1, d.parameters());
        }
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withThreshold(0.25))) {
            assertNotEquals(p1, d.parameters());
            assertEquals(0.25, d.parameters().get("threshold"));
            assertEquals("override", d.parameters().get("thresholdSource"));
        }
        assertEquals(List.of("detector", "backbone", "width", "adapter", "parameterCount",
                "parametersSha256", "modelJsonSha256", "threshold", "thresholdSource", "eventRule", "mel",
                "windowSeconds", "hopSeconds", "tailPolicy", "edgeMode", "normalisation"),
                new ArrayList<>(p1.keySet()));
        assertEquals("compact", p1.get("backbone"));
        assertEquals(0.5, p1.get("threshold"));
        assertEquals(EventRule.of(0.5).describe(), p1.get("eventRule"));
        assertEquals(64, ((String) p1.get("parametersSha256")).length());
        assertEquals("log", p1.get("normalisation"));
    }

    @Test
    void nativeMemoryStaysFlatAcrossBatches(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        AudioSource source = AudioSource.of(audio(200, 3), RATE);
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withBatchSize(2))) {
            NDManager root = d.manager();
            int before = root.getManagedArrays().size();
            d.scoreWindows(source); // 38 windows, 19 batches
            int after = root.getManagedArrays().size();
            d.scoreWindows(source);
            assertEquals(before, after, "live arrays before and after one recording");
            assertEquals(before, root.getManagedArrays().size(), "live arrays after a second one");
        }
    }

    @Test
    void eventsAreTheEventMergersOnTheScores(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = wav(dir.resolve("night.wav"), audio(300, 4), RATE);
        float[] scores;
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            scores = d.scoreWindows(WavFile.open(wav));
        }
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        double threshold = sorted[sorted.length * 3 / 4]; // a quarter of the windows flagged
        DetectorOptions.EventSettings settings = new DetectorOptions.EventSettings(false, 3, 4, 30,
                EventRule.Aggregate.MEAN);
        try (Detector d = Detector.load(b, DetectorOptions.defaults().withThreshold(threshold)
                .withEvents(settings))) {
            List<Double> progress = new ArrayList<>();
            RecordingDetection det = d.detect(wav, (done, total) -> progress.add(done / total));
            EventRule rule = settings.rule(threshold);
            assertEquals(rule, det.rule());
            List<WindowScore> windows = det.windows();
            assertEquals(scores.length, windows.size());
            for (int i = 0; i < scores.length; i++) {
                assertEquals(scores[i], windows.get(i).score(), 1e-6f);
                assertEquals(5.0 * i, windows.get(i).start(), 1e-9);
            }
            assertEquals(EventMerger.merge(windows, rule, 300), det.events());
            assertFalse(det.events().isEmpty());
            assertEquals(1.0, progress.get(progress.size() - 1));
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) >= progress.get(i - 1), "progress " + progress);
            }
        }
    }

    @Test
    void interruptionStopsARunningDetectionPromptly(@TempDir Path dir) throws Exception {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        // Ten hours of generated noise, never held in memory: minutes of work.
        AudioSource endless = new NoiseSource(10L * 3600 * RATE);
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Thread t = new Thread(() -> {
                try {
                    d.detect(endless, "endless", (done, total) -> {
                        if (done > 0) {
                            started.countDown();
                        }
                    });
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            // interrupted once it has made progress (a latch, not a sleep: no guess at the speed)
            assertTrue(started.await(5, java.util.concurrent.TimeUnit.MINUTES), "the detection started");
            t.interrupt();
            // hours of audio were left: ending at all means the interrupt stopped it
            t.join(60_000);
            assertFalse(t.isAlive(), "detection still running 60 s after interruption");
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("endless"), thrown.get().getMessage());
            // The detector is still usable afterwards.
            assertEquals(28, d.scoreWindows(AudioSource.of(audio(150, 1), RATE)).length);
        }
    }

    @Test
    void aThreadInterruptedBeforeTheCallGetsTheDocumentedExceptionAndKeepsItsSource(@TempDir Path dir)
            throws Exception {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = dir.resolve("mine.wav");
        WavWriter.write(wav, audio(40, 3), RATE, SampleEncoding.FLOAT_32);
        try (Detector d = Detector.load(b, DetectorOptions.defaults()); AudioSource source = WavFile.open(wav)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt(); // a Future cancelled before it ran, say
                try {
                    d.detect(source, "mine", (done, total) -> { });
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join(60_000);
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("mine"), thrown.get().getMessage());
            // no read happened on the interrupted thread: the caller's file is still open and readable
            assertEquals(100, source.readFrames(0, 100).length);
            assertEquals(6, d.detect(source, "mine", (done, total) -> { }).windows().size());
        }
    }

    @Test
    void anInterruptThatReachesAFileReadIsReportedAsTheDocumentedException(@TempDir Path dir) throws Exception {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = dir.resolve("cut.wav");
        WavWriter.write(wav, audio(40, 4), RATE, SampleEncoding.FLOAT_32);
        try (Detector d = Detector.load(b, DetectorOptions.defaults()); AudioSource file = WavFile.open(wav)) {
            // the interrupt arrives just as the file is read: Java's FileChannel closes itself and throws
            // ClosedByInterruptException, before any of the detector's own checks can see the flag
            AudioSource interruptedOnRead = new AudioSource() {
                @Override
                public AudioInfo info() {
                    return file.info();
                }

                @Override
                public int read(long frame, float[] dst, int offset, int count) throws IOException {
                    Thread.currentThread().interrupt();
                    return file.read(frame, dst, offset, count);
                }

                @Override
                public void close() throws IOException {
                    file.close();
                }
            };
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    d.detect(interruptedOnRead, "cut", (done, total) -> { });
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join(60_000);
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            assertTrue(thrown.get().getMessage().contains("cut"), thrown.get().getMessage());
            assertInstanceOf(java.nio.channels.ClosedByInterruptException.class, thrown.get().getCause());
        }
    }

    @Test
    void aLongRecordingSpillsItsFramesToATemporaryFileWithIdenticalScores(@TempDir Path dir)
            throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path spill = Files.createDirectories(dir.resolve("spill"));
        // 25 minutes at 8 kHz: 11,719 frames of 32 mels, 1.5 MB; the budget holds 2,048 of them.
        AudioSource source = AudioSource.of(audio(1500, 6), RATE);
        DetectorOptions o = DetectorOptions.defaults().withThreads(1).withBatchSize(8);
        float[] inMemory;
        try (Detector d = Detector.load(b, o)) {
            inMemory = d.scoreWindows(source);
            assertEquals(0, d.lastSpilledFrames());
        }
        assertEquals(298, inMemory.length); // (1500 - 15) / 5 + 1
        try (Detector d = Detector.load(b, o, 2048L * 32 * 4, spill)) {
            List<Integer> filesSeen = new ArrayList<>();
            RecordingDetection det = d.detect(source, "long", (done, total) -> {
                try (var files = Files.list(spill)) {
                    filesSeen.add((int) files.count());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(11719 - 2048, d.lastSpilledFrames());
            assertTrue(filesSeen.contains(1), "a spill file existed while scoring: " + filesSeen);
            float[] spilled = new float[det.windows().size()];
            for (int i = 0; i < spilled.length; i++) {
                spilled[i] = det.windows().get(i).score();
            }
            assertArrayEquals(inMemory, spilled, 0f);
            assertSpillDirectoryEmpty(spill, "after the detection");
            // a zero budget keeps nothing on the heap, with the same scores again
            try (Detector none = Detector.load(b, o, 0, spill)) {
                assertArrayEquals(inMemory, none.scoreWindows(source), 0f);
                assertEquals(11719, none.lastSpilledFrames());
            }
            assertSpillDirectoryEmpty(spill, "after the zero-budget detection");
        }
    }

    @Test
    void interruptionDeletesTheSpillFile(@TempDir Path dir) throws Exception {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path spill = Files.createDirectories(dir.resolve("spill"));
        AudioSource endless = new NoiseSource(10L * 3600 * RATE);
        try (Detector d = Detector.load(b, DetectorOptions.defaults(), 1 << 16, spill)) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    d.detect(endless, "endless", RecordingDetector.Progress.NONE);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (listSpill(spill) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, listSpill(spill), "a spill file while computing the frames");
            Thread.sleep(300);
            t.interrupt();
            t.join(10_000);
            assertFalse(t.isAlive(), "detection still running 10 s after interruption");
            assertInstanceOf(InterruptedIOException.class, thrown.get());
            assertSpillDirectoryEmpty(spill, "after the interruption");
        }
    }

    private static long listSpill(Path spill) throws IOException {
        try (var files = Files.list(spill)) {
            return files.count();
        }
    }

    private static void assertSpillDirectoryEmpty(Path spill, String when) throws IOException {
        try (var files = Files.list(spill)) {
            assertEquals(List.of(), files.toList(), "spill files left " + when);
        }
    }

    @Test
    void refusesAnotherSampleRateNamingTheFile(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG);
        Path wav = wav(dir.resolve("fast.wav"), new float[16000 * 20], 16000);
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            IOException e = assertThrows(IOException.class, () -> d.detect(wav, RecordingDetector.Progress.NONE));
            assertTrue(e.getMessage().contains("fast.wav"), e.getMessage());
            assertTrue(e.getMessage().contains("16000 Hz"), e.getMessage());
            assertTrue(e.getMessage().contains("8000 Hz"), e.getMessage());
        }
    }

    @Test
    void aRecordingShorterThanOneWindowHasNoWindowsAndNoEvents(@TempDir Path dir) throws IOException {
        Path b = bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        Path wav = wav(dir.resolve("short.wav"), audio(10, 5), RATE);
        try (Detector d = Detector.load(b, DetectorOptions.defaults())) {
            RecordingDetection det = d.detect(wav, RecordingDetector.Progress.NONE);
            assertEquals(List.of(), det.windows());
            assertEquals(List.of(), det.events());
            assertEquals(10.0, det.seconds(), 1e-9);
        }
    }

    /** Deterministic white noise of any length, generated on demand. */
    private static final class NoiseSource implements AudioSource {
        private final long frames;

        NoiseSource(long frames) {
            this.frames = frames;
        }

        @Override
        public AudioInfo info() {
            return new AudioInfo(null, "generated", RATE, 1, 32, SampleEncoding.FLOAT_32, frames, List.of());
        }

        @Override
        public int read(long frame, float[] dst, int offset, int count) {
            int n = (int) Math.max(0, Math.min(count, frames - frame));
            for (int i = 0; i < n; i++) {
                long k = (frame + i) * 0x9E3779B97F4A7C15L;
                dst[offset + i] = ((k >>> 40) & 0xFFFF) / 65536f - 0.5f;
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
