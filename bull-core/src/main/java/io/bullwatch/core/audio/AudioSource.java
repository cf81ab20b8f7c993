package io.bullwatch.core.audio;

import java.io.Closeable;
import java.io.IOException;

/**
 * Mono float samples of one recording, read in blocks from any frame offset.
 *
 * <p>Implementations never hold a whole file in memory: {@link #read(long, float[], int, int)} is
 * a positional read, so a caller can walk an hours-long recording block by block or jump to any
 * window. Samples are in {@code [-1, 1]} for integer encodings (full scale maps to 1); float
 * files are passed through unchanged. Multi-channel files are reduced to mono by the
 * {@link ChannelPolicy} chosen when the source was opened.
 *
 * <p>A source is not safe for concurrent use; open one per thread (opening is cheap).
 */
public interface AudioSource extends Closeable {

    /**
     * What the underlying recording holds.
     *
     * @return the recording's information, including repair warnings
     */
    AudioInfo info();

    /**
     * Frames per second.
     *
     * @return the sample rate in Hz
     */
    default int sampleRate() {
        return info().sampleRate();
    }

    /**
     * Number of frames that can be read.
     *
     * @return the length in frames
     */
    default long frames() {
        return info().frames();
    }

    /**
     * Reads mono samples starting at a frame offset.
     *
     * @param frame the first frame to read, {@code 0 <= frame}
     * @param dst where to store the samples
     * @param offset index in {@code dst} of the first sample
     * @param count maximum number of frames to read
     * @return the number of frames read: {@code min(count, frames() - frame)}, {@code 0} at or past
     *     the end
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the frame or array bounds are invalid
     */
    int read(long frame, float[] dst, int offset, int count) throws IOException;

    /**
     * Reads up to {@code count} frames into a new array.
     *
     * @param frame the first frame
     * @param count number of frames wanted
     * @return the samples read; shorter than {@code count} near the end of the recording
     * @throws IOException if the file cannot be read
     */
    default float[] readFrames(long frame, int count) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        long available = Math.max(0, frames() - frame);
        float[] out = new float[(int) Math.min(count, available)];
        int done = 0;
        while (done < out.length) {
            int n = read(frame + done, out, done, out.length - done);
            if (n <= 0) {
                break;
            }
            done += n;
        }
        return done == out.length ? out : java.util.Arrays.copyOf(out, done);
    }

    /**
     * An in-memory source over mono samples, for generated audio, tests and live streams that
     * have been buffered.
     *
     * @param samples mono samples (not copied)
     * @param sampleRate frames per second
     * @return the source
     */
    static AudioSource of(float[] samples, int sampleRate) {
        return new ArrayAudioSource(samples, sampleRate);
    }
}
