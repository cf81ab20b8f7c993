package io.bullwatch.core.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

    // 10 windows, bulls at scores 0.9, 0.8, 0.4; no-bulls at 0.7, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01.
    private static final float[] SCORES = {0.9f, 0.8f, 0.7f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f, 0.02f, 0.01f};
    private static final boolean[] BULLS = {true, true, false, true, false, false, false, false, false, false};

    @Test
    void rulesChooseHandComputedThresholds() {
        // t = 0.4: tp 3, fp 1 -> bull recall 1, no-bull recall 6/7, average 0.9286 (the best).
        Calibration avg = Calibration.of(ThresholdRule.averageRecall(), SCORES, BULLS);
        assertEquals(0.4, avg.threshold(), 1e-6);
        assertEquals((1 + 6.0 / 7) / 2, avg.validation().averageRecall(), 1e-12);
        // recall 0.6: 0.8 already gives 2/3 >= 0.6, the highest such threshold.
        assertEquals(0.8, Calibration.of(ThresholdRule.bullRecall(0.6), SCORES, BULLS).threshold(), 1e-6);
        // F1 at 0.8: 2*2/(4+0+1) = 0.8; at 0.4: 6/(6+1) = 0.857 -> 0.4.
        assertEquals(0.4, Calibration.of(ThresholdRule.f1(), SCORES, BULLS).threshold(), 1e-6);
        // budget 0.2: at most 2 flagged -> 0.8 (recall 2/3).
        Calibration budget = Calibration.of(ThresholdRule.budget(0.2), SCORES, BULLS);
        assertEquals(0.8, budget.threshold(), 1e-6);
        // 20 % of a 4 h night = 48 minutes.
        assertEquals(48.0, Calibration.listeningMinutes(budget.validation(), 4), 1e-9);
    }

    @Test
    void parsesAndPrints() {
        for (String s : new String[] {"avg-recall", "recall:0.95", "f1", "budget:0.1", "smooth:avg-recall", "smooth:recall:0.95"}) {
            assertEquals(s, ThresholdRule.parse(s).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> ThresholdRule.parse("recall:1.5"));
        assertThrows(IllegalArgumentException.class, () -> ThresholdRule.parse("precision"));
        assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(ThresholdRule.averageRecall(), new float[] {0.1f}, new boolean[] {false}));
    }
}
