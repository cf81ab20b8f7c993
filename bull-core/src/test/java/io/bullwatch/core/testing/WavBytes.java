package io.bullwatch.core.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds WAV files byte by byte for tests, including malformed ones.
 *
 * <p>The RIFF size field is filled in by {@link #build()} unless set explicitly with
 * {@link #riffSize(long)}.
 */
public final class WavBytes {

    /** Bytes of the KSDATAFORMAT_SUBTYPE GUID after its first two (format tag) bytes. */
    public static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
        (byte) 0x9B, 0x71
    };

    private final String riffId;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private long riffSize = -1;

    private WavBytes(String riffId) {
        this.riffId = riffId;
    }

    /** A RIFF WAVE file. */
    public static WavBytes riff() {
        return new WavBytes("RIFF");
    }

    /** A file with another container id (RF64, RIFX, junk). */
    public static WavBytes container(String id) {
        return new WavBytes(id);
    }

    /** Overrides the RIFF size field. */
    public WavBytes riffSize(long size) {
        this.riffSize = size;
        return this;
    }

    /** A plain 16-byte fmt chunk. */
    public WavBytes fmt(int tag, int channels, int rate, int blockAlign, int bits) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A consistent PCM (tag 1) or float (tag 3) fmt chunk. */
    public WavBytes fmt(int tag, int channels, int rate, int bits) {
        return fmt(tag, channels, rate, channels * ((bits + 7) / 8), bits);
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk with sub-format {@code subTag}. */
    public WavBytes extensible(int subTag, int channels, int rate, int containerBits, int validBits) {
        return extensible(subTag, channels, rate, containerBits, validBits, GUID_TAIL);
    }

    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk with an arbitrary GUID tail. */
    public WavBytes extensible(int subTag, int channels, int rate, int containerBits, int validBits, byte[] guidTail) {
        int align = channels * containerBits / 8;
        ByteBuffer b = le(40);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * align)
                .putShort((short) align).putShort((short) containerBits).putShort((short) 22)
                .putShort((short) validBits).putInt(channels == 1 ? 4 : 3).putShort((short) subTag).put(guidTail);
        return chunk("fmt ", b.array());
    }

    /** A chunk with its pad byte when the size is odd. */
    public WavBytes chunk(String id, byte[] data) {
        chunkHeader(id, data.length);
        body.writeBytes(data);
        if ((data.length & 1) == 1) {
            body.write(0);
        }
        return this;
    }

    /** A chunk whose odd size is not followed by a pad byte (a common writer bug). */
    public WavBytes chunkWithoutPad(String id, byte[] data) {
        chunkHeader(id, data.length);
        body.writeBytes(data);
        return this;
    }

    /** A chunk header with any declared size, followed by nothing. */
    public WavBytes chunkHeader(String id, long declaredSize) {
        body.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(le(4).putInt((int) declaredSize).array());
        return this;
    }

    /** A data chunk with a correct size. */
    public WavBytes data(byte[] samples) {
        return chunk("data", samples);
    }

    /** A data chunk declaring {@code declaredSize} bytes, followed by {@code samples}. */
    public WavBytes data(long declaredSize, byte[] samples) {
        chunkHeader("data", declaredSize);
        body.writeBytes(samples);
        return this;
    }

    /** An RF64 ds64 chunk. */
    public WavBytes ds64(long riffSize64, long dataSize64, long sampleCount) {
        ByteBuffer b = le(28);
        b.putLong(riffSize64).putLong(dataSize64).putLong(sampleCount).putInt(0);
        return chunk("ds64", b.array());
    }

    /** Raw bytes. */
    public WavBytes raw(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    /** The file's bytes. */
    public byte[] build() {
        byte[] b = body.toByteArray();
        ByteBuffer out = le(12 + b.length);
        out.put(riffId.getBytes(StandardCharsets.ISO_8859_1));
        out.putInt((int) (riffSize >= 0 ? riffSize : 4 + b.length));
        out.put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        out.put(b);
        return out.array();
    }

    /** A little-endian buffer of {@code n} bytes. */
    public static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Encodes interleaved samples in {@code [-1, 1]}.
     *
     * @param interleaved samples, channel-interleaved
     * @param tag 1 (PCM) or 3 (float)
     * @param containerBits 8, 16, 24, 32 or 64
     * @return the little-endian sample bytes
     */
    public static byte[] encode(double[] interleaved, int tag, int containerBits) {
        int bytes = containerBits / 8;
        ByteBuffer b = le(interleaved.length * bytes);
        for (double x : interleaved) {
            if (tag == 3) {
                if (containerBits == 32) {
                    b.putFloat((float) x);
                } else {
                    b.putDouble(x);
                }
                continue;
            }
            switch (containerBits) {
                case 8:
                    b.put((byte) (clamp(Math.round(x * 128.0), -128, 127) + 128));
                    break;
                case 16:
                    b.putShort((short) clamp(Math.round(x * 32768.0), -32768, 32767));
                    break;
                case 24: {
                    long v = clamp(Math.round(x * 8388608.0), -8388608, 8388607);
                    b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                    break;
                }
                case 32:
                    b.putInt((int) clamp(Math.round(x * 2147483648.0), Integer.MIN_VALUE, Integer.MAX_VALUE));
                    break;
                default:
                    throw new IllegalArgumentException("bits " + containerBits);
            }
        }
        return b.array();
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A deterministic test signal: two sines and a slow ramp, peak below 0.95. */
    public static double[] signal(int frames, long seed) {
        double[] x = new double[frames];
        java.util.Random r = new java.util.Random(seed);
        double f1 = 0.01 + 0.02 * r.nextDouble();
        double f2 = 0.2 + 0.1 * r.nextDouble();
        for (int i = 0; i < frames; i++) {
            x[i] = 0.6 * Math.sin(2 * Math.PI * f1 * i) + 0.3 * Math.sin(2 * Math.PI * f2 * i)
                    + 0.05 * (2.0 * i / Math.max(1, frames) - 1);
        }
        return x;
    }

    private WavBytes() {
        this("RIFF");
    }
}
