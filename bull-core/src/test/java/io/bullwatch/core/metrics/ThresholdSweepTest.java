package io.bullwatch.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The main example, with ties between a bull and a no-bull window at 0.8 and at 0.5:
 *
 * <pre>
 * score  0.9  0.8  0.8  0.6  0.5  0.5  0.3
 * bull    1    0    1    1    0    1    0        4 bulls, 3 no-bulls
 *
 * threshold  tp fp fn tn  precision  recall  no-bull recall  average recall  F1            flagged
 * 0.9         1  0  3  3  1          0.25    1               0.625           2/5 = 0.4     1/7
 * 0.8         2  1  2  2  2/3        0.50    2/3             0.5833          4/7 = 0.571   3/7
 * 0.6         3  1  1  2  3/4        0.75    2/3             0.7083          6/8 = 0.75    4/7
 * 0.5         4  2  0  1  2/3        1       1/3             0.6667          8/10 = 0.8    6/7
 * 0.3         4  3  0  0  4/7        1       0               0.5             8/11 = 0.727  7/7
 * </pre>
 */
class ThresholdSweepTest {

    private static final double EPS = 1e-12;
    private static final double[] SCORES = {0.9, 0.8, 0.8, 0.6, 0.5, 0.5, 0.3};
    private static final boolean[] BULLS = {true, false, true, true, false, true, false};

    private static ThresholdSweep example() {
        return ThresholdSweep.of(SCORES, BULLS);
    }

    private static double threshold(Optional<ThresholdPoint> p) {
        return p.orElseThrow().threshold();
    }

    @Test
    void pointsAtEveryDistinctThresholdAscending() {
        ThresholdSweep s = example();
        assertEquals(5, s.size());
        assertEquals(4, s.bulls());
        assertEquals(3, s.noBulls());
        List<ThresholdPoint> expected = List.of(
                new ThresholdPoint(0.3, new Confusion(4, 3, 0, 0)),
                new ThresholdPoint(0.5, new Confusion(4, 2, 0, 1)),
                new ThresholdPoint(0.6, new Confusion(3, 1, 1, 2)),
                new ThresholdPoint(0.8, new Confusion(2, 1, 2, 2)),
                new ThresholdPoint(0.9, new Confusion(1, 0, 3, 3)));
        assertEquals(expected, s.points());
    }

    @Test
    void inputOrderDoesNotMatter() {
        double[] scores = {0.5, 0.3, 0.8, 0.9, 0.6, 0.8, 0.5};
        boolean[] bulls = {false, false, false, true, true, true, true};
        assertEquals(example().points(), ThresholdSweep.of(scores, bulls).points());
    }

    @Test
    void confusionAtAnyThreshold() {
        ThresholdSweep s = example();
        assertEquals(new Confusion(2, 1, 2, 2), s.confusionAt(0.8)); // a point
        assertEquals(new Confusion(2, 1, 2, 2), s.confusionAt(0.7)); // between 0.6 and 0.8
        assertEquals(new Confusion(0, 0, 4, 3), s.confusionAt(0.95)); // above every score
        assertEquals(new Confusion(4, 3, 0, 0), s.confusionAt(-1)); // below every score
        assertEquals(Confusion.of(SCORES, BULLS, 0.55), s.confusionAt(0.55));
    }

    @Test
    void averagePrecisionWithTies() {
        // from the highest threshold down, (R_n - R_(n-1)) * P_n:
        // 0.25 * 1 + 0.25 * 2/3 + 0.25 * 3/4 + 0.25 * 2/3 + 0 * 4/7
        //   = 0.25 * (12 + 8 + 9 + 8) / 12 = 37/48 = 0.7708333
        assertEquals(37.0 / 48, example().averagePrecision(), EPS);
    }

    @Test
    void averagePrecisionWhenAllTied() {
        // one threshold flags all: recall 0 -> 1 at precision 2/5
        ThresholdSweep s = ThresholdSweep.of(new double[] {0.5, 0.5, 0.5, 0.5, 0.5},
                new boolean[] {true, false, true, false, false});
        assertEquals(0.4, s.averagePrecision(), EPS);
        assertEquals(0.5, s.rocAuc(), EPS); // every bull / no-bull pair tied: 1/2
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // bull 0.9 beats all 3 no-bulls: 3; bull 0.8 ties 0.8, beats 0.5 and 0.3: 2.5;
        // bull 0.6 beats 0.5 and 0.3: 2; bull 0.5 ties 0.5, beats 0.3: 1.5. (3+2.5+2+1.5)/12 = 0.75
        assertEquals(0.75, example().rocAuc(), EPS);
        assertEquals(1.0, ThresholdSweep.of(new double[] {Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY}, new boolean[] {true, false}).rocAuc());
    }

    @Test
    void precisionRecallCurveLikeScikitLearn() {
        List<PrecisionRecallPoint> curve = example().precisionRecallCurve();
        assertEquals(List.of(
                new PrecisionRecallPoint(0.3, 4.0 / 7, 1.0),
                new PrecisionRecallPoint(0.5, 4.0 / 6, 1.0),
                new PrecisionRecallPoint(0.6, 3.0 / 4, 0.75),
                new PrecisionRecallPoint(0.8, 2.0 / 3, 0.5),
                new PrecisionRecallPoint(0.9, 1.0, 0.25),
                new PrecisionRecallPoint(Double.POSITIVE_INFINITY, 1.0, 0.0)), curve);
    }

