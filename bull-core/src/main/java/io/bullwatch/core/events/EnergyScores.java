package io.bullwatch.core.events;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.dsp.Biquad;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleConsumer;

/**
 * Window scores from energy alone, without learning: the scores of the {@link EnergyDetector} and
 * of the synthetic corpus's energy baseline ({@code io.bullwatch.core.synth.EnergyBaseline}).
 *
 * <p>Both scores are computed on the signal band-limited to 200 Hz - 8 kHz (where splash energy
 * lies) in 100 ms frames:
 * <ul>
 * <li>{@link Score#WINDOW_ENERGY}: the window's mean power in dB;</li>
 * <li>{@link Score#PEAK_CONTRAST}: the loudest 100 ms frame of the window in dB minus the median
 *     frame level of the 2 minutes around the window, i.e. how much a transient stands out of the
 *     local background (normalises away site level and slow background changes).</li>
 * </ul>
 */
public final class EnergyScores {

    /** Frame length of the energy envelope, seconds. */
    public static final double FRAME_SECONDS = 0.1;
    /** Half-width of the neighbourhood whose median is the local background, seconds. */
    public static final double CONTEXT_SECONDS = 60;

    private EnergyScores() {
    }

    /** The window score. */
    public enum Score {
        /** Mean band power of the window, dB. */
        WINDOW_ENERGY,
        /** Loudest 100 ms frame of the window over the local median frame level, dB. */
        PEAK_CONTRAST
    }

    /**
     * The band-limited level of every whole 100 ms frame of a recording.
     *
     * @param db the frame levels in dB
     * @param frameLength samples per frame
     */
    public record FrameLevels(double[] db, int frameLength) {

        /** Validates. */
        public FrameLevels {
            Objects.requireNonNull(db, "db");
            if (frameLength < 1) {
                throw new IllegalArgumentException("frameLength must be >= 1, got " + frameLength);
            }
        }

        /**
         * The score of the samples {@code [startFrame, endFrame)}.
         *
         * @param startFrame the first sample
         * @param endFrame one past the last sample
         * @param score the score
         * @return the score; {@code NaN} when the span holds no whole 100 ms frame
         */
        public double score(long startFrame, long endFrame, Score score) {
            int context = (int) Math.round(CONTEXT_SECONDS / FRAME_SECONDS);
            int from = (int) (startFrame / frameLength);
            int to = (int) Math.min(db.length, endFrame / frameLength);
            if (to <= from) {
                return Double.NaN;
            }
            if (score == Score.WINDOW_ENERGY) {
                double p = 0;
                for (int i = from; i < to; i++) {
                    p += Math.pow(10, db[i] / 10);
                }
                return 10 * Math.log10(p / (to - from));
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                max = Math.max(max, db[i]);
            }
            int mid = (from + to) / 2;
            double[] around = Arrays.copyOfRange(db, Math.max(0, mid - context), Math.min(db.length, mid + context));
            Arrays.sort(around);
            return max - around[around.length / 2];
        }
    }

    /**
     * Scores every window of a recording. The audio is read once, in blocks.
     *
     * @param audio the recording
     * @param windows the windows to score (of this recording's sample rate and length)
     * @param score the score
     * @param progress told the audio seconds read so far, after every block of 6.4 s
     * @return one score per window of {@code windows}, in index order; {@code NaN} for a window
     *     shorter than one 100 ms frame
     * @throws InterruptedIOException if the thread is interrupted while reading
     * @throws IOException if reading fails
     */
    public static double[] windowScores(AudioSource audio, Segmenter windows, Score score,
            DoubleConsumer progress) throws IOException {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(score, "score");
        FrameLevels levels = levels(audio, progress);
        double[] out = new double[windows.count()];
        for (Window w : windows) {
            out[w.index()] = levels.score(w.startFrame(), w.endFrame(), score);
        }
        return out;
    }

    /**
     * The band-limited (200 Hz - 8 kHz) levels of a recording's 100 ms frames, streamed.
     *
     * @param audio the recording
     * @param progress told the audio seconds read so far, after every block of 6.4 s
     * @return the levels
     * @throws InterruptedIOException if the thread is interrupted while reading
     * @throws IOException if reading fails
     */
    public static FrameLevels levels(AudioSource audio, DoubleConsumer progress) throws IOException {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(progress, "progress");
        double rate = audio.sampleRate();
        int frameLen = (int) Math.round(FRAME_SECONDS * rate);
        Biquad hp1 = Biquad.highPass(200, 0.7, rate);
        Biquad hp2 = Biquad.highPass(200, 0.7, rate);
        Biquad lp1 = Biquad.lowPass(8000, 0.7, rate);
        Biquad lp2 = Biquad.lowPass(8000, 0.7, rate);
        int frames = (int) (audio.frames() / frameLen);
        double[] db = new double[frames];
        float[] buf = new float[frameLen * 64];
        long pos = 0;
        int fi = 0;
        double acc = 0;
        int inFrame = 0;
        while (fi < frames) {
            int n = audio.read(pos, buf, 0, buf.length);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n && fi < frames; i++) {
                double y = lp2.process(lp1.process(hp2.process(hp1.process(buf[i]))));
                acc += y * y;
                if (++inFrame == frameLen) {
                    db[fi++] = 10 * Math.log10(acc / frameLen + 1e-20);
                    acc = 0;
                    inFrame = 0;
                }
            }
            pos += n;
            progress.accept(pos / rate);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted after " + pos + " of " + audio.frames()
                        + " frames");
            }
        }
        return new FrameLevels(db, frameLen);
    }
}
