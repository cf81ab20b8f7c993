package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.events.StepAggregation;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.TestRecordings;
import io.bullwatch.features.windows.WindowSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WindowScores#aggregated}: each recording's windows are aggregated among themselves, in
 * order of start, as the detector aggregates one recording.
 */
class AggregatedScoresTest {

    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(1024).optNMels(8).optFMax(4000).build();

    private static CorpusRecording recording(Path dir, String name, double seconds) throws IOException {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * r.nextGaussian());
        }
        return TestRecordings.write(dir.resolve(name + ".wav"), x, RATE, "site-" + name,
                AnnotationSet.of("none", List.of()));
    }

    @Test
    void eachRecordingIsAggregatedOnItsOwn(@TempDir Path dir) throws IOException {
        // two recordings of 25 s: windows at 0, 5, 10 s in each, the same starts
        try (WindowSet set = WindowSet.load(List.of(recording(dir, "a", 25), recording(dir, "b", 25)), FeaturePipeline.of(MEL, WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING), LabelRule.anyOverlap(), 1)) {
            assertEquals(6, set.size());
            assertEquals(15.0, set.windowSeconds().orElseThrow());
            assertEquals(5.0, set.startSeconds(4).orElseThrow());
            float[][] steps = new float[6][];
            for (int i = 0; i < 6; i++) {
                steps[i] = new float[] {i - 3f, 2f - i, 0.5f * i};
            }
            float[] got = WindowScores.aggregated(set, steps);
            double[] starts = {0, 5, 10};
            float[] a = StepAggregation.windowScoresOfMargins(starts, 15, new float[][] {steps[0], steps[1], steps[2]});
            float[] b = StepAggregation.windowScoresOfMargins(starts, 15, new float[][] {steps[3], steps[4], steps[5]});
            assertArrayEquals(new float[] {a[0], a[1], a[2], b[0], b[1], b[2]}, got, 0f);
        }
    }
}
