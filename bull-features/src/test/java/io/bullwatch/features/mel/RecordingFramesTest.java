package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows read back from kept frames against {@link MelSpectrogramExtractor#streamWindows} with
 * {@link EdgeMode#CONTEXT}: exact ({@code ==} on every float), on the heap, across the heap/file
 * boundary and wholly from the file.
 */
class RecordingFramesTest {

    private static final MelConfig CONFIG = StreamingTest.CONFIG; // 8 kHz, nFft 512, hop 128, 32 mels

    /** Overlapping windows, most of them off the frame grid, the last ending at the end. */
    private static List<Window> windows(long samples) {
        List<Window> out = new ArrayList<>();
        int length = 6000; // 47 frames
        int i = 0;
        for (long start = 0; start + length <= samples; start += 1900) {
            out.add(new Window(i++, start, start + length));
        }
        out.add(new Window(i, samples - length, samples));
        return out;
    }

    private static List<float[]> reference(MelConfig config, AudioSource source, List<Window> windows)
            throws IOException {
        List<float[]> out = new ArrayList<>();
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(config)) {
            e.streamWindows(source, windows, EdgeMode.CONTEXT, (w, m) -> out.add(m.values()));
        }
        return out;
    }

    @Test
    void windowsEqualStreamedContextWindowsOnHeapAcrossTheBoundaryAndOnDisk(@TempDir Path dir)
            throws IOException {
        float[] x = StreamingTest.noise(100_003, 11);
        AudioSource source = AudioSource.of(x, CONFIG.sampleRate());
        List<Window> windows = windows(x.length);
        List<float[]> expected = reference(CONFIG, source, windows);
        long frames = CONFIG.frames(x.length);
        long row = 32L * 4;
        for (long budget : new long[] {Long.MAX_VALUE, 300 * row, 0}) {
            for (int threads : new int[] {1, 2}) {
                try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG, ExtractorOptions.threads(threads).withChunkFrames(100));
                        RecordingFrames kept = RecordingFrames.compute(e, source, null, budget, dir, null)) {
                    assertEquals(frames, kept.frames());
                    assertEquals(Math.min(frames, budget / row), kept.heapFrames());
                    assertEquals(kept.spilledFrames() > 0, kept.spillFile().isPresent());
                    for (int i = 0; i < windows.size(); i++) {
                        Window w = windows.get(i);
                        float[] got = new float[kept.windowFrames(w) * 32 + 5];
                        kept.window(w, got, 5);
                        float[] slice = java.util.Arrays.copyOfRange(got, 5, got.length);
                        assertArrayEquals(expected.get(i), slice, "budget " + budget + ", window " + i);
                    }
                }
                assertEquals(List.of(), list(dir), "spill file deleted on close");
            }
        }
    }

    @Test
    void aTransformIsAppliedOnceAndEqualsTransformingEachWindow(@TempDir Path dir) throws IOException {
        float[] x = StreamingTest.noise(40_000, 12);
        AudioSource source = AudioSource.of(x, CONFIG.sampleRate());
        List<Window> windows = windows(x.length);
        List<float[]> expected = reference(CONFIG, source, windows);
        RecordingFrames.ValueTransform log = (v, from, to) -> {
            for (int i = from; i < to; i++) {
                v[i] = (float) Math.log(v[i] + 1e-10f);
            }
        };
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG);
                RecordingFrames kept = RecordingFrames.compute(e, source, log, 50 * 32 * 4, dir, null)) {
            assertTrue(kept.spilledFrames() > 0);
            for (int i = 0; i < windows.size(); i++) {
                float[] want = expected.get(i);
                log.apply(want, 0, want.length);
                float[] got = new float[want.length];
                kept.window(windows.get(i), got, 0);
                assertArrayEquals(want, got, "window " + i);
            }
        }
    }

    @Test
    void topDbIsAppliedPerWindowAndRefusesATransform(@TempDir Path dir) throws IOException {
        MelConfig db = CONFIG.toBuilder().optScale(OutputScale.DB).optTopDb(20).build();
        float[] x = StreamingTest.noise(40_000, 13);
        for (int i = 20_000; i < x.length; i++) {
            x[i] *= 1e-3f;
        }
        AudioSource source = AudioSource.of(x, db.sampleRate());
        List<Window> windows = windows(x.length);
        List<float[]> expected = reference(db, source, windows);
        assertFalse(RecordingFrames.transformsExactly(db));
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(db)) {
            try (RecordingFrames kept = RecordingFrames.compute(e, source, null, 40 * 32 * 4, dir, null)) {
                for (int i = 0; i < windows.size(); i++) {
                    float[] got = new float[expected.get(i).length];
                    kept.window(windows.get(i), got, 0);
                    assertArrayEquals(expected.get(i), got, "window " + i);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> RecordingFrames.compute(e, source,
                    (v, from, to) -> { }, 0, dir, null));
        }
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aWindowPastTheEndIsRefusedAndAFailureDeletesTheFile(@TempDir Path dir) throws IOException {
        float[] x = StreamingTest.noise(40_000, 14);
        AudioSource source = AudioSource.of(x, CONFIG.sampleRate());
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG, ExtractorOptions.threads(1).withChunkFrames(50))) {
            try (RecordingFrames kept = RecordingFrames.compute(e, source, null, 0, dir, null)) {
                assertThrows(IllegalArgumentException.class,
                        () -> kept.window(new Window(0, 35_000, 41_000), new float[47 * 32], 0));
            }
            int[] blocks = {0};
            assertThrows(InterruptedIOException.class, () -> RecordingFrames.compute(e, source, null, 0,
                    dir, (first, count, block) -> {
                        assertEquals(1, list(dir).size(), "the spill file exists while computing");
                        if (++blocks[0] == 3) {
                            throw new InterruptedIOException("stop");
                        }
                    }));
            assertEquals(3, blocks[0]);
        }
        assertEquals(List.of(), list(dir), "spill file deleted after a failure");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
