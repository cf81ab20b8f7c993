package io.bullwatch.core.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.metrics.Confusion;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void listeningReadsRightForShortAndLongNights() {
        // 39 % of windows flagged: 7.02 min of a 0.3 h (18 min) night, 23.4 of 1 h, 187.2 of 8 h
        Confusion flagged39 = new Confusion(9, 30, 1, 60);
        assertEquals("7.0 min per 0.3 h night",
                Calibration.formatListening(Calibration.listeningMinutes(flagged39, 0.3), 0.3));
        assertEquals("23 min per 1.0 h night",
                Calibration.formatListening(Calibration.listeningMinutes(flagged39, 1), 1));
        assertEquals("187 min per 8.0 h night",
                Calibration.formatListening(Calibration.listeningMinutes(flagged39, 8), 8));
        // under 10 minutes one decimal, so that a short night's cost is not rounded away
        assertEquals("0.4 min per 0.3 h night", Calibration.formatListening(0.36, 0.3));
        assertEquals("9.9 min per 1.0 h night", Calibration.formatListening(9.94, 1));
        assertEquals("10 min per 1.0 h night", Calibration.formatListening(9.96, 1));
        // a clip of a few minutes keeps two decimals rather than reading "0.0 h"
        assertEquals("0.5 min per 0.05 h night", Calibration.formatListening(0.5, 0.05));
    }

    @Test
    void listeningIsFormattedTheSameInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("7.0 min per 0.3 h night", Calibration.formatListening(7.02, 0.3));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void theRuleTableGivesAShortNightsLengthAndCost() {
        // 10 windows, bulls at 0.9, 0.8, 0.4: budget 0.2 flags 2 windows, 20 % of 18 min = 3.6 min
        float[] scores = {0.9f, 0.8f, 0.7f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f, 0.02f, 0.01f};
        boolean[] bulls = {true, true, false, true, false, false, false, false, false, false};
        List<String> lines = Calibration.compare(List.of(ThresholdRule.budget(0.2)), scores, bulls, 0.3);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).endsWith("flagged 20.0 %  3.6 min per 0.3 h night"), lines.get(0));
    }
}
