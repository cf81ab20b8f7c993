package io.bullwatch.core.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/** Positional, block-wise decoding of the samples of a WAV file. */
final class WavAudioSource implements AudioSource {

    /** Bytes decoded per I/O call; bounds memory whatever the caller asks for. */
    private static final int BUFFER_BYTES = 1 << 16;

    private final SeekableByteChannel channel;
    private final AudioInfo info;
    private final long dataOffset;
    private final int blockAlign;
    private final int channels;
    private final int bytesPerSample;
    private final SampleEncoding encoding;
    private final int pick;
    private final ByteBuffer buffer;
    private final byte[] bytes;
    /** 16-bit samples of the current buffer, filled by an intrinsic bulk copy. */
    private final short[] shorts;

    WavAudioSource(SeekableByteChannel channel, WavHeader header, ChannelPolicy policy) {
        this.channel = channel;
        this.info = header.info();
        this.dataOffset = header.dataOffset();
        this.blockAlign = header.blockAlign();
        this.channels = info.channels();
        this.encoding = info.encoding();
        this.bytesPerSample = encoding.bytesPerSample();
        this.pick = policy.channel();
        int framesPerBuffer = Math.max(1, BUFFER_BYTES / blockAlign);
        this.bytes = new byte[framesPerBuffer * blockAlign];
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.shorts = encoding == SampleEncoding.PCM_SIGNED_16 && channels == 1 ? new short[framesPerBuffer] : null;
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(long frame, float[] dst, int offset, int count) throws IOException {
        AudioSources.checkRead(frame, dst, offset, count);
        long frames = info.frames();
        if (frame >= frames || count == 0) {
            return 0;
        }
        int total = (int) Math.min(count, frames - frame);
        int done = 0;
        int framesPerBuffer = bytes.length / blockAlign;
        while (done < total) {
            int n = Math.min(framesPerBuffer, total - done);
            int want = n * blockAlign;
            long pos = dataOffset + (frame + done) * blockAlign;
            buffer.clear().limit(want);
            while (buffer.hasRemaining()) {
                int r = WavHeader.readAt(channel, buffer, pos + buffer.position());
                if (r < 0) {
                    throw new IOException(info.file() + ": file ended at byte " + (pos + buffer.position())
                            + " while reading frame " + (frame + done) + "; was it truncated while open?");
                }
            }
            decode(n, dst, offset + done);
            if (encoding == SampleEncoding.FLOAT_32 || encoding == SampleEncoding.FLOAT_64) {
                checkFinite(dst, offset + done, n, frame + done, pos);
            }
            done += n;
        }
        return total;
    }

    /**
     * Refuses a float sample that is not a number, or one so large that no recording holds it: one NaN
     * or one flipped exponent bit (a damaged byte in float data easily makes either) would silently
     * spoil every window after it, through the level and normalisation statistics. Full scale is 1;
     * the limit ({@value #FLOAT_SAMPLE_LIMIT}) leaves room for float files written with integer
     * sample values (up to 24-bit's 8,388,608).
     */
    private void checkFinite(float[] dst, int at, int n, long firstFrame, long firstByte) throws IOException {
        for (int i = 0; i < n; i++) {
            float v = dst[at + i];
            if (!Float.isFinite(v) || Math.abs(v) > FLOAT_SAMPLE_LIMIT) {
                throw io.bullwatch.core.InputFormatException.atByte(info.file(), firstByte + (long) i * blockAlign,
                        "frame " + (firstFrame + i) + ": expected finite sample values of magnitude at most "
                        + "1e8 (full scale is 1), found " + v);
            }
        }
    }

    /** The largest float sample magnitude read (160 dB over full scale); a larger one is damage. */
    static final float FLOAT_SAMPLE_LIMIT = 1e8f;

    private void decode(int n, float[] dst, int at) {
        if (pick >= 0) {
            for (int i = 0; i < n; i++) {
                dst[at + i] = sample(i * blockAlign + pick * bytesPerSample);
            }
        } else if (channels == 1) {
            decodeMono(n, dst, at);
        } else {
            float scale = 1.0f / channels;
            for (int i = 0; i < n; i++) {
                int base = i * blockAlign;
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += sample(base + c * bytesPerSample);
                }
                dst[at + i] = (float) (sum * scale);
            }
        }
    }

    private void decodeMono(int n, float[] dst, int at) {
        byte[] b = bytes;
        switch (encoding) {
            case PCM_SIGNED_16: {
                short[] s = shorts;
                buffer.position(0).limit(2 * n);
                buffer.asShortBuffer().get(s, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[at + i] = s[i] * (1.0f / 32768f);
                }
                break;
            }
            case FLOAT_32:
                buffer.position(0).limit(4 * n);
                buffer.asFloatBuffer().get(dst, at, n);
                break;
            case PCM_SIGNED_24:
                for (int i = 0, p = 0; i < n; i++, p += 3) {
                    dst[at + i] = ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16)) * (1.0f / 8388608f);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    dst[at + i] = sample(i * bytesPerSample);
                }
        }
    }

    private float sample(int p) {
        byte[] b = bytes;
        switch (encoding) {
            case PCM_UNSIGNED_8:
                return ((b[p] & 0xFF) - 128) * (1.0f / 128f);
            case PCM_SIGNED_16:
                return (short) ((b[p] & 0xFF) | (b[p + 1] << 8)) * (1.0f / 32768f);
            case PCM_SIGNED_24:
                return ((b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] << 16)) * (1.0f / 8388608f);
            case PCM_SIGNED_32:
                return (float) (buffer.getInt(p) * (1.0 / 2147483648.0));
            case FLOAT_32:
                return buffer.getFloat(p);
            case FLOAT_64:
                return (float) buffer.getDouble(p);
            default:
                throw new IllegalStateException("unhandled encoding " + encoding);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
