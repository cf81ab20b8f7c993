package io.bullwatch.core.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.testing.WavBytes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavFileTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static float[] readAll(Path p, ChannelPolicy policy) throws IOException {
        try (AudioSource a = WavFile.open(p, policy)) {
            return a.readFrames(0, (int) a.frames());
        }
    }

    private static double[] interleave(double[][] chans) {
        int n = chans[0].length;
        double[] out = new double[n * chans.length];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < chans.length; c++) {
                out[i * chans.length + c] = chans[c][i];
            }
        }
        return out;
    }

    static Stream<Arguments> encodings() {
        List<Arguments> args = new ArrayList<>();
        int[][] formats = {{1, 8}, {1, 16}, {1, 24}, {1, 32}, {3, 32}, {3, 64}};
        for (int[] f : formats) {
            for (int channels : new int[] {1, 2, 3, 6}) {
                for (boolean ext : new boolean[] {false, true}) {
                    args.add(Arguments.of(f[0], f[1], channels, ext));
                }
            }
        }
        return args.stream();
    }

    /**
     * One LSB of the source bit depth; the float32 output itself cannot hold more than a 24-bit
     * mantissa, so 32-bit PCM and float sources are held to one float32 ulp of the value.
     */
    private static double tolerance(int tag, int bits, double value) {
        double floatUlp = Math.ulp((float) Math.abs(value)) + 1e-12;
        return tag == 3 ? floatUlp : Math.max(Math.pow(2, -(bits - 1)), floatUlp);
    }

    @ParameterizedTest(name = "tag {0}, {1} bit, {2} ch, extensible={3}")
    @MethodSource("encodings")
    void encodingMatrixDecodesWithinOneLsb(int tag, int bits, int channels, boolean ext) throws IOException {
        int frames = 1000;
        double[][] chans = new double[channels][];
        for (int c = 0; c < channels; c++) {
            chans[c] = WavBytes.signal(frames, 17 + c);
        }
        WavBytes b = WavBytes.riff();
        if (ext) {
            b.extensible(tag, channels, 44_100, bits, bits);
        } else {
            b.fmt(tag, channels, 44_100, bits);
        }
        Path p = write("m.wav", b.data(WavBytes.encode(interleave(chans), tag, bits)).build());

        AudioInfo info = WavFile.info(p);
        assertEquals(frames, info.frames());
        assertEquals(channels, info.channels());
        assertEquals(44_100, info.sampleRate());
        assertEquals(bits, info.bitsPerSample());
        assertTrue(info.warnings().isEmpty(), () -> info.warnings().toString());

        for (int c = 0; c < channels; c++) {
            float[] got = readAll(p, ChannelPolicy.channel(c));
            for (int i = 0; i < frames; i++) {
                assertEquals(chans[c][i], got[i], tolerance(tag, bits, chans[c][i]), "channel " + c + " frame " + i);
            }
        }
        float[] mix = readAll(p, ChannelPolicy.downmix());
        for (int i = 0; i < frames; i++) {
            double mean = 0;
            double tol = 0;
            for (int c = 0; c < channels; c++) {
                mean += chans[c][i];
                tol = Math.max(tol, tolerance(tag, bits, chans[c][i])); // each channel is decoded to float first
            }
            tol += Math.ulp((float) Math.abs(mean / channels)); // and the mean is rounded to float once more
            assertEquals(mean / channels, mix[i], tol, "downmix frame " + i);
        }
    }

    @Test
    void encodingNamesMatchTheFile() throws IOException {
        Path p8 = write("u8.wav", WavBytes.riff().fmt(1, 1, 8000, 8).data(new byte[] {(byte) 128, (byte) 255, 0}).build());
        AudioInfo info = WavFile.info(p8);
        assertEquals(SampleEncoding.PCM_UNSIGNED_8, info.encoding());
        // 128 -> 0, 255 -> 127/128, 0 -> -1
        assertArrayEquals(new float[] {0f, 127f / 128f, -1f}, readAll(p8, ChannelPolicy.downmix()));
        Path p24 = write("s24.wav", WavBytes.riff().extensible(1, 1, 96_000, 24, 20)
                .data(new byte[] {0, 0, (byte) 0x80, (byte) 0xFF, (byte) 0xFF, 0x7F}).build());
        AudioInfo i24 = WavFile.info(p24);
        assertEquals(SampleEncoding.PCM_SIGNED_24, i24.encoding());
        assertEquals(20, i24.bitsPerSample());
        // 0x800000 -> -1, 0x7FFFFF -> 8388607/8388608
        assertArrayEquals(new float[] {-1f, 8388607f / 8388608f}, readAll(p24, ChannelPolicy.downmix()));
    }

    @Test
    void positionalReadsEqualSlicesOfAFullRead() throws IOException {
        int frames = 100_000; // larger than one internal buffer
        double[] x = WavBytes.signal(frames * 2, 3);
        Path p = write("s.wav", WavBytes.riff().fmt(1, 2, 22_050, 16).data(WavBytes.encode(x, 1, 16)).build());
        float[] all = readAll(p, ChannelPolicy.downmix());
        assertEquals(frames, all.length);
        try (AudioSource a = WavFile.open(p)) {
            long[] starts = {0, 1, 32_767, 50_000, 99_990};
            for (long s : starts) {
                float[] part = a.readFrames(s, 40_000);
                int expected = (int) Math.min(40_000, frames - s);
                assertEquals(expected, part.length);
                assertArrayEquals(Arrays.copyOfRange(all, (int) s, (int) s + expected), part);
            }
            assertEquals(0, a.read(frames, new float[10], 0, 10));
            assertEquals(0, a.read(frames + 1000L, new float[10], 0, 10));
            assertThrows(IllegalArgumentException.class, () -> a.read(-1, new float[10], 0, 10));
            assertThrows(IllegalArgumentException.class, () -> a.read(0, new float[10], 5, 10));
        }
    }

    @Test
    void anySeekableChannelReadsAsTheFileDoes() throws IOException {
        int frames = 70_000; // more than one internal buffer
        double[] x = WavBytes.signal(frames * 2, 4);
        byte[] bytes = WavBytes.riff().fmt(1, 2, 22_050, 24).data(WavBytes.encode(x, 1, 24)).build();
        Path p = write("c.wav", bytes);
        float[] all = readAll(p, ChannelPolicy.downmix());
        // a channel that is not a FileChannel: seek, then read, like a Hadoop or object-store stream
        try (AudioSource a = WavFile.open(Path.of("hdfs:/river/c.wav"), new BytesChannel(bytes), ChannelPolicy.downmix())) {
            assertEquals(frames, a.frames());
            assertEquals(Path.of("hdfs:/river/c.wav"), a.info().file());
            assertArrayEquals(Arrays.copyOfRange(all, 12_345, 52_345), a.readFrames(12_345, 40_000));
            assertArrayEquals(all, a.readFrames(0, frames));
        }
        BytesChannel bad = new BytesChannel("RIFX not a wav at all".getBytes(StandardCharsets.US_ASCII));
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> WavFile.open(Path.of("s3a:/bucket/x.wav"), bad, ChannelPolicy.downmix()));
        assertTrue(e.getMessage().contains("x.wav"), e.getMessage());
        assertFalse(bad.isOpen(), "a refused channel is closed");
    }

    /** Bytes in memory behind the plain seek-and-read channel interface. */
    private static final class BytesChannel implements java.nio.channels.SeekableByteChannel {
        private final byte[] bytes;
        private long position;
        private boolean open = true;

        BytesChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            position += n;
            return n;
        }

        @Override
        public int write(java.nio.ByteBuffer src) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public java.nio.channels.SeekableByteChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public java.nio.channels.SeekableByteChannel truncate(long size) {
            throw new java.nio.channels.NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void chunksBeforeAndAfterDataAreSkippedAndNeverDecoded() throws IOException {
        double[] x = WavBytes.signal(500, 5);
        byte[] samples = WavBytes.encode(x, 1, 16);
        byte[] info = "INFOINAM\u0005\0\0\0night\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] guan = new byte[300];
        Arrays.fill(guan, (byte) 0x7F);
        Path p = write("chunks.wav", WavBytes.riff()
                .chunk("LIST", info)
                .chunk("bext", new byte[602])
                .chunk("iXML", "<BWFXML/>".getBytes(StandardCharsets.US_ASCII)) // 9 bytes: padded
                .chunk("LIST", new byte[64]) // zero-filled LIST
                .chunk("zzzz", new byte[7]) // unknown odd-sized chunk with its pad byte
                .fmt(1, 1, 48_000, 16)
                .chunk("JUNK", new byte[3])
                .data(samples)
                .chunk("guan", guan)
                .chunk("wamd", "wildlife acoustics metadata".getBytes(StandardCharsets.US_ASCII))
                .build());
        AudioInfo ai = WavFile.info(p);
        assertEquals(500, ai.frames());
        assertTrue(ai.warnings().isEmpty(), () -> ai.warnings().toString());
        float[] got = readAll(p, ChannelPolicy.downmix());
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], got[i], 1.0 / 32768);
        }
    }

    @Test
    void oddChunkWithoutPadByteIsReadWithAWarning() throws IOException {
        Path p = write("nopad.wav", WavBytes.riff()
                .chunkWithoutPad("LIST", "INFOabc".getBytes(StandardCharsets.US_ASCII))
                .fmt(1, 1, 8000, 16)
                .data(WavBytes.encode(new double[] {0.5, -0.5}, 1, 16))
                .build());
        AudioInfo ai = WavFile.info(p);
        assertEquals(2, ai.frames());
        assertEquals(1, ai.warnings().size());
        assertTrue(ai.warnings().get(0).contains("pad byte"));
    }

    @Test
    void dataSizeZeroOrUnknownOrTooLargeRecoversThePresentFrames() throws IOException {
        byte[] samples = WavBytes.encode(WavBytes.signal(1000, 9), 1, 16);
        for (long declared : new long[] {0, 0xFFFFFFFFL, 1_000_000}) {
            Path p = write("d" + declared + ".wav",
                    WavBytes.riff().riffSize(0).fmt(1, 1, 44_100, 16).data(declared, samples).build());
            AudioInfo ai = WavFile.info(p);
            assertEquals(1000, ai.frames(), "declared " + declared);
            assertEquals(1, ai.warnings().size(), () -> ai.warnings().toString());
            float[] got = readAll(p, ChannelPolicy.downmix());
            assertEquals(1000, got.length);
        }
    }

    @Test
    void anEmptyFinalisedRecordingFollowedByAChunkHoldsNoFrames() throws IOException {
        // a recorder stopped at once: data of 0 bytes, then its LIST chunk to the end of the file
        byte[] info = "INFOINAM\u0005\0\0\0night\0".getBytes(StandardCharsets.ISO_8859_1);
        Path p = write("empty-list.wav", WavBytes.riff().fmt(1, 1, 8000, 16).data(0, new byte[0])
                .chunk("LIST", info).chunk("JUNK", new byte[3]).build());
        AudioInfo ai = WavFile.info(p);
        assertEquals(0, ai.frames(), "the LIST chunk's bytes are not samples");
        assertEquals(1, ai.warnings().size(), () -> ai.warnings().toString());
        assertTrue(ai.warnings().get(0).contains("followed by chunk 'LIST' to the end of the file"),
                ai.warnings().get(0));
    }

    @Test
    void partialLastFrameIsDroppedWithAWarning() throws IOException {
        // stereo 16-bit: 4 bytes per frame; 10 frames + 3 bytes
        byte[] samples = Arrays.copyOf(WavBytes.encode(WavBytes.signal(22, 1), 1, 16), 43);
        Path p = write("partial.wav", WavBytes.riff().fmt(1, 2, 8000, 16).data(1_000, samples).build());
        AudioInfo ai = WavFile.info(p);
        assertEquals(10, ai.frames());
        assertEquals(2, ai.warnings().size(), () -> ai.warnings().toString());
        assertTrue(ai.warnings().get(1).contains("incomplete"));
        assertEquals(10, readAll(p, ChannelPolicy.downmix()).length);
    }

    @Test
    void rf64WithDs64UsesTheSixtyFourBitSize() throws IOException {
        byte[] samples = WavBytes.encode(WavBytes.signal(300, 2), 1, 24);
        byte[] trailer = new byte[100]; // a chunk after data that must not be read as samples
        Path p = write("rf64.wav", WavBytes.container("RF64").riffSize(0xFFFFFFFFL)
                .ds64(0, samples.length, 300)
                .fmt(1, 1, 44_100, 24)
                .data(0xFFFFFFFFL, samples)
                .chunk("guan", trailer)
                .build());
        AudioInfo ai = WavFile.info(p);
        assertEquals("RF64", ai.container());
        assertEquals(300, ai.frames());
        assertTrue(ai.warnings().isEmpty(), () -> ai.warnings().toString());
    }

    @Test
    void tenGigabyteRf64IsCountedExactlyWithoutWritingIt() throws IOException {
        long dataBytes = 10_000_000_000L; // 10 GB of 16-bit stereo: 2.5e9 frames
        byte[] head = WavBytes.container("RF64").riffSize(0xFFFFFFFFL)
                .ds64(dataBytes + 72, dataBytes, dataBytes / 4)
                .fmt(1, 2, 48_000, 16)
                .data(0xFFFFFFFFL, new byte[0])
                .build();
        Path p = dir.resolve("big.wav");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(head);
            f.setLength(head.length + dataBytes); // sparse on common file systems
        }
        AudioInfo ai = WavFile.info(p);
        assertEquals(2_500_000_000L, ai.frames());
        assertEquals(2_500_000_000L / 48_000.0, ai.durationSeconds(), 1e-9);
        try (AudioSource a = WavFile.open(p)) {
            float[] tail = a.readFrames(2_500_000_000L - 10, 100);
            assertEquals(10, tail.length); // zeros of the sparse file, read at an offset past 2^31 frames
        }
    }

    @Test
    void riffPastFourGibWithAWrappedDataSizeIsRecovered() throws IOException {
        long trueData = (1L << 32) + 4000; // 4 GiB + 4000 bytes of 16-bit mono
        byte[] head = WavBytes.riff().fmt(1, 1, 44_100, 16).data(4000, new byte[0]).build();
        Path p = dir.resolve("wrapped.wav");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.write(head);
            f.setLength(head.length + trueData);
        }
        AudioInfo ai = WavFile.info(p);
        assertEquals(trueData / 2, ai.frames());
        assertTrue(ai.warnings().get(0).contains("wrapped"), () -> ai.warnings().toString());
    }

    private InputFormatException refuse(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        InputFormatException e = assertThrows(InputFormatException.class, () -> WavFile.info(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertThrows(InputFormatException.class, () -> WavFile.open(p).close());
        return e;
    }

    @Test
    void refusesEmptyShortAndForeignFiles() throws IOException {
        assertTrue(refuse("empty.wav", new byte[0]).getMessage().contains("empty file"));
        assertTrue(refuse("short.wav", "RIFF".getBytes(StandardCharsets.US_ASCII)).getMessage().contains("cut short"));
        String notWav = refuse("x.wav", "ID3\u0004 this is an mp3 file...".getBytes(StandardCharsets.ISO_8859_1)).getMessage();
        assertTrue(notWav.contains("not a WAV file") && notWav.contains("ID3"), notWav);
        assertTrue(refuse("rifx.wav", WavBytes.container("RIFX").fmt(1, 1, 8000, 16).data(new byte[4]).build())
                .getMessage().contains("big-endian"));
    }

    @Test
    void everyTruncationOfAGoodHeaderIsRefusedOrRecovered() throws IOException {
        byte[] good = WavBytes.riff().chunk("LIST", new byte[10]).fmt(1, 1, 8000, 16)
                .data(WavBytes.encode(WavBytes.signal(20, 4), 1, 16)).build();
        int dataHeaderEnd = good.length - 40;
        for (int len = 0; len < good.length; len++) {
            Path p = write("t" + len + ".wav", Arrays.copyOf(good, len));
            if (len < dataHeaderEnd) {
                assertThrows(InputFormatException.class, () -> WavFile.info(p), "length " + len);
            } else {
                AudioInfo ai = WavFile.info(p);
                assertEquals((len - dataHeaderEnd) / 2, ai.frames(), "length " + len);
                assertEquals(len == good.length ? 0 : 1, Math.min(1, ai.warnings().size()));
            }
        }
    }

    @Test
    void refusesCompressedAndUnknownEncodings() throws IOException {
        InputFormatException mp3 = refuse("mp3.wav", WavBytes.riff().fmt(0x55, 1, 44_100, 1, 0).data(new byte[10]).build());
        assertTrue(mp3 instanceof UnsupportedAudioException);
        assertTrue(mp3.getMessage().contains("MP3") && mp3.getMessage().contains("0x0055"), mp3.getMessage());
        InputFormatException adpcm = refuse("adpcm.wav", WavBytes.riff().fmt(0x0002, 1, 44_100, 256, 4).data(new byte[10]).build());
        assertTrue(adpcm.getMessage().contains("ADPCM"), adpcm.getMessage());
        // A format tag above 0x7FFF must be read unsigned, not as a negative number.
        InputFormatException high = refuse("high.wav", WavBytes.riff().fmt(0xF1AC, 1, 44_100, 2, 16).data(new byte[10]).build());
        assertTrue(high.getMessage().contains("0xF1AC"), high.getMessage());
        byte[] otherGuid = WavBytes.GUID_TAIL.clone();
        otherGuid[13] = 0x00;
        InputFormatException guid = refuse("guid.wav", WavBytes.riff().extensible(1, 1, 44_100, 16, 16, otherGuid)
                .data(new byte[10]).build());
        assertTrue(guid.getMessage().contains("GUID"), guid.getMessage());
        assertTrue(refuse("f16.wav", WavBytes.riff().fmt(3, 1, 44_100, 16).data(new byte[10]).build())
                .getMessage().contains("IEEE float with 16 bits"));
    }

    @Test
    void refusesAbsurdFormatValues() throws IOException {
        assertTrue(refuse("c0.wav", WavBytes.riff().fmt(1, 0, 44_100, 2, 16).data(new byte[4]).build())
                .getMessage().contains("0 channels"));
        assertTrue(refuse("r0.wav", WavBytes.riff().fmt(1, 1, 0, 2, 16).data(new byte[4]).build())
                .getMessage().contains("sample rate of 0 Hz"));
        InputFormatException align = refuse("ba.wav", WavBytes.riff().fmt(1, 2, 44_100, 3, 16).data(new byte[12]).build());
        assertTrue(align.getMessage().contains("block align 3") && align.getMessage().contains("expected 4"), align.getMessage());
        assertEquals("byte 32", align.position());
        assertTrue(refuse("b0.wav", WavBytes.riff().fmt(1, 1, 44_100, 0, 0).data(new byte[4]).build())
                .getMessage().contains("0 bits"));
        assertTrue(refuse("b40.wav", WavBytes.riff().fmt(1, 1, 44_100, 5, 40).data(new byte[10]).build())
                .getMessage().contains("40 bits"));
    }

    @Test
    void chunkClaimingMoreThanTheFileIsRefusedQuicklyWithoutAllocating() throws IOException {
        byte[] bytes = WavBytes.riff().chunkHeader("LIST", 0xFFFFFFF0L).raw(new byte[20]).build();
        InputFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refuse("claim.wav", bytes));
        assertTrue(e.getMessage().contains("claims") && e.getMessage().contains("'LIST'"), e.getMessage());
        assertEquals("byte 12", e.position());
        // A huge fmt chunk: only its first 40 bytes are ever read.
        byte[] hugeFmt = WavBytes.riff().chunkHeader("fmt ", 0x7FFFFFF0L)
                .raw(WavBytes.le(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                        .putShort((short) 2).putShort((short) 16).array())
                .build();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> refuse("hugefmt.wav", hugeFmt));
    }

    @Test
    void missingDataChunkIsRefused() throws IOException {
        InputFormatException e = refuse("nodata.wav", WavBytes.riff().fmt(1, 1, 8000, 16).chunk("LIST", new byte[8]).build());
        assertTrue(e.getMessage().contains("no 'data' chunk"), e.getMessage());
    }

    @Test
    void pickingAChannelTheFileLacksIsAnArgumentError() throws IOException {
        Path p = write("mono.wav", WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[4]).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WavFile.open(p, ChannelPolicy.channel(1)));
        assertTrue(e.getMessage().contains("1 channel(s)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("mono.wav.part")));
    }

    @Test
    void rf64WithoutDs64ReadsToTheEndWithAWarning() throws IOException {
        byte[] samples = WavBytes.encode(WavBytes.signal(50, 8), 1, 16);
        Path p = write("nods64.wav", WavBytes.container("RF64").riffSize(0xFFFFFFFFL)
                .fmt(1, 1, 8000, 16).data(0xFFFFFFFFL, samples).build());
        AudioInfo ai = WavFile.info(p);
        assertEquals(50, ai.frames());
        assertEquals(1, ai.warnings().size(), () -> ai.warnings().toString());
        assertTrue(ai.warnings().get(0).contains("without a 'ds64' chunk"));
    }

    @Test
    void inconsistentByteRateIsOnlyAWarning() throws IOException {
        // fmt(tag, channels, rate, blockAlign, bits) writes byteRate = rate * blockAlign; patch it
        byte[] bytes = WavBytes.riff().fmt(1, 1, 8000, 16).data(new byte[20]).build();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(28, 12345);
        Path p = write("byterate.wav", bytes);
        AudioInfo ai = WavFile.info(p);
        assertEquals(10, ai.frames());
        assertEquals(1, ai.warnings().size(), () -> ai.warnings().toString());
        assertTrue(ai.warnings().get(0).contains("byte rate 12345"));
    }
}
