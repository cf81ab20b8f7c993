package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.testing.WavBytes;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.resample.Resampling;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    /** A parsed .npy file: shape and values in C order (row-major). */
    record Array(int rows, int columns, float[] values) {}

    /** Reads a 2-D float32 .npy independently of the writer: magic, header dict, data. */
    static Array readNpy(Path file) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get());
        assertEquals(0, b.get());
        int headerLength = b.getShort() & 0xffff;
        byte[] header = new byte[headerLength];
        b.get(header);
        String dict = new String(header, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        assertTrue(dict.endsWith("\n"));
        Matcher m = Pattern.compile("\\{'descr': '<f4', 'fortran_order': (True|False), 'shape': \\((\\d+), (\\d+)\\), \\} *\n")
                .matcher(dict);
        assertTrue(m.matches(), dict);
        boolean fortran = m.group(1).equals("True");
        int rows = Integer.parseInt(m.group(2));
        int columns = Integer.parseInt(m.group(3));
        assertEquals(4L * rows * columns, b.remaining());
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            int r = fortran ? i % rows : i / columns;
            int c = fortran ? i / rows : i % columns;
            values[r * columns + c] = b.getFloat();
        }
        return new Array(rows, columns, values);
    }

    private Path wav(int rate, int samples) throws Exception {
        Random random = new Random(7);
        ByteBuffer data = ByteBuffer.allocate(2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) (8000 * Math.sin(i * 0.07) + 2000 * random.nextGaussian()));
        }
        Path file = dir.resolve("a.wav");
        Files.write(file, WavBytes.riff().fmt(1, 1, rate, 16).data(data.array()).build());
        return file;
    }

    @Test
    void writesTheSeedsFeaturesOfAStretch() throws Exception {
        Path file = wav(16000, 16000);
        Path npy = dir.resolve("x.npy");
        int code = run("features", file.toString(), "--out", npy.toString(), "--start", "0.25",
                "--duration", "0.5", "--n-fft", "512", "--hop", "128", "--n-mels", "40", "--threads", "2");
        assertEquals(0, code, err.toString());
        Array a = readNpy(npy);
        assertEquals(40, a.rows());
        assertEquals(1 + 8000 / 128, a.columns());
        MelConfig config = MelConfig.builder().optSampleRate(16000).optNFft(512).optHop(128).optNMels(40).build();
        try (AudioSource source = WavFile.open(file);
                MelSpectrogramExtractor e = MelSpectrogramExtractor.create(config)) {
            float[] all = source.readFrames(0, 16000);
            assertArrayEquals(e.extract(all, 4000, 8000).values(), a.values());
        }
        String line = out.toString().trim();
        assertTrue(line.contains("\"shape\":[40,63]"), line);
        assertTrue(line.contains("\"nFft\":\"512\"") || line.contains("\"nFft\":512"), line);
        assertFalse(Files.exists(dir.resolve("x.npy.part")));
    }

    @Test
    void contextEdgesAndDbScale() throws Exception {
        Path file = wav(8000, 8000);
        Path npy = dir.resolve("c.npy");
        int code = run("features", file.toString(), "--out", npy.toString(), "--start", "0.128",
                "--duration", "0.5", "--n-fft", "256", "--hop", "64", "--n-mels", "20", "--edges", "context",
                "--scale", "db", "--top-db", "60");
        assertEquals(0, code, err.toString());
        Array a = readNpy(npy);
        assertEquals(1 + 4000 / 64, a.columns());
        float max = Float.NEGATIVE_INFINITY;
        for (float v : a.values()) {
            max = Math.max(max, v);
        }
        for (float v : a.values()) {
            assertTrue(v >= max - 60.001f);
        }
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Path file = wav(8000, 800);
        assertEquals(2, run("features", file.toString(), "--out", dir.resolve("y.npy").toString(),
                "--n-fft", "1000"));
        assertTrue(err.toString().contains("nFft must be a power of two"), err.toString());
        assertEquals(2, run("features", file.toString()));
        assertEquals(1, run("features", dir.resolve("missing.wav").toString(), "--out",
                dir.resolve("z.npy").toString()));
        // the recording itself as --out: refused, the recording kept
        byte[] recording = Files.readAllBytes(file);
        err.getBuffer().setLength(0);
        assertEquals(2, run("features", file.toString(), "--out", file.toString()));
        assertTrue(err.toString().contains("is the recording"), err.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(recording, Files.readAllBytes(file));
        // a malformed --config names its file
        Path config = Files.writeString(dir.resolve("mel.json"), "{\"nFft\": ");
        err.getBuffer().setLength(0);
        assertEquals(1, run("features", file.toString(), "--out", dir.resolve("c.npy").toString(), "--config",
                config.toString()));
        assertTrue(err.toString().contains(config + ": "), err.toString());
    }

    @Test
    void stretchesPastTheEndEmptyAndTinyRecordingsAreNamed() throws Exception {
        Path file = wav(8000, 8000 * 3); // 3 s
        Path npy = dir.resolve("p.npy");
        // past the end: refused (zeros would pass for silence), nothing written
        assertEquals(2, run("features", file.toString(), "--out", npy.toString(), "--start", "2", "--duration", "15",
                "--n-fft", "256", "--hop", "64", "--n-mels", "20"));
        assertTrue(err.toString().contains("runs to 17.0 s, after the end of " + file + " at 3.0 s"), err.toString());
        assertFalse(Files.exists(npy));
        // up to the end: fine
        assertEquals(0, run("features", file.toString(), "--out", npy.toString(), "--start", "2", "--duration", "1",
                "--n-fft", "256", "--hop", "64", "--n-mels", "20"), err.toString());
        // a recording without samples: named, exit 1
        Path empty = dir.resolve("empty.wav");
        Files.write(empty, WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[0]).build());
        err.getBuffer().setLength(0);
        assertEquals(1, run("features", empty.toString(), "--out", dir.resolve("e.npy").toString()));
        assertTrue(err.toString().contains(empty + ": ") && err.toString().contains("holds no samples"),
                err.toString());
        // ten samples: too few for the default reflect padding, named with the option that helps
        Path tiny = dir.resolve("tiny.wav");
        Files.write(tiny, WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[20]).build());
        err.getBuffer().setLength(0);
        assertEquals(1, run("features", tiny.toString(), "--out", dir.resolve("t.npy").toString(),
                "--n-fft", "256", "--hop", "64", "--n-mels", "20"));
        assertTrue(err.toString().contains(tiny + ": ") && err.toString().contains("the stretch holds 10 samples")
                && err.toString().contains("--pad-mode constant"), err.toString());
        assertEquals(0, run("features", tiny.toString(), "--out", dir.resolve("t.npy").toString(),
                "--n-fft", "256", "--hop", "64", "--n-mels", "20", "--pad-mode", "constant"), err.toString());
    }

    @Test
    void otherRateIsRefusedWithoutResampleAndResampledWithIt() throws Exception {
        Path file = wav(16000, 16000);
        MelConfig at22k = MelConfig.builder().optSampleRate(22050).optNFft(512).optHop(128).optNMels(40).build();
        Path json = dir.resolve("mel22k.json");
        Files.writeString(json, at22k.toJson());
        Path npy = dir.resolve("r.npy");

        assertEquals(2, run("features", file.toString(), "--out", npy.toString(), "--config", json.toString()));
        String e = err.toString();
        assertTrue(e.contains(file.toString()) && e.contains("16000 Hz") && e.contains("22050 Hz")
                && e.contains("--resample"), e);
        err.getBuffer().setLength(0);
        assertEquals(2, run("features", file.toString(), "--out", npy.toString(), "--sample-rate", "22050",
                "--n-fft", "512", "--hop", "128", "--n-mels", "40"));
        assertTrue(err.toString().contains("--sample-rate 22050") && err.toString().contains("--resample"),
                err.toString());
        assertFalse(Files.exists(npy));

        assertEquals(0, run("features", file.toString(), "--out", npy.toString(), "--config", json.toString(),
                "--resample"), err.toString());
        Array a = readNpy(npy);
        // 16,000 samples at 16 kHz are ceil(16000 * 441 / 320) = 22,050 samples at 22.05 kHz
        assertEquals(40, a.rows());
        assertEquals(1 + 22050 / 128, a.columns());
        try (AudioSource resampled = Resampling.forConfig(WavFile.open(file), at22k, Resampling.RatePolicy.RESAMPLE);
                MelSpectrogramExtractor x = MelSpectrogramExtractor.create(at22k)) {
            assertEquals(22050, resampled.frames());
            assertArrayEquals(x.extract(resampled, 0, 22050).values(), a.values());
        }
        assertTrue(out.toString().contains("\"resampled\":{\"fromHz\":16000,\"toHz\":22050"), out.toString());

        // --sample-rate alone; --start and --duration count seconds at the features' rate
        out.getBuffer().setLength(0);
        assertEquals(0, run("features", file.toString(), "--out", npy.toString(), "--sample-rate", "22050",
                "--n-fft", "512", "--hop", "128", "--n-mels", "40", "--resample", "--resampler", "kaiser_fast",
                "--start", "0.25", "--duration", "0.5"), err.toString());
        assertEquals(1 + 11025 / 128, readNpy(npy).columns());
        assertTrue(out.toString().contains("\"sampleRate\":22050") || out.toString().contains("\"sampleRate\":\"22050\""),
                out.toString());
    }

    @Test
    void cacheIsWrittenOnceAndReused() throws Exception {
        Path file = wav(16000, 16000);
        Path cache = dir.resolve("cache");
        String[] mel = {"--n-fft", "512", "--hop", "128", "--n-mels", "40", "--scale", "db", "--top-db", "60"};
        Path first = dir.resolve("first.npy");
        Path second = dir.resolve("second.npy");
        Path direct = dir.resolve("direct.npy");
        String[] stretch = {"--start", "0.3", "--duration", "0.5"};

        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", first.toString(), "--cache",
                cache.toString()), stretch, mel)), err.toString());
        assertTrue(out.toString().contains("\"hit\":false"), out.toString());
        assertTrue(out.toString().contains("\"edges\":\"context\""), out.toString());
        List<Path> entries;
        try (var files = Files.list(cache)) {
            entries = files.toList();
        }
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).getFileName().toString().startsWith("a.wav-")
                && entries.get(0).toString().endsWith(".melcache"), entries.toString());
        long modified = Files.getLastModifiedTime(entries.get(0)).toMillis();

        out.getBuffer().setLength(0);
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", second.toString(), "--cache",
                cache.toString()), stretch, mel)), err.toString());
        assertTrue(out.toString().contains("\"hit\":true"), out.toString());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertEquals(modified, Files.getLastModifiedTime(entries.get(0)).toMillis());

        // the same values as context edges computed without the cache (off-grid start, topDb floor)
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", direct.toString(), "--edges",
                "context"), stretch, mel)), err.toString());
        Array cached = readNpy(second);
        assertEquals(1 + 8000 / 128, cached.columns());
        assertArrayEquals(readNpy(direct).values(), cached.values());

        // the whole recording: the same as without the cache
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", first.toString(), "--cache",
                cache.toString()), mel)), err.toString());
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", direct.toString()), mel)),
                err.toString());
        assertArrayEquals(readNpy(direct).values(), readNpy(first).values());

        // per-window edges cannot come from the cache; nor can a stretch past the end
        assertEquals(2, run(concat(List.of("features", file.toString(), "--out", first.toString(), "--cache",
                cache.toString(), "--edges", "per_window"), stretch, mel)));
        assertTrue(err.toString().contains("--edges context"), err.toString());
        assertEquals(2, run(concat(List.of("features", file.toString(), "--out", first.toString(), "--cache",
                cache.toString(), "--start", "0.8", "--duration", "0.5"), mel)));
        assertTrue(err.toString().contains("after the end of"), err.toString());
    }

    @Test
    void resampledFeaturesAreCachedApart() throws Exception {
        Path file = wav(16000, 8000);
        Path cache = dir.resolve("cache");
        Path npy = dir.resolve("x.npy");
        String[] mel = {"--n-fft", "256", "--hop", "64", "--n-mels", "20"};
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", npy.toString(), "--cache",
                cache.toString()), mel)), err.toString());
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", npy.toString(), "--cache",
                cache.toString(), "--sample-rate", "8000", "--resample"), mel)), err.toString());
        assertEquals(1 + 4000 / 64, readNpy(npy).columns());
        assertEquals(0, run(concat(List.of("features", file.toString(), "--out", npy.toString(), "--cache",
                cache.toString(), "--sample-rate", "8000", "--resample", "--resampler", "kaiser_fast"), mel)),
                err.toString());
        String[] lines = out.toString().trim().split("\n");
        assertEquals(3, lines.length);
        for (String line : lines) {
            assertTrue(line.contains("\"hit\":false"), line);
        }
        try (var files = Files.list(cache)) {
            assertEquals(3, files.count());
        }
    }

    private static String[] concat(List<String> head, String[]... tails) {
        List<String> all = new java.util.ArrayList<>(head);
        for (String[] t : tails) {
            all.addAll(List.of(t));
        }
        return all.toArray(String[]::new);
    }

    @Test
    void headerIsPaddedForAnyShape() {
        for (long rows : new long[] {1, 128, 100000}) {
            byte[] h = Npy.header(rows, 646, false);
            assertEquals(0, h.length % 64);
            assertEquals('\n', h[h.length - 1]);
        }
    }
}
