package io.bullwatch.core.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes WAV files in 16-bit PCM or 32-bit float, streaming, for generated data and clips.
 *
 * <p>Samples go to {@code NAME.part} beside the target, which is renamed to the target only by
 * {@link #close()}: a crash never leaves a half-written file under the final name. The header
 * reserves room for an RF64 {@code ds64} chunk (as a {@code JUNK} chunk, per EBU Tech 3306), so
 * a file that grows past 4 GiB is finalised as RF64 and one that does not stays plain RIFF.
 *
 * <pre>{@code
 * try (WavWriter w = WavWriter.create(path, 44_100, 1, SampleEncoding.PCM_SIGNED_16)) {
 *     w.write(block, 0, block.length);
 * }
 * }</pre>
 */
public final class WavWriter implements Closeable {

    /** RIFF header (12) + JUNK/ds64 (8 + 28) + fmt (8 + 16) + data header (8). */
    static final int HEADER_BYTES = 12 + 36 + 24 + 8;
    private static final long UINT32_MAX = 0xFFFFFFFFL;

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final int channels;
    private final SampleEncoding encoding;
    private final int sampleRate;
    private final long riffLimit;
    private final ByteBuffer buffer;
    private long dataBytes;
    private boolean closed;

    private WavWriter(Path target, int sampleRate, int channels, SampleEncoding encoding, long riffLimit)
            throws IOException {
        this.target = target;
        this.partial = target.resolveSibling(target.getFileName() + ".part");
        this.channels = channels;
        this.encoding = encoding;
        this.sampleRate = sampleRate;
        this.riffLimit = riffLimit;
        this.buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            channel.write(header(0), 0);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Starts a new file.
     *
     * @param file the final file name (written as {@code file.part} until closed)
     * @param sampleRate frames per second, {@code > 0}
     * @param channels channels per frame, 1 to 65535
     * @param encoding {@link SampleEncoding#PCM_SIGNED_16} or {@link SampleEncoding#FLOAT_32}
     * @return the writer
     * @throws IOException if the file cannot be created
     */
    public static WavWriter create(Path file, int sampleRate, int channels, SampleEncoding encoding)
            throws IOException {
        return create(file, sampleRate, channels, encoding, UINT32_MAX);
    }

    /** As {@link #create(Path, int, int, SampleEncoding)} with the RIFF size limit lowered (tests). */
    static WavWriter create(Path file, int sampleRate, int channels, SampleEncoding encoding, long riffLimit)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0 Hz, got " + sampleRate);
        }
        if (channels < 1 || channels > 0xFFFF) {
            throw new IllegalArgumentException("channels must be 1 to 65535, got " + channels);
        }
        if (encoding != SampleEncoding.PCM_SIGNED_16 && encoding != SampleEncoding.FLOAT_32) {
            throw new IllegalArgumentException("can write PCM_SIGNED_16 or FLOAT_32, not " + encoding);
        }
        return new WavWriter(file, sampleRate, channels, encoding, riffLimit);
    }

    /**
     * Writes a whole mono signal to a file.
     *
     * @param file the file
     * @param samples mono samples in {@code [-1, 1]} (PCM clips values outside)
     * @param sampleRate frames per second
     * @param encoding {@link SampleEncoding#PCM_SIGNED_16} or {@link SampleEncoding#FLOAT_32}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, float[] samples, int sampleRate, SampleEncoding encoding) throws IOException {
        try (WavWriter w = create(file, sampleRate, 1, encoding)) {
            w.write(samples, 0, samples.length);
        }
    }

    /**
     * Appends interleaved samples.
     *
     * @param samples interleaved samples, {@code channels} per frame; PCM clips values outside
     *     {@code [-1, 1]} and rounds to the nearest step
     * @param offset index of the first sample
     * @param length number of samples, a multiple of the channel count
     * @throws IOException if writing fails
     */
    public void write(float[] samples, int offset, int length) throws IOException {
        if (closed) {
            throw new IllegalStateException("writer for " + target + " is closed");
        }
        if (offset < 0 || length < 0 || offset > samples.length - length) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length + " of " + samples.length);
        }
        if (length % channels != 0) {
            throw new IllegalArgumentException("length " + length + " is not a multiple of " + channels + " channels");
        }
        int bytesPer = encoding.bytesPerSample();
        for (int i = 0; i < length; i++) {
            if (buffer.remaining() < bytesPer) {
                flush();
            }
            float x = samples[offset + i];
            if (encoding == SampleEncoding.FLOAT_32) {
                buffer.putFloat(x);
            } else {
                long s = Math.round(x * 32768.0);
                buffer.putShort((short) Math.max(-32768, Math.min(32767, s)));
            }
        }
        flush();
    }

    /**
     * Frames written so far.
     *
     * @return the frame count
     */
    public long framesWritten() {
        return dataBytes / ((long) channels * encoding.bytesPerSample());
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            dataBytes += channel.write(buffer, HEADER_BYTES + dataBytes);
        }
        buffer.clear();
    }

    /**
     * Finalises the header and renames the file to its final name.
     *
     * @throws IOException if the header cannot be written or the file cannot be renamed
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel ch = channel) {
            ch.write(header(dataBytes), 0);
            ch.force(true);
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The whole header for {@code data} bytes of samples: RIFF while it fits, RF64 past the limit. */
    private ByteBuffer header(long data) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long riffSize = HEADER_BYTES - 8 + data + (data & 1);
        boolean rf64 = riffSize > riffLimit;
        h.put(ascii(rf64 ? "RF64" : "RIFF")).putInt((int) (rf64 ? UINT32_MAX : riffSize)).put(ascii("WAVE"));
        h.put(ascii(rf64 ? "ds64" : "JUNK")).putInt(28);
        h.putLong(rf64 ? riffSize : 0).putLong(rf64 ? data : 0)
                .putLong(rf64 ? data / ((long) channels * encoding.bytesPerSample()) : 0).putInt(0);
        int bytesPer = encoding.bytesPerSample();
        h.put(ascii("fmt ")).putInt(16)
                .putShort((short) (encoding == SampleEncoding.FLOAT_32 ? 3 : 1))
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt((int) Math.min(UINT32_MAX, (long) sampleRate * channels * bytesPer))
                .putShort((short) (channels * bytesPer))
                .putShort((short) (8 * bytesPer));
        h.put(ascii("data")).putInt((int) (rf64 ? UINT32_MAX : data));
        h.flip();
        return h;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
