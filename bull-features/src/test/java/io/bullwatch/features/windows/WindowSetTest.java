package io.bullwatch.features.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.LabelledWindow;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.cache.CacheDtype;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WindowSet#load}: checked against the features computed window by window ({@link
 * MelSpectrogramExtractor#streamWindows} with context edges, then {@link InputNormalisation#apply}
 * over the grid's windows), which is how windows were built before frames were kept.
 */
class WindowSetTest {

    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(1024).optNMels(16).optFMax(4000).build();
    private static final WindowSpec SPEC = WindowSpec.SEED;
    /** Bulls at 20-23 s and 51.5-53 s; a window needs 1 s of one, less is ambiguous. */
    private static final List<Annotation> EVENTS = List.of(Annotation.of(20, 23), Annotation.of(51.5, 53));
    private static final LabelRule RULE = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);

    private static CorpusRecording recording(Path dir, String name, double seconds, long seed)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            x[i] = (float) (0.01 * r.nextGaussian() * (1 + t / seconds)
                    + 0.3 * Math.sin(2 * Math.PI * (200 + 20 * t) * t) * (t > 20 && t < 23 ? 1 : 0.05));
        }
        return TestRecordings.write(dir.resolve(name + ".wav"), x, RATE, "site-" + name,
                AnnotationSet.of("test", EVENTS));
    }

    /**
     * The reference: every window of a segmenter computed on its own (for PCEN: cut from the
     * recording's frames after one PCEN pass over all of them), normalised over the grid.
     */
    private static List<float[]> reference(CorpusRecording rec, WindowSpec windows,
            InputNormalisation norm) throws IOException {
        List<Window> grid = Segmenter.of(SPEC, RATE, rec.audio().frames()).toList();
        List<Window> wanted = Segmenter.of(windows, RATE, rec.audio().frames()).toList();
        List<float[]> gridValues = new ArrayList<>();
        List<float[]> out = new ArrayList<>();
        if (norm.pcen()) {
            int mels = MEL.nMels();
            float[] all = new float[Math.toIntExact(MEL.frames(rec.audio().frames()) * mels)];
            try (MelSpectrogramExtractor ex = MelSpectrogramExtractor.create(MEL, 1);
                    AudioSource s = WavFile.open(rec.recording())) {
                ex.streamFrames(s, (first, count, block) -> System.arraycopy(block, 0, all,
                        Math.toIntExact(first * mels), count * mels));
            }
            Pcen.DEFAULT.stream(mels, (double) RATE / MEL.hop()).apply(all, 0, all.length);
            for (List<Window> ws : List.of(grid, wanted)) {
                for (Window w : ws) {
                    int frames = Math.toIntExact(MEL.frames(w.lengthFrames()));
                    // the nearest grid frame, the last windows clamped to the stream's end
                    int t0 = Math.toIntExact(Math.min(Math.round(w.startFrame() / (double) MEL.hop()),
                            all.length / mels - frames));
                    float[] v = new float[frames * mels];
                    for (int m = 0; m < mels; m++) {
                        for (int j = 0; j < frames; j++) {
                            v[m * frames + j] = all[(t0 + j) * mels + m];
                        }
                    }
                    (ws == grid ? gridValues : out).add(v);
                }
            }
            if (norm.perRecording()) {
                InputNormalisation.BandAccumulator acc = new InputNormalisation.BandAccumulator(mels);
                gridValues.forEach(acc::add);
                InputNormalisation.BandScaling scaling = acc.finish();
                out.forEach(scaling::apply);
            }
            return out;
        }
        try (MelSpectrogramExtractor ex = MelSpectrogramExtractor.create(MEL, 1)) {
            try (AudioSource s = WavFile.open(rec.recording())) {
                ex.streamWindows(s, grid, EdgeMode.CONTEXT, (w, m) -> gridValues.add(m.values()));
            }
            try (AudioSource s = WavFile.open(rec.recording())) {
                ex.streamWindows(s, wanted, EdgeMode.CONTEXT, (w, m) -> out.add(m.values()));
            }
        }
        if (norm == InputNormalisation.LOG_PER_RECORDING) {
            // statistics from the grid's windows only
            for (float[] v : gridValues) {
                norm.toLog(v);
            }
            InputNormalisation.BandAccumulator acc = new InputNormalisation.BandAccumulator(MEL.nMels());
            gridValues.forEach(acc::add);
            InputNormalisation.BandScaling scaling = acc.finish();
            for (float[] v : out) {
                norm.toLog(v);
                scaling.apply(v);
            }
        } else {
            for (float[] v : out) {
                norm.toLog(v);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = InputNormalisation.class, mode = EnumSource.Mode.EXCLUDE,
            names = {"PCEN", "PCEN_PER_RECORDING"}) // no window-by-window form (aDenserHop... covers them)
    void theSpecsGridEqualsWindowByWindowFeatures(InputNormalisation norm, @TempDir Path dir)
            throws IOException {
        CorpusRecording rec = recording(dir, "a", 70, 1);
        List<float[]> expected = new ArrayList<>();
        for (float[] v : reference(rec, SPEC, norm)) {
            expected.add(v);
        }
        // the old path: every window through InputNormalisation.apply, then the unambiguous kept
        List<float[]> old = new ArrayList<>();
        try (MelSpectrogramExtractor ex = MelSpectrogramExtractor.create(MEL, 1);
                AudioSource s = WavFile.open(rec.recording())) {
            ex.streamWindows(s, Segmenter.of(SPEC, RATE, rec.audio().frames()).toList(), EdgeMode.CONTEXT,
                    (w, m) -> old.add(m.values()));
        }
        norm.apply(old, MEL.nMels());
        for (int i = 0; i < old.size(); i++) {
            assertArrayEquals(old.get(i), expected.get(i), "window " + i);
        }
        List<LabelledWindow> labelled = WindowLabeller.of(RULE)
                .label(Segmenter.of(SPEC, RATE, rec.audio().frames()), EVENTS).windows();
        try (WindowSet set = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, norm), RULE, 1)) {
            int k = 0;
            for (LabelledWindow lw : labelled) {
                if (!lw.label().isTrainable()) {
                    continue;
                }
                assertArrayEquals(old.get(lw.window().index()), set.features(k), "window " + k);
                assertEquals(lw.label().isBull(), set.isBull(k));
                k++;
            }
            assertEquals(k, set.size());
            assertEquals(MEL.nMels(), set.mels());
            assertEquals(old.get(0).length / MEL.nMels(), set.frames());
        }
    }

    @ParameterizedTest
    @EnumSource(InputNormalisation.class)
    void framesFromTheFeatureCacheGiveTheSameWindowsAndASecondLoadComputesNone(InputNormalisation norm,
            @TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "c", 70, 3);
        FeaturePipeline pipeline = FeaturePipeline.of(MEL, SPEC, norm);
        FeatureCache cache = FeatureCache.builder().setDirectory(dir.resolve("cache")).setConfig(MEL).build();
        assertFalse(cache.isCached(rec.recording()));
        try (WindowSet computed = WindowSet.load(List.of(rec), pipeline, 2.5, RULE, 1);
                WindowSet first = WindowSet.load(List.of(rec), pipeline, 2.5, RULE, 1, cache)) {
            assertTrue(cache.isCached(rec.recording()), "the first load fills the cache");
            java.nio.file.attribute.FileTime filled = java.nio.file.Files.getLastModifiedTime(
                    cache.fileFor(rec.recording()));
            try (WindowSet second = WindowSet.load(List.of(rec), pipeline, 2.5, RULE, 1, cache)) {
                assertEquals(computed.size(), second.size());
                for (int i = 0; i < computed.size(); i++) {
                    assertArrayEquals(computed.features(i), first.features(i), "window " + i);
                    assertArrayEquals(computed.features(i), second.features(i), "window " + i);
                    assertEquals(computed.isBull(i), second.isBull(i));
                }
            }
            assertEquals(filled, java.nio.file.Files.getLastModifiedTime(cache.fileFor(rec.recording())),
                    "the second load only read the cache");
        }
    }

    @Test
    void aHalfPrecisionCacheIsRefusedNamingItsFile(@TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "h", 30, 4);
        FeatureCache half = FeatureCache.builder().setDirectory(dir.resolve("cache")).setConfig(MEL)
                .optDtype(CacheDtype.FLOAT16).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowSet.load(
                List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG), 5, RULE, 1, half));
        assertTrue(e.getMessage().contains(half.fileFor(rec.recording()).toString())
                && e.getMessage().contains("float32"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(InputNormalisation.class)
    void aDenserHopOffersMorePositionsNormalisedAsTheGrid(InputNormalisation norm, @TempDir Path dir)
            throws IOException {
        CorpusRecording rec = recording(dir, "b", 70, 2);
        WindowSpec dense = WindowSpec.of(15, 1);
        List<float[]> expected = reference(rec, dense, norm);
        List<LabelledWindow> labelled = WindowLabeller.of(RULE)
                .label(Segmenter.of(dense, RATE, rec.audio().frames()), EVENTS).windows();
        assertEquals(56, labelled.size()); // starts 0, 1, ..., 55 s
        int bulls = 0;
        int ambiguous = 0;
        try (WindowSet set = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, norm), 1.0, RULE, 1)) {
            int k = 0;
            for (LabelledWindow lw : labelled) {
                if (!lw.label().isTrainable()) {
                    ambiguous++;
                    continue;
                }
                assertArrayEquals(expected.get(lw.window().index()), set.features(k),
                        "window starting at " + lw.window().startSeconds(RATE) + " s");
                assertEquals(lw.label().isBull(), set.isBull(k));
                bulls += set.isBull(k) ? 1 : 0;
                k++;
            }
            assertEquals(k, set.size());
            assertEquals(bulls, set.bullCount());
        }
        // by hand, windows [s, s + 15) on whole seconds: 20-23 s overlaps by >= 1 s for s = 6..22
        // (17 windows; 5 only touches it); 51.5-53 s for s = 38..52 (15 windows), and by 0.5 s for
        // s = 37, which is ambiguous and left out
        assertEquals(32, bulls);
        assertEquals(1, ambiguous);
    }

    @Test
    void windowsAreFreshCopiesAndIndicesChecked(@TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "c", 40, 3);
        try (WindowSet set = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG_PER_RECORDING), 2.5, RULE, 1)) {
            float[] a = set.features(0);
            a[0] = 1e6f;
            float[] b = set.features(0);
            assertNotSame(a, b);
            assertTrue(b[0] != 1e6f);
            assertThrows(IndexOutOfBoundsException.class, () -> set.features(set.size()));
            assertEquals(1, set.recordingNames().size());
            assertEquals("site-c", set.site(0));
        }
    }

    @Test
    void framesBeyondTheBudgetAreSpilledAndTheFileDeletedOnClose(@TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "p", 70, 7);
        Path spill = java.nio.file.Files.createDirectories(dir.resolve("spill"));
        try (WindowSet heap = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG_PER_RECORDING), 1.0, RULE, 1)) {
            WindowSet spilled = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG_PER_RECORDING), 1.0, RULE, 1, null, 16 * MEL.nMels() * 4L, spill);
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(spill)) {
                assertEquals(1, files.count(), "one spill file while open");
            }
            assertEquals(heap.size(), spilled.size());
            for (int i = 0; i < heap.size(); i++) {
                assertArrayEquals(heap.features(i), spilled.features(i), "window " + i);
            }
            spilled.close();
            spilled.close(); // idempotent
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(spill)) {
                assertEquals(0, files.count(), "the spill file is deleted on close");
            }
        }
    }

    @Test
    void aRecordingShorterThanAWindowGivesNone(@TempDir Path dir) throws IOException {
        CorpusRecording shortOne = recording(dir, "s", 10, 5);
        CorpusRecording full = recording(dir, "f", 30, 6);
        try (WindowSet set = WindowSet.load(List.of(shortOne, full), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG_PER_RECORDING), RULE, 1)) {
            assertEquals(4, set.size()); // 30 s: starts 0, 5, 10, 15; none of them ambiguous
            assertEquals(1, set.recordingNames().size());
        }
    }

    @Test
    void bullSpansAreWhereEventsLieInEachWindow(@TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "e", 30, 6);
        try (WindowSet set = WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG_PER_RECORDING), RULE, 1)) {
            // windows start at 0, 5, 10, 15 s; the bull at 20-23 s lies in the last two
            assertEquals(4, set.size());
            assertArrayEquals(new float[0], set.bullSpans(0).orElseThrow());
            assertArrayEquals(new float[0], set.bullSpans(1).orElseThrow()); // 5-20 s only touches it
            assertArrayEquals(new float[] {10 / 15f, 13 / 15f}, set.bullSpans(2).orElseThrow(), 1e-6f);
            assertArrayEquals(new float[] {5 / 15f, 8 / 15f}, set.bullSpans(3).orElseThrow(), 1e-6f);
            for (int i = 0; i < set.size(); i++) {
                assertEquals(set.isBull(i), set.bullSpans(i).orElseThrow().length > 0, "window " + i);
            }
        }
    }

    @Test
    void spansAreClippedToTheWindowAndUnknownForPointEvents() {
        List<Annotation> events = List.of(Annotation.of(2, 6), Annotation.of(14, 20), Annotation.of(40, 41));
        assertArrayEquals(new float[] {0, 1 / 15f, 9 / 15f, 1}, WindowSet.spans(5, 15, events), 1e-6f);
        assertArrayEquals(new float[0], WindowSet.spans(21, 15, events));
        // a point event says a bull is there, not how long: the window's frame targets are unknown
        List<Annotation> point = List.of(Annotation.of(2, 6), Annotation.of(8, 8));
        assertEquals(null, WindowSet.spans(0, 15, point));
        // a point event outside the window changes nothing
        assertArrayEquals(new float[] {2 / 15f, 6 / 15f}, WindowSet.spans(0, 15,
                List.of(Annotation.of(2, 6), Annotation.of(18, 18))), 1e-6f);
    }

    @Test
    void computedWindowsCarrySpansWhenGivenAndCheckThem() {
        List<float[]> features = List.of(new float[] {1, 2}, new float[] {3, 4});
        List<float[]> spans = java.util.Arrays.asList(new float[] {0.1f, 0.4f}, null);
        WindowSet set = new WindowSet(1, 2, features, new boolean[] {true, false}, spans,
                List.of("a", "a"), List.of("s", "s"));
        assertArrayEquals(new float[] {0.1f, 0.4f}, set.bullSpans(0).orElseThrow());
        assertTrue(set.bullSpans(1).isEmpty());
        assertTrue(new WindowSet(1, 2, features, new boolean[] {true, false}, List.of("a", "a"),
                List.of("s", "s")).bullSpans(0).isEmpty());
        assertTrue(set.startSeconds(0).isEmpty() && set.windowSeconds().isEmpty(), "computed: no positions");
        assertThrows(IllegalArgumentException.class, () -> new WindowSet(1, 2, features,
                new boolean[] {true, false}, List.of(new float[] {0.5f, 0.2f}, new float[0]),
                List.of("a", "a"), List.of("s", "s")));
        assertThrows(IllegalArgumentException.class, () -> new WindowSet(1, 2, features,
                new boolean[] {true, false}, List.of(new float[] {0.5f}), List.of("a", "a"),
                List.of("s", "s")));
    }

    @Test
    void aHopLongerThanTheWindowIsRefused(@TempDir Path dir) throws IOException {
        CorpusRecording rec = recording(dir, "d", 30, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG), 20, RULE, 1));
        assertTrue(e.getMessage().contains("hop"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> WindowSet.load(List.of(rec), FeaturePipeline.of(MEL, SPEC, InputNormalisation.LOG), 0, RULE, 1));
    }
}
