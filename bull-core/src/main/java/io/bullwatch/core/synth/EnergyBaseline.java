package io.bullwatch.core.synth;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.events.EnergyScores;
import io.bullwatch.core.events.EnergyScores.Score;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.LabelledWindow;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowLabelling;
import io.bullwatch.core.window.WindowSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The energy baseline: a detector without learning that scores each 15 s window (every 5 s) from
 * its energy, with a threshold chosen on one site and applied to another. It exists to show that
 * the synthetic data cannot be solved by loudness alone.
 *
 * <p>The scores are {@link EnergyScores}' ({@link Score#WINDOW_ENERGY} and {@link
 * Score#PEAK_CONTRAST}).
 * Windows are labelled bull when a bull overlaps them ({@link LabelRule#anyOverlap()}).
 */
public final class EnergyBaseline {

    private EnergyBaseline() {
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
        EnergyScores.FrameLevels levels = EnergyScores.levels(audio, seconds -> { });
        Segmenter windows = Segmenter.of(WindowSpec.SEED, rate, audio.frames());
        WindowLabelling labels = WindowLabeller.of(LabelRule.anyOverlap()).label(windows, bulls);
        List<Double> s = new ArrayList<>();
        List<Boolean> b = new ArrayList<>();
        for (LabelledWindow lw : labels.windows()) {
            if (lw.extra()) {
                continue;
            }
            double value = levels.score(lw.window().startFrame(), lw.window().endFrame(), score);
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
