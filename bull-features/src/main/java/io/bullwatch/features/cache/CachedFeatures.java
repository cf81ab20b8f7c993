package io.bullwatch.features.cache;

import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The cached mel frames of one recording, memory-mapped read-only (in several maps when the file
 * is larger than a map can be, 2 GiB). Reading a window copies a slice of frames into a new
 * {@link MelSpectrogram}. Safe for concurrent reads from many threads (reads are absolute and
 * change no state). The maps are released by the garbage collector once this object is
 * unreachable; on Windows the file cannot be replaced until then.
 */
public final class CachedFeatures {

    private final Path file;
    private final MelConfig config;
    private final CacheDtype dtype;
    private final int mels;
    private final long frames;
    private final long framesPerSegment;
    private final MappedByteBuffer[] segments;
    private final FloatBuffer[] floats;
    private final ShortBuffer[] shorts;
    private final boolean computed;

    CachedFeatures(Path file, MelConfig config, CacheDtype dtype, int mels, long frames, long framesPerSegment,
            MappedByteBuffer[] segments, boolean computed) {
        this.file = file;
        this.config = config;
        this.dtype = dtype;
        this.mels = mels;
        this.frames = frames;
        this.framesPerSegment = framesPerSegment;
        this.segments = segments;
        this.floats = new FloatBuffer[segments.length];
        this.shorts = new ShortBuffer[segments.length];
        for (int i = 0; i < segments.length; i++) {
            segments[i].order(ByteOrder.LITTLE_ENDIAN);
            if (dtype == CacheDtype.FLOAT32) {
                floats[i] = segments[i].asFloatBuffer();
            } else {
                shorts[i] = segments[i].asShortBuffer();
            }
        }
        this.computed = computed;
    }

    /**
     * The cache file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * The configuration the frames were computed with.
     *
     * @return the mel configuration
     */
    public MelConfig config() {
        return config;
    }

    /**
     * How values are stored.
     *
     * @return the storage type
     */
    public CacheDtype dtype() {
        return dtype;
    }

    /**
     * Mel bands per frame.
     *
     * @return {@code config().nMels()}
     */
    public int mels() {
        return mels;
    }

    /**
     * Frames of the recording ({@code config().frames(samples)}).
     *
     * @return the frame count
     */
    public long frames() {
        return frames;
    }

    /**
     * Whether this open computed the frames (a miss, a stale or a corrupt entry) rather than found
     * them in the cache.
     *
     * @return {@code true} if they were computed now
     */
    public boolean computed() {
        return computed;
    }

    /**
     * One value.
     *
     * @param frame the frame, {@code 0 <= frame < frames()}
     * @param mel the band, {@code 0 <= mel < mels()}
     * @return the value
     */
    public float get(long frame, int mel) {
        Objects.checkIndex(frame, frames);
        Objects.checkIndex(mel, mels);
        return value(frame, mel);
    }

    private float value(long frame, int mel) {
        MappedByteBuffer seg = segments[(int) (frame / framesPerSegment)];
        int pos = (int) ((frame % framesPerSegment) * mels + mel) * dtype.bytes();
        return dtype == CacheDtype.FLOAT32 ? seg.getFloat(pos) : Half.toFloat(seg.getShort(pos));
    }

    /** Bulk-reads one frame (absolute reads: no buffer state changes, safe across threads). */
    private void frame(long t, float[] dst, int off, short[] half) {
        int seg = (int) (t / framesPerSegment);
        int index = (int) ((t % framesPerSegment) * mels);
        if (dtype == CacheDtype.FLOAT32) {
            floats[seg].get(index, dst, off, mels);
        } else {
            shorts[seg].get(index, half, 0, mels);
            for (int m = 0; m < mels; m++) {
                dst[off + m] = Half.toFloat(half[m]);
            }
        }
    }

    /**
     * Frames {@code [firstFrame, firstFrame + count)} as a spectrogram ({@code mels x count},
     * mel-major).
     *
     * @param firstFrame the first frame, {@code >= 0}
     * @param count frames, {@code >= 0}, with {@code firstFrame + count <= frames()}
     * @return a new spectrogram
     * @throws IndexOutOfBoundsException if the range leaves the recording
     */
    public MelSpectrogram window(long firstFrame, int count) {
        Objects.checkFromIndexSize(firstFrame, count, frames);
        float[] rows = new float[Math.multiplyExact(mels, count)];
        readFrames(firstFrame, count, rows, 0);
        float[] values = new float[rows.length];
        for (int j0 = 0; j0 < count; j0 += 32) { // transpose in tiles of 32 frames
            int j1 = Math.min(count, j0 + 32);
            for (int m = 0; m < mels; m++) {
                for (int j = j0; j < j1; j++) {
                    values[m * count + j] = rows[j * mels + m];
                }
            }
        }
        return new MelSpectrogram(mels, count, values);
    }

    /**
     * Copies frames frame-major, as {@code MelSpectrogramExtractor.streamFrames} delivers them.
     *
     * @param firstFrame the first frame
     * @param count frames, with {@code firstFrame + count <= frames()}
     * @param dst receives value {@code m} of frame {@code firstFrame + j} at {@code offset + j * mels + m}
     * @param offset the first index in {@code dst}
     * @throws IndexOutOfBoundsException if the range leaves the recording or the array
     */
    public void readFrames(long firstFrame, int count, float[] dst, int offset) {
        Objects.checkFromIndexSize(firstFrame, count, frames);
        Objects.checkFromIndexSize(offset, Math.multiplyExact(count, mels), dst.length);
        short[] half = dtype == CacheDtype.FLOAT16 ? new short[mels] : null;
        for (int j = 0; j < count; j++) {
            frame(firstFrame + j, dst, offset + j * mels, half);
        }
    }
}
