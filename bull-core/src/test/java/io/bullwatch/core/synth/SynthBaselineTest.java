package io.bullwatch.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.SplitStatistics;
import io.bullwatch.core.events.EnergyScores;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The energy baseline on the default corpus ({@code bull synth --hours 2 --sites 3}, seed 1): a
 * threshold tuned on the first site, scored on the test site. If this fails because the baseline
 * does too well, the generator is too easy: make the generator harder, never the baseline weaker.
 */
class SynthBaselineTest {

    @Test
    void energyThresholdDoesNotTransferToAnotherSite(@TempDir Path tmp) throws IOException {
        SyntheticCorpus.write(SynthConfig.defaults(), tmp, 2);
        Corpus corpus = Corpus.load(tmp.resolve("manifest.csv"));
        assertEquals(0, corpus.warnings().size());
        long windows = 0;
        long positives = 0;
        for (SplitStatistics s : corpus.explicitSplits().statistics(WindowSpec.SEED, LabelRule.anyOverlap())) {
            windows += s.windows();
            positives += s.positiveWindows();
        }
        double share = (double) positives / windows;
        assertTrue(share > 0.03 && share < 0.10, "share of bull windows " + share);
        for (EnergyScores.Score score : EnergyScores.Score.values()) {
            EnergyBaseline.Result r = EnergyBaseline.evaluate(corpus, "site01", "site03", score);
            System.err.printf(java.util.Locale.ROOT, "%s: positive share %.3f, tuned on site01 %.3f, on site03 %.3f (oracle %.3f), bull windows %.3f%n",
                    score, share, r.tune().averageRecall(), r.test().averageRecall(), r.testOracleAverageRecall(),
                    r.testPositiveShare());
            assertTrue(r.test().averageRecall() < 0.8, score + ": " + r);
        }
    }
}
