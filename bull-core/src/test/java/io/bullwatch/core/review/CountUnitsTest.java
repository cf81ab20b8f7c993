package io.bullwatch.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.WindowScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CountUnitsTest {

    /** 15 s windows on a 5 s hop over 60 s; window k starts at 5k. */
    private static List<WindowScore> windows(float... scores) {
        List<WindowScore> w = new ArrayList<>();
        for (int k = 0; k < scores.length; k++) {
            w.add(new WindowScore(5 * k, 5 * k + 15, scores[k]));
        }
        return w;
    }

    @Test
    void cellsOutsideEventsTakeTheLowestScoreOfTheWindowsCoveringThem() {
        // windows start at 0..45, the night ends at 60: cells 0-5 .. 55-60
        List<WindowScore> w = windows(0.1f, 0.2f, 0.9f, 0.8f, 0.7f, 0.3f, 0.05f, 0.02f, 0.01f, 0.03f);
        List<double[]> events = List.of(new double[] {20, 25, 0.9});
        List<CountUnit> units = CountUnits.of(w, events);
        assertEquals(new CountUnit(UnitKind.EVENT, 20, 25, 0.9), units.get(0));
        // 12 cells in 60 s less the one under the event
        assertEquals(12, units.size());
        // cell 10-15 is covered whole by the windows at 0, 5 and 10: min(0.1, 0.2, 0.9)
        assertEquals(0.1, units.stream().filter(u -> u.start() == 10).findFirst().orElseThrow().score(), 1e-6);
        // cell 25-30: windows at 15, 20, 25: min(0.8, 0.7, 0.3)
        assertEquals(0.3, units.stream().filter(u -> u.start() == 25).findFirst().orElseThrow().score(), 1e-6);
        // cell 0-5: only the window at 0 covers it
        assertEquals(0.1, units.stream().filter(u -> u.start() == 0).findFirst().orElseThrow().score(), 1e-6);
    }

    @Test
    void windowsThatDoNotStepForwardAreNamedWhereTheyRepeat() {
        List<WindowScore> w = List.of(new WindowScore(0, 15, 0.1f), new WindowScore(5, 20, 0.1f),
                new WindowScore(5, 20, 0.2f), new WindowScore(5, 20, 0.3f), new WindowScore(5, 20, 0.4f));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CountUnits.of(w, List.of()));
        assertTrue(e.getMessage().endsWith("found two windows starting at 5.0 s"), e.getMessage());
    }

    @Test
    void strataAndTheirPosteriorsFollowTheVerdicts() {
        List<CountUnit> units = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            units.add(new CountUnit(UnitKind.CELL, 5 * c, 5 * c + 5, 0.001));
        }
        var verdicts = new java.util.HashMap<String, ReviewEntry>();
        java.time.Instant t = java.time.Instant.EPOCH;
        verdicts.put(units.get(0).key(), new ReviewEntry(UnitKind.CELL, 0, 5, 0.001, Verdict.BULL, "", t));
        verdicts.put(units.get(1).key(), new ReviewEntry(UnitKind.CELL, 5, 10, 0.001, Verdict.NOT_BULL, "", t));
        verdicts.put(units.get(2).key(), new ReviewEntry(UnitKind.CELL, 10, 15, 0.001, Verdict.UNSURE, "", t));
        BullCount.Night night = BullCount.night("n", units, verdicts, Optional.empty());
        BullCount.Stratum s = night.strata().get(0);
        // one stratum: 10 cells, 2 decided (unsure is not), 1 bull; no other band has verdicts, so
        // Jeffreys' prior: Beta(0.5 + 1, 0.5 + 1)
        assertEquals(10, s.units());
        assertEquals(2, s.judged());
        assertEquals(1.5, s.alpha(), 1e-12);
        assertEquals(1.5, s.beta(), 1e-12);
        // 1 confirmed + 8 undecided at a posterior mean share of 1/2: 5
        assertEquals(5.0, night.estimate().estimate(), 0.15);
        assertEquals(1, night.confirmed());
        assertEquals("verdicts", night.estimate().method());
    }

    @Test
    void aBandWithoutVerdictsLeansOnTheNearestBandsMost() {
        int[] judged = new int[BullCount.EDGES.length - 1];
        int[] bulls = new int[judged.length];
        judged[3] = 4;
        bulls[3] = 0;
        judged[12] = 10;
        bulls[12] = 10;
        // band 4: band 3 at weight 0.8, band 12 at 0.8^8
        double n = 0.8 * 4 + Math.pow(0.8, 8) * 10;
        double k = Math.pow(0.8, 8) * 10;
        double p = (k + 0.5) / (n + 1);
        double[] prior = BullCount.neighbours(judged, bulls, 4);
        assertEquals(BullCount.PRIOR_WEIGHT * p, prior[0], 1e-12);
        assertEquals(BullCount.PRIOR_WEIGHT * (1 - p), prior[1], 1e-12);
        assertEquals(null, BullCount.neighbours(new int[judged.length], new int[judged.length], 4));
    }

    @Test
    void calibrationDataStandInForStrataWithoutVerdicts() {
        List<CountUnit> units = List.of(new CountUnit(UnitKind.EVENT, 0, 5, 0.97), new CountUnit(UnitKind.CELL, 5, 10, 0.001));
        // calibration: windows at 0.95-0.99 are bulls 9 times in 10; at 0-0.005, 1 in 100; 3 bull windows per bull
        float[] scores = new float[110];
        boolean[] bulls = new boolean[110];
        for (int i = 0; i < 10; i++) {
            scores[i] = 0.97f;
            bulls[i] = i < 9;
        }
        for (int i = 10; i < 110; i++) {
            scores[i] = 0.001f;
            bulls[i] = i == 10;
        }
        ScoreCalibration cal = ScoreCalibration.of(scores, bulls, 3);
        BullCount.Night night = BullCount.night("n", units, Map.of(), Optional.of(cal));
        BullCount.Stratum event = night.strata().get(0);
        BullCount.Stratum cell = night.strata().get(1);
        assertEquals(BullCount.Source.CALIBRATION, event.source());
        // r = (9 + 0.5) / (10 + 1), weight min(10, 20) = 10
        assertEquals(9.5 / 11, event.share(), 1e-12);
        // r = (1 + 0.5) / (100 + 1), divided by 3 bull windows per bull
        assertEquals(1.5 / 101 / 3, cell.share(), 1e-12);
        assertEquals("calibration", night.estimate().method());
    }
}
