package io.bullwatch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.testing.WavBytes;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