    @Test
    void chosenThresholds() {
        ThresholdSweep s = example();
        assertEquals(0.6, threshold(s.maxAverageRecall())); // 0.7083
        assertEquals(0.5, threshold(s.maxF1())); // 0.8
        assertEquals(0.6, threshold(s.forBullRecall(0.7))); // first recall >= 0.7 from the top: 0.75
        assertEquals(0.8, threshold(s.forBullRecall(0.5))); // exactly 0.5 counts
        assertEquals(0.5, threshold(s.forBullRecall(1.0))); // 0.5 and 0.3 both reach 1: the higher
        assertEquals(0.9, threshold(s.forBullRecall(0.0)));
        // budgets: flagged 1/7, 3/7, 4/7, 6/7, 7/7
        assertEquals(0.8, threshold(s.maxBullRecallWithinBudget(0.5))); // 3/7 = 0.43, recall 0.5
        assertEquals(0.6, threshold(s.maxBullRecallWithinBudget(4.0 / 7))); // at the budget
        assertEquals(0.5, threshold(s.maxBullRecallWithinBudget(1.0))); // recall 1 with fewer flags
        assertTrue(s.maxBullRecallWithinBudget(0.1).isEmpty()); // even 1/7 = 0.14 is too many
    }

    @Test
    void tiesGoToTheHigherThreshold() {
        // bull 0.9, no-bull 0.7, bull 0.5, no-bull 0.3 (2 and 2):
        // average recall 0.9: (1/2 + 1)/2 = 0.75; 0.7: (1/2 + 1/2)/2 = 0.5; 0.5: (1 + 1/2)/2 = 0.75
        ThresholdSweep s = ThresholdSweep.of(new double[] {0.9, 0.7, 0.5, 0.3},
                new boolean[] {true, false, true, false});
        assertEquals(0.75, s.maxAverageRecall().orElseThrow().confusion().averageRecall());
        assertEquals(0.9, threshold(s.maxAverageRecall()));
    }

    @Test
    void emptyInput() {
        ThresholdSweep s = ThresholdSweep.of(new double[0], new boolean[0]);
        assertEquals(0, s.size());
        assertTrue(s.points().isEmpty());
        assertTrue(Double.isNaN(s.averagePrecision()));
        assertTrue(Double.isNaN(s.rocAuc()));
        assertTrue(s.maxAverageRecall().isEmpty());
        assertTrue(s.maxF1().isEmpty());
        assertTrue(s.forBullRecall(0.9).isEmpty());
        assertTrue(s.maxBullRecallWithinBudget(1).isEmpty());
        assertEquals(Confusion.EMPTY, s.confusionAt(0.5));
        assertEquals(List.of(new PrecisionRecallPoint(Double.POSITIVE_INFINITY, 1, 0)),
                s.precisionRecallCurve());
    }

    @Test
    void noBullWindows() {
        ThresholdSweep s = ThresholdSweep.of(new double[] {0.2, 0.4}, new boolean[2]);
        assertEquals(2, s.size());
        assertEquals(new Confusion(0, 1, 0, 1), s.confusionAt(0.3));
        assertTrue(Double.isNaN(s.averagePrecision()));
        assertTrue(Double.isNaN(s.rocAuc()));
        assertTrue(s.maxAverageRecall().isEmpty());
        assertTrue(s.maxF1().isEmpty());
        assertTrue(s.forBullRecall(0.5).isEmpty());
        assertTrue(s.maxBullRecallWithinBudget(1).isEmpty());
        assertTrue(Double.isNaN(s.precisionRecallCurve().get(0).recall()));
    }

    @Test
    void onlyBullWindows() {
        // 0.4: tp 1, precision 1, recall 1/2; 0.2: tp 2, precision 1, recall 1 -> AP 1/2 + 1/2 = 1
        ThresholdSweep s = ThresholdSweep.of(new float[] {0.2f, 0.4f}, new boolean[] {true, true});
        assertEquals(1.0, s.averagePrecision(), EPS);
        assertTrue(Double.isNaN(s.rocAuc()));
        assertTrue(s.maxAverageRecall().isEmpty());
        // F1 at 0.4: 2/(2+0+1) = 2/3; at 0.2: 4/4 = 1
        assertEquals((double) 0.2f, threshold(s.maxF1()));
    }

    @Test
    void agreesWithDirectCountingOnRandomScores() {
        Random random = new Random(7L);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(200);
            double[] scores = new double[n];
            boolean[] bulls = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(20) / 20.0; // coarse, so many ties
                bulls[i] = random.nextInt(4) == 0;
            }
            ThresholdSweep s = ThresholdSweep.of(scores, bulls);
            for (ThresholdPoint p : s.points()) {
                assertEquals(Confusion.of(scores, bulls, p.threshold()), p.confusion());
            }
            if (s.bulls() > 0 && s.noBulls() > 0) {
                // AUC as the share of (bull, no-bull) pairs ordered correctly, ties as 1/2
                double wins = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (bulls[i] && !bulls[j]) {
                            wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                        }
                    }
                }
                assertEquals(wins / s.bulls() / s.noBulls(), s.rocAuc(), 1e-12);
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> ThresholdSweep.of(new double[] {Double.NaN}, new boolean[1]));
        assertThrows(IllegalArgumentException.class,
                () -> ThresholdSweep.of(new double[2], new boolean[1]));
        assertThrows(IllegalArgumentException.class, () -> example().forBullRecall(1.5));
        assertThrows(IllegalArgumentException.class, () -> example().maxBullRecallWithinBudget(-0.1));
        assertThrows(IllegalArgumentException.class, () -> example().confusionAt(Double.NaN));
    }
}
