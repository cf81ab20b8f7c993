package io.bullwatch.features.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link WindowSet#mixInto}: one window mixed into another recording's background in the power domain. */
class WindowSetMixTest {

    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(1024).optNMels(16).optFMax(4000).build();
    private static final LabelRule RULE = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);

    /** Noise at a level of its own, and a chirp (the "bull") at 40-43 s when {@code bull}. */
    private static CorpusRecording recording(Path dir, String name, double level, boolean bull, long seed)
            throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[80 * RATE];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) RATE;
            x[i] = (float) (level * r.nextGaussian()
                    + (bull && t > 40 && t < 43 ? 0.3 * Math.sin(2 * Math.PI * (600 + 200 * t) * t) : 0));
        }
        return TestRecordings.write(dir.resolve(name + ".wav"), x, RATE, "site-" + name,
                AnnotationSet.of("test", bull ? List.of(Annotation.of(40, 43)) : List.of()));
    }

    private static int windowAt(WindowSet set, String recording, double start) {
        for (int i = 0; i < set.size(); i++) {
            if (set.recording(i).equals(recording) && Math.abs(set.startSeconds(i).getAsDouble() - start) < 1e-9) {
                return i;
            }
        }
        throw new AssertionError("no window of " + recording + " at " + start + " s");
    }

    private static double bandMean(float[] w, int frames, int fromBand, int toBand, int fromFrame, int toFrame) {
        double s = 0;
        int n = 0;
        for (int m = fromBand; m < toBand; m++) {
            for (int j = fromFrame; j < toFrame; j++) {
                s += w[m * frames + j];
                n++;
            }
        }
        return s / n;
    }

    @ParameterizedTest
    @EnumSource(value = InputNormalisation.class, names = {"LOG_PER_RECORDING", "PCEN_PER_RECORDING"})
    void aBullMixedFaintlyIsTheBackgroundAndLouderStandsHigher(InputNormalisation norm, @TempDir Path dir)
            throws IOException {
        CorpusRecording quiet = recording(dir, "quiet", 0.005, true, 1);
        CorpusRecording loud = recording(dir, "loud", 0.05, false, 2);
        FeaturePipeline pipeline = FeaturePipeline.of(MEL, WindowSpec.SEED, norm);
        FeatureCache cache = FeatureCache.builder().setDirectory(dir.resolve("cache")).setConfig(MEL).build();
        try (WindowSet set = WindowSet.load(List.of(quiet, loud), pipeline, 5, RULE, 1, cache, true)) {
            assertTrue(set.mixable());
            int bull = windowAt(set, quiet.name(), 35);
            int background = windowAt(set, loud.name(), 35);
            assertTrue(set.isBull(bull));
            float[] own = set.features(background);
            // at -300 dB the mixed-in window vanishes: what is left is the background window as the
            // set gives it (PCEN restarted 24 s before it, settled: within 0.05 of the recording's pass)
            float[] faint = set.mixInto(bull, background, -300);
            assertEquals(own.length, faint.length);
            double tolerance = norm == InputNormalisation.PCEN_PER_RECORDING ? 0.05 : 1e-4;
            for (int c = 0; c < own.length; c++) {
                assertEquals(own[c], faint[c], tolerance, "cell " + c);
            }
            // the chirp (5-8 s into the window, 600-1400 Hz) stands higher the louder it is mixed in
            int frames = set.frames();
            int from = (int) Math.round(5.5 * RATE / 1024.0);
            int to = (int) Math.round(7.5 * RATE / 1024.0);
            double at0 = bandMean(set.mixInto(bull, background, 0), frames, 3, 10, from, to);
            double atMinus20 = bandMean(set.mixInto(bull, background, -20), frames, 3, 10, from, to);
            double at10 = bandMean(set.mixInto(bull, background, 10), frames, 3, 10, from, to);
            double none = bandMean(own, frames, 3, 10, from, to);
            assertTrue(none < atMinus20 && atMinus20 < at0 && at0 < at10,
                    none + " < " + atMinus20 + " < " + at0 + " < " + at10);
            // level-matched (0 dB), the chirp stands well above the loud site's own background
            assertTrue(at0 - none > 1, "at 0 dB: " + at0 + " against " + none);
        }
    }

    @Test
    void aSetLoadedWithoutRawFramesCannotMix(@TempDir Path dir) throws IOException {
        CorpusRecording quiet = recording(dir, "q", 0.005, true, 3);
        try (WindowSet set = WindowSet.load(List.of(quiet), FeaturePipeline.of(MEL, WindowSpec.SEED,
                InputNormalisation.PCEN_PER_RECORDING), 5, RULE, 1)) {
            assertFalse(set.mixable());
            assertThrows(IllegalStateException.class, () -> set.mixInto(0, 1, 0));
        }
    }
}
