package io.bullwatch.features.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.mel.ExtractorOptions;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    private static final MelConfig CONFIG = MelConfig.builder().optSampleRate(8000).optNFft(256).optHop(64)
            .optNMels(24).build();

    @TempDir
    Path tmp;

    private static float[] signal(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 8000.0) + 0.1 * r.nextGaussian()
                    + (i > n / 2 ? 0.5 * Math.sin(2 * Math.PI * 2500 * i / 8000.0) : 0));
        }
        return x;
    }

    private static MelSpectrogram direct(MelConfig config, float[] samples) {
        try (MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(config, 1)) {
            return mel.extract(samples);
        }
    }

    private Path wav(String name, float[] samples) throws IOException {
        Path p = tmp.resolve(name);
        WavWriter.write(p, samples, 8000, SampleEncoding.FLOAT_32);
        return p;
    }

    private FeatureCache cache(MelConfig config, CacheDtype dtype) {
        return FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(config).optDtype(dtype).build();
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void float32EntryEqualsDirectExtractionAndIsReusedUntilTheRecordingChanges() throws IOException {
        float[] x = signal(1, 12000);
        Path rec = wav("night.wav", x);
        FeatureCache cache = cache(CONFIG, CacheDtype.FLOAT32);
        assertFalse(cache.isCached(rec));
        CachedFeatures first = cache.open(rec);
        assertTrue(first.computed());
        assertTrue(cache.isCached(rec));
        MelSpectrogram ref = direct(CONFIG, x);
        assertEquals(ref.frames(), first.frames());
        assertEquals(24, first.mels());
        MelSpectrogram all = first.window(0, ref.frames());
        assertEquals(List.of(), diff(ref.values(), all.values(), 0));
        MelSpectrogram w = first.window(40, 30);
        for (int m = 0; m < 24; m++) {
            for (int j = 0; j < 30; j++) {
                assertEquals(ref.get(m, 40 + j), w.get(m, j));
            }
        }
        CachedFeatures again = cache.open(rec);
        assertFalse(again.computed());
        assertEquals(first.file(), again.file());
        assertEquals(List.of(), diff(ref.values(), again.window(0, ref.frames()).values(), 0));
        assertEquals(1, cacheFiles().size());

        // touching the recording invalidates the entry, which is replaced in place
        Files.setLastModifiedTime(rec, FileTime.fromMillis(Files.getLastModifiedTime(rec).toMillis() + 2000));
        assertFalse(cache.isCached(rec));
        CachedFeatures touched = cache.open(rec);
        assertTrue(touched.computed());
        assertEquals(List.of(cacheFiles().get(0)), cacheFiles());

        // new content: new features
        float[] y = signal(2, 12000);
        WavWriter.write(rec, y, 8000, SampleEncoding.FLOAT_32);
        Files.setLastModifiedTime(rec, FileTime.fromMillis(Files.getLastModifiedTime(rec).toMillis() + 4000));
        CachedFeatures changed = cache.open(rec);
        assertTrue(changed.computed());
        assertEquals(List.of(), diff(direct(CONFIG, y).values(), changed.window(0, ref.frames()).values(), 0));
    }

    @Test
    void anotherConfigurationOrDtypeNeverReusesAnEntry() throws IOException {
        Path rec = wav("a.wav", signal(3, 6000));
        assertTrue(cache(CONFIG, CacheDtype.FLOAT32).open(rec).computed());
        MelConfig other = CONFIG.toBuilder().optHop(32).build();
        FeatureCache otherCache = cache(other, CacheDtype.FLOAT32);
        assertFalse(otherCache.isCached(rec));
        CachedFeatures o = otherCache.open(rec);
        assertTrue(o.computed());
        assertEquals(other.frames(6000), o.frames());
        assertTrue(cache(CONFIG, CacheDtype.FLOAT16).open(rec).computed());
        assertEquals(3, cacheFiles().size());
        assertFalse(cache(CONFIG, CacheDtype.FLOAT32).open(rec).computed());
        assertNotEquals(cache(CONFIG, CacheDtype.FLOAT32).fileFor(rec), otherCache.fileFor(rec));
    }

    @Test
    void theFftPathIsPartOfTheKeyAndJTransformsKeepsTheOldKey() throws IOException {
        Path rec = wav("p.wav", signal(8, 6000));
        FeatureCache jt = FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(CONFIG)
                .optFftPath(FftPath.JTRANSFORMS).build();
        assertEquals(FftPath.JTRANSFORMS, jt.fftPath());
        assertEquals(FftPath.fromSystemProperty(), cache(CONFIG, CacheDtype.FLOAT32).fftPath());
        // the key of caches written before the vector path existed (no FFT path in it)
        String key = rec.toRealPath() + "\n" + CONFIG.toJson() + "\n" + CacheDtype.FLOAT32 + "\n";
        byte[] sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        String hash = java.util.HexFormat.of().formatHex(sha, 0, 16);
        assertEquals("p.wav-" + hash + FeatureCache.SUFFIX, jt.fileFor(rec).getFileName().toString());
        if (FftPath.vectorModulePresent()) {
            FeatureCache vec = FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(CONFIG)
                    .optFftPath(FftPath.VECTOR).build();
            assertNotEquals(jt.fileFor(rec), vec.fileFor(rec));
            assertTrue(jt.open(rec).computed());
            assertFalse(vec.isCached(rec));
            CachedFeatures v = vec.open(rec);
            assertTrue(v.computed());
            try (MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(CONFIG, new ExtractorOptions(1, ExtractorOptions.DEFAULT_CHUNK_FRAMES, FftPath.VECTOR))) {
                MelSpectrogram ref = mel.extract(signal(8, 6000));
                assertEquals(List.of(), diff(ref.values(), v.window(0, ref.frames()).values(), 0));
            }
        }
    }

    @Test
    void float16EntryIsWithinHalfPrecision() throws IOException {
        float[] x = signal(4, 10000);
        Path rec = wav("h.wav", x);
        CachedFeatures f = cache(CONFIG, CacheDtype.FLOAT16).open(rec);
        MelSpectrogram ref = direct(CONFIG, x);
        MelSpectrogram got = f.window(0, ref.frames());
        double worst = 0;
        for (int i = 0; i < ref.values().length; i++) {
            double r = ref.values()[i];
            double err = Math.abs(got.values()[i] - r);
            assertTrue(err <= Math.abs(r) * 0x1p-11 + 0x1p-25, "value " + r + " read back " + got.values()[i]);
            if (Math.abs(r) > 1e-4) {
                worst = Math.max(worst, err / Math.abs(r));
            }
        }
        assertTrue(worst > 0 && worst <= 0x1p-11, "worst relative error " + worst);
        long header = Files.size(f.file()) - f.frames() * 24 * 2; // two bytes a value
        assertTrue(header >= 64 && header % 64 == 0 && header < 4096, "header " + header);
    }

    @Test
    void float16StoresPowerBeyondItsRangeAsItsLargestNeverAsInfinity() throws IOException {
        // a loud tone at a larger FFT: linear mel power well above 65504
        MelConfig loud = MelConfig.builder().optSampleRate(8000).optNFft(2048).optHop(512).optNMels(24).build();
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.99 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        Path rec = wav("loud.wav", x);
        MelSpectrogram ref = direct(loud, x);
        int above = 0;
        for (float v : ref.values()) {
            above += v > Half.MAX_VALUE ? 1 : 0;
        }
        assertTrue(above > 0, "the tone must exceed float16's range for this test to mean anything");
        MelSpectrogram got = FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(loud)
                .optDtype(CacheDtype.FLOAT16).build().open(rec).window(0, ref.frames());
        for (int i = 0; i < ref.values().length; i++) {
            float r = ref.values()[i];
            float g = got.values()[i];
            if (r > Half.MAX_VALUE) {
                assertEquals(Half.MAX_VALUE, g, 0f, "value " + r);
            } else {
                assertTrue(Math.abs(g - r) <= Math.abs(r) * 0x1p-11 + 0x1p-25, "value " + r + " read back " + g);
            }
        }
    }

    @Test
    void severalMapsServeTheSameValues() throws IOException {
        float[] x = signal(5, 9000);
        Path rec = wav("s.wav", x);
        FeatureCache small = FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(CONFIG)
                .segmentBytes(7 * 24 * 4 + 5).build(); // 7 frames per map, a frame never split
        CachedFeatures f = small.open(rec);
        MelSpectrogram ref = direct(CONFIG, x);
        assertEquals(List.of(), diff(ref.values(), f.window(0, ref.frames()).values(), 0));
        MelSpectrogram straddle = f.window(5, 9);
        float[] frames = new float[9 * 24];
        f.readFrames(5, 9, frames, 0);
        for (int m = 0; m < 24; m++) {
            for (int j = 0; j < 9; j++) {
                assertEquals(ref.get(m, 5 + j), straddle.get(m, j));
                assertEquals(ref.get(m, 5 + j), frames[j * 24 + m]);
                assertEquals(ref.get(m, 5 + j), f.get(5 + j, m));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> f.window(ref.frames() - 2, 3));
    }

    @Test
    void corruptOrTruncatedFilesAreDetectedDeletedAndRecomputed() throws IOException {
        float[] x = signal(6, 8000);
        Path rec = wav("c.wav", x);
        FeatureCache cache = cache(CONFIG, CacheDtype.FLOAT32);
        Path file = cache.open(rec).file();
        long size = Files.size(file);
        MelSpectrogram ref = direct(CONFIG, x);

        // a flipped bit in the data
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(size - 100);
            int b = raf.read();
            raf.seek(size - 100);
            raf.write(b ^ 0x10);
        }
        CachedFeatures fixed = cache.open(rec);
        assertTrue(fixed.computed());
        assertEquals(List.of(), diff(ref.values(), fixed.window(0, ref.frames()).values(), 0));

        // truncated
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size - 4);
        }
        assertFalse(cache.isCached(rec));
        assertTrue(cache.open(rec).computed());
        assertEquals(size, Files.size(file));

        // not a cache file at all, and an empty file
        Files.writeString(file, "hello");
        assertTrue(cache.open(rec).computed());
        Files.write(file, new byte[0]);
        assertTrue(cache.open(rec).computed());
        // a header claiming another shape
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(20);
            raf.write(25);
        }
        assertTrue(cache.open(rec).computed());
        assertFalse(cache.open(rec).computed());
        assertEquals(List.of(file), cacheFiles(), "no temporary files left behind");
    }

    @Test
    void wrongSampleRateIsRefusedAndLeavesNothing() throws IOException {
        Path rec = tmp.resolve("r.wav");
        WavWriter.write(rec, signal(7, 4000), 16000, SampleEncoding.FLOAT_32);
        FeatureCache cache = cache(CONFIG, CacheDtype.FLOAT32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.open(rec));
        assertTrue(e.getMessage().contains("16000 Hz"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void concurrentReadersSeeTheSameValues() throws Exception {
        float[] x = signal(8, 16000);
        Path rec = wav("p.wav", x);
        CachedFeatures f = cache(CONFIG, CacheDtype.FLOAT16).open(rec);
        MelSpectrogram whole = f.window(0, (int) f.frames());
        java.util.List<Integer> starts = java.util.stream.IntStream.range(0, 400).map(i -> (i * 37) % ((int) f.frames() - 50))
                .boxed().toList();
        starts.parallelStream().forEach(s -> {
            MelSpectrogram w = f.window(s, 50);
            for (int m = 0; m < 24; m++) {
                for (int j = 0; j < 50; j++) {
                    assertEquals(whole.get(m, s + j), w.get(m, j));
                }
            }
        });
    }

    @Test
    void leftoverTemporaryFilesAreDeletedWhenOld() throws IOException {
        FeatureCache cache = cache(CONFIG, CacheDtype.FLOAT32);
        assertEquals(0, cache.deleteLeftovers(java.time.Duration.ZERO));
        Path rec = wav("l.wav", signal(9, 3000));
        Path entry = cache.open(rec).file();
        Path old = tmp.resolve("cache").resolve(entry.getFileName() + "123.part");
        Path young = tmp.resolve("cache").resolve(entry.getFileName() + "456.part");
        Files.write(old, new byte[10]);
        Files.write(young, new byte[10]);
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        assertEquals(1, cache.deleteLeftovers(java.time.Duration.ofHours(1)));
        assertEquals(List.of(entry, young), cacheFiles());
        assertFalse(cache.open(rec).computed());
    }

    @Test
    void aCacheDeletesOldLeftoversBeforeTheFirstEntryItWrites() throws IOException {
        Path rec = wav("k.wav", signal(11, 3000));
        Path dir = tmp.resolve("cache");
        Files.createDirectories(dir);
        String stem = "k.wav-0123456789abcdef" + FeatureCache.SUFFIX;
        Path old = dir.resolve(stem + "123.part");
        Path young = dir.resolve(stem + "456.part");
        Path notOurs = dir.resolve("notes.part");
        for (Path p : List.of(old, young, notOurs)) {
            Files.write(p, new byte[10]);
        }
        long twoHoursAgo = System.currentTimeMillis() - 7_200_000;
        Files.setLastModifiedTime(old, FileTime.fromMillis(twoHoursAgo));
        Files.setLastModifiedTime(notOurs, FileTime.fromMillis(twoHoursAgo));
        FeatureCache cache = cache(CONFIG, CacheDtype.FLOAT32);
        assertTrue(Files.exists(old), "building a cache deletes nothing");
        Path entry = cache.open(rec).file();
        assertFalse(Files.exists(old), "a crashed writer's old file is gone");
        assertTrue(Files.exists(young), "a young one may be a running writer's");
        assertTrue(Files.exists(notOurs), "a file that is no cache entry's is left alone");
        assertTrue(Files.exists(entry));
    }

    private static List<Integer> diff(float[] a, float[] b, float tol) {
        assertEquals(a.length, b.length);
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < a.length && out.size() < 5; i++) {
            if (Math.abs(a[i] - b[i]) > tol || Float.isNaN(b[i])) {
                out.add(i);
            }
        }
        return out;
    }
}
