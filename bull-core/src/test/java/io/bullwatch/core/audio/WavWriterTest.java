package io.bullwatch.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.testing.WavBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavWriterTest {

    @TempDir
    Path dir;

    private static float[] signal(int n) {
        double[] d = WavBytes.signal(n, 11);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void pcm16RoundTripIsWithinHalfAStep() throws IOException {
        float[] x = signal(70_000);
        Path p = dir.resolve("a.wav");
        WavWriter.write(p, x, 44_100, SampleEncoding.PCM_SIGNED_16);
        byte[] bytes = Files.readAllBytes(p);
        // independent check of the header fields
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(bytes.length - 8, b.getInt(4));
        assertEquals(70_000 * 2, b.getInt(WavWriter.HEADER_BYTES - 4));
        try (AudioSource a = WavFile.open(p)) {
            assertEquals(SampleEncoding.PCM_SIGNED_16, a.info().encoding());
            assertEquals("RIFF", a.info().container());
            assertTrue(a.info().warnings().isEmpty(), () -> a.info().warnings().toString());
            float[] y = a.readFrames(0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 0.5 / 32768 + 1e-9);
            }
        }
    }

    @Test
    void aFloatSampleThatIsNoNumberIsRefusedAtItsByte() throws IOException {
        float[] x = signal(1000);
        x[700] = Float.NaN;
        Path f = dir.resolve("nan.wav");
        WavWriter.write(f, x, 8000, SampleEncoding.FLOAT_32);
        long dataStart = java.nio.file.Files.size(f) - 4L * x.length;
        try (AudioSource a = WavFile.open(f)) {
            // what comes before it reads
            assertArrayEquals(java.util.Arrays.copyOf(x, 700), a.readFrames(0, 700));
            io.bullwatch.core.InputFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.bullwatch.core.InputFormatException.class, () -> a.readFrames(600, 200));
            assertEquals(f, e.file());
            assertEquals("byte " + (dataStart + 4 * 700), e.position());
            assertTrue(e.getMessage().contains("frame 700: expected finite sample values"), e.getMessage());
            assertTrue(e.getMessage().endsWith("found NaN"), e.getMessage());
        }
    }

    @Test
    void aFloatSampleNoRecordingHoldsIsRefusedAtItsByteAndIntegerScaledFloatsRead() throws IOException {
        // 0.1f with its exponent's top bit flipped: 3.4e37, finite, and it would spoil every statistic
        float[] x = signal(1000);
        x[300] = Float.intBitsToFloat(Float.floatToRawIntBits(0.1f) ^ 0x40000000);
        assertTrue(Float.isFinite(x[300]) && x[300] > 1e37f, "the damaged value: " + x[300]);
        Path f = dir.resolve("flip.wav");
        WavWriter.write(f, x, 8000, SampleEncoding.FLOAT_32);
        long dataStart = java.nio.file.Files.size(f) - 4L * x.length;
        try (AudioSource a = WavFile.open(f)) {
            io.bullwatch.core.InputFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.bullwatch.core.InputFormatException.class, () -> a.readFrames(0, 1000));
            assertEquals("byte " + (dataStart + 4 * 300), e.position());
            assertTrue(e.getMessage().contains("frame 300: expected finite sample values of magnitude at most 1e8"),
                    e.getMessage());
        }
        // a float file written with 24-bit integer values is a recording, not damage
        float[] y = signal(1000);
        for (int i = 0; i < y.length; i++) {
            y[i] *= 8_388_607f;
        }
        Path g = dir.resolve("int-scaled.wav");
        WavWriter.write(g, y, 8000, SampleEncoding.FLOAT_32);
        try (AudioSource a = WavFile.open(g)) {
            assertArrayEquals(y, a.readFrames(0, y.length));
        }
    }

    @Test
    void float32RoundTripIsExactAndClippingOnlyAppliesToPcm() throws IOException {
        float[] x = signal(1000);
        x[0] = 1.5f;
        x[1] = -2f;
        Path f = dir.resolve("f.wav");
        WavWriter.write(f, x, 8000, SampleEncoding.FLOAT_32);
        try (AudioSource a = WavFile.open(f)) {
            assertArrayEquals(x, a.readFrames(0, x.length));
        }
        Path p = dir.resolve("p.wav");
        WavWriter.write(p, x, 8000, SampleEncoding.PCM_SIGNED_16);
        try (AudioSource a = WavFile.open(p)) {
            float[] y = a.readFrames(0, 2);
            assertEquals(32767f / 32768f, y[0]);
            assertEquals(-1f, y[1]);
        }
    }

    @Test
    void multiChannelFramesAreInterleaved() throws IOException {
        Path p = dir.resolve("st.wav");
        try (WavWriter w = WavWriter.create(p, 16_000, 2, SampleEncoding.FLOAT_32)) {
            w.write(new float[] {0.25f, -0.25f, 0.5f, 0f}, 0, 4);
            assertEquals(2, w.framesWritten());
            assertThrows(IllegalArgumentException.class, () -> w.write(new float[3], 0, 3));
        }
        try (AudioSource left = WavFile.open(p, ChannelPolicy.channel(0));
                AudioSource mix = WavFile.open(p)) {
            assertArrayEquals(new float[] {0.25f, 0.5f}, left.readFrames(0, 2));
            assertArrayEquals(new float[] {0f, 0.25f}, mix.readFrames(0, 2));
        }
    }

    @Test
    void fileAppearsUnderItsNameOnlyWhenClosed() throws IOException {
        Path p = dir.resolve("late.wav");
        WavWriter w = WavWriter.create(p, 8000, 1, SampleEncoding.PCM_SIGNED_16);
        w.write(new float[100], 0, 100);
        assertFalse(Files.exists(p));
        assertTrue(Files.exists(dir.resolve("late.wav.part")));
        w.close();
        assertTrue(Files.exists(p));
        assertFalse(Files.exists(dir.resolve("late.wav.part")));
        assertEquals(100, WavFile.info(p).frames());
    }

    @Test
    void filesPastTheRiffLimitAreFinalisedAsRf64() throws IOException {
        Path p = dir.resolve("big.wav");
        float[] x = signal(500);
        try (WavWriter w = WavWriter.create(p, 8000, 1, SampleEncoding.PCM_SIGNED_16, 200)) {
            w.write(x, 0, x.length);
        }
        byte[] bytes = Files.readAllBytes(p);
        assertEquals("RF64", new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("ds64", new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        AudioInfo info = WavFile.info(p);
        assertEquals("RF64", info.container());
        assertEquals(500, info.frames());
        assertTrue(info.warnings().isEmpty(), () -> info.warnings().toString());
    }

    @Test
    void rejectsUnsupportedWriterSettings() {
        Path p = dir.resolve("x.wav");
        assertThrows(IllegalArgumentException.class, () -> WavWriter.create(p, 0, 1, SampleEncoding.PCM_SIGNED_16));
        assertThrows(IllegalArgumentException.class, () -> WavWriter.create(p, 8000, 0, SampleEncoding.PCM_SIGNED_16));
        assertThrows(IllegalArgumentException.class, () -> WavWriter.create(p, 8000, 1, SampleEncoding.PCM_SIGNED_24));
    }
}
