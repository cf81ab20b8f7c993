package io.bullwatch.core.synth;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.LabelledWindow;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowLabelling;
import io.bullwatch.core.window.WindowSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleConsumer;

/**
 * The energy baseline: a detector without learning that scores each 15 s window (every 5 s) from
 * its energy, with a threshold chosen on one site and applied to another. It exists to show that
 * the synthetic data cannot be solved by loudness alone.
 *
 * <p>Two scores, both computed on the signal band-limited to 200 Hz - 8 kHz (where splash energy
 * lies) in 100 ms frames:
 * <ul>
 * <li>{@link Score#WINDOW_ENERGY}: the window's mean power in dB;</li>
 * <li>{@link Score#PEAK_CONTRAST}: the loudest 100 ms frame of the window in dB minus the median
 *     frame level of the 2 minutes around the window, i.e. how much a transient stands out of the
 *     local background (normalises away site level and slow background changes).</li>
 * </ul>
 * Windows are labelled bull when a bull overlaps them ({@link LabelRule#anyOverlap()}).
 */
public final class EnergyBaseline {

    /** Frame length of the energy envelope, seconds. */
    public static final double FRAME_SECONDS = 0.1;
    /** Half-width of the neighbourhood whose median is the local background, seconds. */
    public static final double CONTEXT_SECONDS = 60;

    private EnergyBaseline() {
    }

    /** The window score. */
    public enum Score {
        /** Mean band power of the window, dB. */
        WINDOW_ENERGY,
        /** Loudest 100 ms frame of the window over the local median frame level, dB. */
        PEAK_CONTRAST
    }

    /**
     * Scores and labels of the windows of one or more recordings.
     *
     * @param scores one score per window
     * @param bulls whether each window is a bull window
     */
    public record Scored(double[] scores, boolean[] bulls) {

        /** Validates. */
        public Scored {
            if (scores.length != bulls.length) {
                throw new IllegalArgumentException("scores and labels differ in length");
            }
        }

        /**
         * Share of bull windows.
         *
         * @return bull windows over all windows, 0 when there are none
         */
        public double positiveShare() {
            int p = 0;
            for (boolean b : bulls) {
                p += b ? 1 : 0;
            }
            return bulls.length == 0 ? 0 : (double) p / bulls.length;
        }

        static Scored concat(List<Scored> parts) {
            int n = parts.stream().mapToInt(s -> s.scores.length).sum();
            double[] s = new double[n];
            boolean[] b = new boolean[n];
            int at = 0;
            for (Scored p : parts) {
                System.arraycopy(p.scores, 0, s, at, p.scores.length);
                System.arraycopy(p.bulls, 0, b, at, p.bulls.length);
                at += p.scores.length;
            }
            return new Scored(s, b);
        }
    }

    /**
     * The outcome of tuning on one site and testing on another.
     *
     * @param score the score used
     * @param tuneSite the site whose windows chose the threshold
     * @param testSite the site scored
     * @param threshold the threshold with the best average recall on the tuning site
     * @param tune the confusion on the tuning site at that threshold
     * @param test the confusion on the test site at that threshold
     * @param testOracleAverageRecall the best average recall any threshold reaches on the test site
     *     (an upper bound that cheats by looking at the test labels)
     * @param testPositiveShare share of bull windows on the test site
     */
    public record Result(Score score, String tuneSite, String testSite, double threshold, Confusion tune,
            Confusion test, double testOracleAverageRecall, double testPositiveShare) {
    }

    /**
     * Scores the windows of a recording.
     *
     * @param audio the recording (read in blocks)
     * @param bulls its bull annotations
     * @param score the score
     * @return scores and labels of the full windows ({@link WindowSpec#SEED})
     * @throws IOException if reading fails
     */
    public static Scored score(AudioSource audio, List<Annotation> bulls, Score score) throws IOException {
        Objects.requireNonNull(score, "score");
        double rate = audio.sampleRate();
        int frameLen = (int) Math.round(FRAME_SECONDS * rate);
        double[] db = frameLevels(audio, frameLen, seconds -> { });
        Segmenter windows = Segmenter.of(WindowSpec.SEED, rate, audio.frames());
        WindowLabelling labels = WindowLabeller.of(LabelRule.anyOverlap()).label(windows, bulls);
        List<Double> s = new ArrayList<>();
        List<Boolean> b = new ArrayList<>();
        for (LabelledWindow lw : labels.windows()) {
            if (lw.extra()) {
                continue;
            }
            double value = windowValue(db, frameLen, lw.window().startFrame(), lw.window().endFrame(), score);
            if (Double.isNaN(value)) {
                continue;
            }
            s.add(value);
            b.add(lw.label().isBull());
        }
        double[] scores = new double[s.size()];
        boolean[] flags = new boolean[s.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = s.get(i);
            flags[i] = b.get(i);
        }
        return new Scored(scores, flags);
    }

