package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How streamed frames relate to per-window frames. All comparisons are exact ({@code ==} on
 * every float): the same samples through the same code must give the same bits, whatever the
 * threads, the chunk size or the path taken. bull-features' pom runs this class on both FFT paths
 * (vector forced, and JTransforms without the Vector API module); the bit-identities hold within
 * a path, and the two paths agree to float rounding ({@link #theTwoFftPathsAgreeToFloatRounding}).
 */
class StreamingTest {

    static final int RATE = 8000;
    static final MelConfig CONFIG = MelConfig.builder().optSampleRate(RATE).optNFft(512).optHop(128)
            .optNMels(32).build();

    static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * r.nextGaussian() + 0.5 * Math.sin(i * 0.05));
        }
        return x;
    }

    /** The whole stream, mel-major. */
    static MelSpectrogram streamAll(MelSpectrogramExtractor extractor, AudioSource source)
            throws IOException {
        int nMels = extractor.config().nMels();
        int total = (int) extractor.config().frames(source.frames());
        float[] values = new float[nMels * total];
        long[] seen = {0};
        long frames = extractor.streamFrames(source, (first, count, block) -> {
            assertEquals(seen[0], first);
            for (int j = 0; j < count; j++) {
                for (int m = 0; m < nMels; m++) {
                    values[m * total + (int) first + j] = block[j * nMels + m];
                }
            }
            seen[0] += count;
        });
        assertEquals(total, frames);
        assertEquals(total, seen[0]);
        return new MelSpectrogram(nMels, total, values);
    }

    @Test
    void streamOfAWholeRecordingEqualsPerWindowExtractionOfIt() throws IOException {
        for (MelConfig config : List.of(CONFIG,
                CONFIG.toBuilder().optPadMode(MelConfig.PadMode.CONSTANT).build(),
                CONFIG.toBuilder().optCenter(false).optScale(OutputScale.LOG).build())) {
            float[] x = noise(20011, 1);
            MelSpectrogram reference;
            try (MelSpectrogramExtractor one = MelSpectrogramExtractor.create(config)) {
                reference = one.extract(x);
            }
            for (int threads : new int[] {1, 2, 3}) {
                for (int chunk : new int[] {1, 7, 64, 4096}) {
                    try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(config, ExtractorOptions.threads(threads).withChunkFrames(chunk))) {
                        MelSpectrogram streamed = streamAll(e, AudioSource.of(x, RATE));
                        assertArrayEquals(reference.values(), streamed.values(),
                                config + " threads " + threads + " chunk " + chunk);
                        assertArrayEquals(reference.values(), e.extract(x).values());
                    }
                }
            }
        }
    }

    @Test
    void contextWindowsShareInteriorFramesExactlyAndDifferOnlyAtEdges() throws IOException {
        float[] x = noise(40000, 2);
        AudioSource source = AudioSource.of(x, RATE);
        int length = 6400; // 51 frames; pad = 256 = 2 hops, so frames 0, 1 and 49, 50 see past the edges
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i * 1280 + length <= x.length; i++) {
            windows.add(new Window(i, i * 1280L, i * 1280L + length));
        }
        Map<Window, MelSpectrogram> got = collect(source, windows, EdgeMode.CONTEXT, 2, 16);
        assertEquals(windows.size(), got.size());
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG)) {
            for (Window w : windows) {
                MelSpectrogram own = e.extract(x, (int) w.startFrame(), length);
                MelSpectrogram slice = got.get(w);
                assertEquals(51, slice.frames());
                for (int f = 0; f < slice.frames(); f++) {
                    boolean interior = f >= 2 && f <= 48;
                    boolean equal = true;
                    for (int m = 0; m < slice.mels(); m++) {
                        equal &= own.get(m, f) == slice.get(m, f);
                    }
                    if (interior) {
                        assertTrue(equal, "window " + w.index() + " interior frame " + f);
                    } else if (w.startFrame() > 0 || f > 2) {
                        // an edge frame that sees real samples where the window saw a mirror
                        assertTrue(!equal, "window " + w.index() + " edge frame " + f);
                    }
                }
            }
        }
    }

    @Test
    void perWindowModeEqualsPerWindowExtractionExactly() throws IOException {
        float[] x = noise(30001, 3);
        AudioSource source = AudioSource.of(x, RATE);
        List<Window> windows = List.of(
                new Window(0, 0, 6400),
                new Window(1, 1280, 7680),      // on the frame grid
                new Window(2, 1500, 7900),      // off the grid: computed whole
                new Window(3, 2560, 2560 + 3000),
                new Window(4, 25600, 32000));   // runs 1999 samples past the end: zeros there
        for (int threads : new int[] {1, 2}) {
            Map<Window, MelSpectrogram> got = collect(source, windows, EdgeMode.PER_WINDOW, threads, 5);
            try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG)) {
                for (Window w : windows) {
                    MelSpectrogram own = e.extract(source, w.startFrame(), w.lengthFrames());
                    assertArrayEquals(own.values(), got.get(w).values(), "window " + w);
                }
                float[] padded = new float[6400];
                System.arraycopy(x, 25600, padded, 0, x.length - 25600);
                assertArrayEquals(e.extract(padded).values(), got.get(windows.get(4)).values());
            }
        }
    }

    @Test
    void contextWindowsOffTheGridAreTheNearestGridFrames() throws IOException {
        float[] x = noise(20000, 4);
        AudioSource source = AudioSource.of(x, RATE);
        List<Window> windows = List.of(new Window(0, 1000, 7400), new Window(1, 1100, 7500),
                new Window(2, 13600, 20000));
        Map<Window, MelSpectrogram> got = collect(source, windows, EdgeMode.CONTEXT, 1, 8);
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG)) {
            MelSpectrogram all = streamAll(e, source);
            // round(1000 / 128) = 8, round(1100 / 128) = 9; the last window's 51 frames end at
            // the stream's last frame (157 = 1 + 20000 / 128 frames), so it starts at frame 106
            int[] firstFrames = {8, 9, 106};
            for (int i = 0; i < windows.size(); i++) {
                MelSpectrogram slice = got.get(windows.get(i));
                for (int f = 0; f < slice.frames(); f++) {
                    for (int m = 0; m < slice.mels(); m++) {
                        assertEquals(all.get(m, firstFrames[i] + f), slice.get(m, f));
                    }
                }
            }
        }
    }

    @Test
    void topDbIsAppliedPerWindow() throws IOException {
        MelConfig db = CONFIG.toBuilder().optScale(OutputScale.DB).optTopDb(20).build();
        float[] x = noise(12800, 5);
        for (int i = 6400; i < x.length; i++) {
            x[i] *= 1e-3f; // the second window is 60 dB quieter
        }
        List<Window> windows = List.of(new Window(0, 0, 6400), new Window(1, 6400, 12800));
        Map<Window, MelSpectrogram> got = new LinkedHashMap<>();
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(db)) {
            e.streamWindows(AudioSource.of(x, RATE), windows, EdgeMode.PER_WINDOW, got::put);
            for (Window w : windows) {
                MelSpectrogram mel = got.get(w);
                float max = mel.max();
                for (float v : mel.values()) {
                    assertTrue(v >= max - 20 - 1e-3, "floor of window " + w.index());
                }
                assertArrayEquals(e.extract(x, (int) w.startFrame(), 6400).values(), mel.values());
            }
            assertTrue(got.get(windows.get(1)).max() < got.get(windows.get(0)).max() - 40);
        }
    }

    @Test
    void refusesWhatItCannotDo() throws IOException {
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG)) {
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                    () -> e.streamFrames(AudioSource.of(new float[10000], 16000), (a, b, c) -> { }));
            assertTrue(rate.getMessage().contains("16000 Hz but the mel configuration expects 8000"));
            IllegalArgumentException shortSignal = assertThrows(IllegalArgumentException.class,
                    () -> e.extract(new float[256]));
            assertTrue(shortSignal.getMessage().contains("too short for reflect padding"));
            assertThrows(IllegalArgumentException.class, () -> e.streamWindows(
                    AudioSource.of(new float[10000], RATE),
                    List.of(new Window(0, 2000, 4000), new Window(1, 1000, 3000)),
                    EdgeMode.CONTEXT, (w, m) -> { }));
        }
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(
                CONFIG.toBuilder().optPadMode(MelConfig.PadMode.CONSTANT).build())) {
            assertEquals(1, e.extract(new float[0]).frames());
        }
    }

    @Test
    void readErrorsDuringReadAheadAndConsumerErrorsReachTheCaller() throws IOException {
        float[] x = noise(20011, 4);
        AudioSource good = AudioSource.of(x, RATE);
        AudioSource failing = new AudioSource() {
            @Override
            public io.bullwatch.core.audio.AudioInfo info() {
                return good.info();
            }

            @Override
            public int read(long frame, float[] dst, int offset, int count) throws IOException {
                if (frame + count > 9000) {
                    throw new IOException("disk gone at " + frame);
                }
                return good.read(frame, dst, offset, count);
            }

            @Override
            public void close() {
            }
        };
        for (int threads : new int[] {1, 2, 3}) {
            try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG, ExtractorOptions.threads(threads).withChunkFrames(16))) {
                IOException io = assertThrows(IOException.class,
                        () -> e.streamFrames(failing, (first, count, block) -> { }));
                assertTrue(io.getMessage().startsWith("disk gone"), io.getMessage());
                IOException fromConsumer = assertThrows(IOException.class,
                        () -> e.streamFrames(good, (first, count, block) -> {
                            if (first > 40) {
                                throw new IOException("consumer full");
                            }
                        }));
                assertEquals("consumer full", fromConsumer.getMessage());
                // the extractor is still usable and exact after both failures
                assertArrayEquals(e.extract(x).values(), streamAll(e, good).values());
            }
        }
    }

    static Map<Window, MelSpectrogram> collect(AudioSource source, List<Window> windows,
            EdgeMode mode, int threads, int chunk) throws IOException {
        Map<Window, MelSpectrogram> got = new LinkedHashMap<>();
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(CONFIG, ExtractorOptions.threads(threads).withChunkFrames(chunk))) {
            e.streamWindows(source, windows, mode, (w, mel) -> {
                assertNotEquals(null, mel);
                got.put(w, mel);
            });
        }
        return got;
    }

    @Test
    void theTwoFftPathsAgreeToFloatRounding() throws IOException {
        Assumptions.assumeTrue(FftPath.vectorModulePresent(), "needs jdk.incubator.vector");
        float[] x = noise(20_000, 11);
        for (MelConfig c : List.of(CONFIG, CONFIG.toBuilder().optPower(1).build(),
                CONFIG.toBuilder().optScale(OutputScale.DB).build())) {
            float[] a;
            float[] b;
            try (MelSpectrogramExtractor jt = MelSpectrogramExtractor.create(c, new ExtractorOptions(2, 16, FftPath.JTRANSFORMS));
                    MelSpectrogramExtractor vec = MelSpectrogramExtractor.create(c, new ExtractorOptions(2, 16, FftPath.VECTOR))) {
                assertEquals(FftPath.VECTOR, vec.fftPath());
                a = jt.extract(x).values();
                b = vec.extract(x).values();
            }
            double worst = 0;
            for (int i = 0; i < a.length; i++) {
                double d = c.scale() == OutputScale.DB ? Math.abs(a[i] - b[i])
                        : Math.abs(a[i] - b[i]) / Math.max(1e-12, Math.abs(a[i]));
                worst = Math.max(worst, d);
            }
            // a few float ulps: 1e-6 relative; in dB 1e-5 dB absolute (2.3e-6 relative in power,
            // a float ulp of values between 32 and 64 dB is 3.8e-6)
            assertTrue(worst < (c.scale() == OutputScale.DB ? 1e-5 : 1e-6),
                    c.power() + " " + c.scale() + ": " + worst);
        }
    }
}
