package io.bullwatch.bench;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Streaming WAV decoding throughput: a whole recording read in 64 Ki-frame blocks.
 *
 * <p>{@link #readBytesOnly()} is the reference measured in the same run: the same bytes read from
 * the (cached) file without decoding, i.e. the I/O floor. {@code docs/BENCHMARKS.md} reports
 * decoding as a ratio to it and as a real-time factor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WavDecodeBenchmark {

    /** Recording length in minutes. */
    @Param({"10"})
    public int minutes;

    /** Sample encoding of the file. */
    @Param({"PCM_SIGNED_16", "FLOAT_32"})
    public String encoding;

    /** Channels of the file (2 exercises the downmix). */
    @Param({"1"})
    public int channels;

    private Path dir;
    private Path file;
    private final float[] block = new float[1 << 16];
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 17);

    /** Writes the recording once per trial. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bullwatch-bench");
        file = dir.resolve("night.wav");
        writeTestRecording(file, minutes * 60L * 44_100, channels, SampleEncoding.valueOf(encoding));
    }

    /** Deletes the recording. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Decodes the whole recording to mono floats, block by block.
     *
     * @param bh receives every decoded block, so the work cannot be optimised away
     * @return frames decoded
     */
    @Benchmark
    public long decodeAll(Blackhole bh) throws IOException {
        long frames = 0;
        try (AudioSource a = WavFile.open(file)) {
            for (long f = 0; f < a.frames(); f += block.length) {
                frames += a.read(f, block, 0, block.length);
                bh.consume(block);
            }
        }
        return frames;
    }

    /**
     * Reads the same file's bytes without decoding (reference).
     *
     * @return the number of bytes read
     */
    @Benchmark
    public long readBytesOnly() throws IOException {
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = 0;
            int n;
            while ((n = ch.read(bytes.clear(), pos)) > 0) {
                pos += n;
                total += n;
            }
        }
        return total;
    }

    /**
     * Decodes a whole recording and sums its samples.
     *
     * @param file the recording
     * @param block the block buffer
     * @return the sum of the mono samples
     * @throws IOException if reading fails
     */
    public static double sumAll(Path file, float[] block) throws IOException {
        double sum = 0;
        try (AudioSource a = WavFile.open(file)) {
            for (long f = 0; f < a.frames(); f += block.length) {
                int n = a.read(f, block, 0, block.length);
                for (int i = 0; i < n; i++) {
                    sum += block[i];
                }
            }
        }
        return sum;
    }

    /**
     * Writes the benchmark's recording: a 0.25-amplitude 1 kHz tone on every channel.
     *
     * @param file target
     * @param frames length in frames
     * @param channels channel count
     * @param encoding PCM 16 or float 32
     * @throws IOException if writing fails
     */
    public static void writeTestRecording(Path file, long frames, int channels, SampleEncoding encoding)
            throws IOException {
        int rate = 44_100;
        float[] second = new float[rate * channels];
        for (int i = 0; i < rate; i++) {
            float v = (float) (0.25 * Math.sin(2 * Math.PI * 1000 * i / rate));
            for (int c = 0; c < channels; c++) {
                second[i * channels + c] = v;
            }
        }
        try (WavWriter w = WavWriter.create(file, rate, channels, encoding)) {
            long left = frames;
            while (left > 0) {
                int n = (int) Math.min(rate, left);
                w.write(second, 0, n * channels);
                left -= n;
            }
        }
    }
}