    /**
     * Scores every window of a recording without labels: the detector-side use of this baseline
     * ({@code io.bullwatch.core.detect.EnergyDetector}). The audio is read once, in blocks.
     *
     * @param audio the recording
     * @param windows the windows to score (of this recording's sample rate and length)
     * @param score the score
     * @param progress told the audio seconds read so far, after every block of 6.4 s
     * @return one score per window of {@code windows}, in index order; {@code NaN} for a window
     *     shorter than one 100 ms frame
     * @throws java.io.InterruptedIOException if the thread is interrupted while reading
     * @throws IOException if reading fails
     */
    public static double[] windowScores(AudioSource audio, Segmenter windows, Score score,
            DoubleConsumer progress) throws IOException {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(progress, "progress");
        int frameLen = (int) Math.round(FRAME_SECONDS * audio.sampleRate());
        double[] db = frameLevels(audio, frameLen, progress);
        double[] out = new double[windows.count()];
        for (Window w : windows) {
            out[w.index()] = windowValue(db, frameLen, w.startFrame(), w.endFrame(), score);
        }
        return out;
    }

    /** The score of frames {@code [startFrame, endFrame)}, NaN when they hold no whole frame. */
    private static double windowValue(double[] db, int frameLen, long startFrame, long endFrame, Score score) {
        int context = (int) Math.round(CONTEXT_SECONDS / FRAME_SECONDS);
        int from = (int) (startFrame / frameLen);
        int to = (int) Math.min(db.length, endFrame / frameLen);
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

    /** Band-limited (200 Hz - 8 kHz) frame levels in dB, streamed; stops when interrupted. */
    private static double[] frameLevels(AudioSource audio, int frameLen, DoubleConsumer progress)
            throws IOException {
        double rate = audio.sampleRate();
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
        return db;
    }

    /**
     * Scores every recording of some sites of a corpus.
     *
     * @param corpus the corpus
     * @param site the site (exact name)
     * @param score the score
     * @return the windows of the site's recordings, in manifest order
     * @throws IOException if a recording cannot be read
     */
    public static Scored scoreSite(Corpus corpus, String site, Score score) throws IOException {
        List<Scored> parts = new ArrayList<>();
        for (CorpusRecording r : corpus.recordings()) {
            if (r.site().equals(site)) {
                try (AudioSource a = WavFile.open(r.recording())) {
                    parts.add(score(a, r.events(), score));
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("unknown site '" + site + "'; the corpus has: " + corpus.sites());
        }
        return Scored.concat(parts);
    }

    /**
     * Chooses the threshold with the best average recall on one site's windows and scores another
     * site's windows with it.
     *
     * @param tuneSite windows of the tuning site
     * @param testSite windows of the test site
     * @param score the score used (reported)
     * @param tuneName the tuning site's name (reported)
     * @param testName the test site's name (reported)
     * @return the result
     * @throws IllegalArgumentException if a site lacks bull or no-bull windows
     */
    public static Result evaluate(Scored tuneSite, Scored testSite, Score score, String tuneName, String testName) {
        ThresholdPoint best = ThresholdSweep.of(tuneSite.scores(), tuneSite.bulls()).maxAverageRecall()
                .orElseThrow(() -> new IllegalArgumentException("site " + tuneName + " needs bull and no-bull windows"));
        Confusion test = Confusion.of(testSite.scores(), testSite.bulls(), best.threshold());
        double oracle = ThresholdSweep.of(testSite.scores(), testSite.bulls()).maxAverageRecall()
                .orElseThrow(() -> new IllegalArgumentException("site " + testName + " needs bull and no-bull windows"))
                .confusion().averageRecall();
        return new Result(score, tuneName, testName, best.threshold(), best.confusion(), test, oracle,
                testSite.positiveShare());
    }

    /**
     * Tunes on one site of a corpus and tests on another.
     *
     * @param corpus the corpus
     * @param tuneSite the tuning site
     * @param testSite the test site
     * @param score the score
     * @return the result
     * @throws IOException if a recording cannot be read
     */
    public static Result evaluate(Corpus corpus, String tuneSite, String testSite, Score score) throws IOException {
        return evaluate(scoreSite(corpus, tuneSite, score), scoreSite(corpus, testSite, score), score, tuneSite,
                testSite);
    }
}
