package io.bullwatch.core.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SmoothedRatesTest {

    @Test
    void normalDistributionMatchesTabulatedValues() {
        // Values from standard normal tables (Abramowitz and Stegun, table 26.1).
        assertEquals(0.5, SmoothedRates.phi(0), 1e-7);
        assertEquals(0.8413447461, SmoothedRates.phi(1), 1e-7);
        assertEquals(0.9750021049, SmoothedRates.phi(1.96), 1e-7);
        assertEquals(0.0013498980, SmoothedRates.phi(-3), 1e-8);
        assertEquals(0.1586552539, SmoothedRates.phi(-1), 1e-7);
        assertEquals(1.0, SmoothedRates.phi(12), 1e-12);
        assertEquals(0.0, SmoothedRates.phi(-12), 1e-12);
    }

    @Test
    void silvermanBandwidthByHand() {
        // x = 1..5: mean 3, sd sqrt(2.5) = 1.5811; quartiles (type 7) 2 and 4, IQR / 1.34 = 1.4925;
        // h = 0.9 * 1.4925 * 5^-0.2 = 1.0697.
        double h = SmoothedRates.silverman(new double[] {1, 2, 3, 4, 5});
        assertEquals(0.9 * (2 / 1.34) * Math.pow(5, -0.2), h, 1e-12);
        // A zero IQR falls back to the sd: {0, 0, 0, 0, 10}: sd = sqrt(20) = 4.4721.
        assertEquals(0.9 * Math.sqrt(20) * Math.pow(5, -0.2),
                SmoothedRates.silverman(new double[] {0, 0, 0, 0, 10}), 1e-12);
        // Identical values get the floor.
        assertEquals(SmoothedRates.MIN_BANDWIDTH, SmoothedRates.silverman(new double[] {2, 2, 2}), 0);
    }

    @Test
    void smoothedRecallsAreMeansOfNormalTails() {
        float[] scores = {0.9f, 0.6f, 0.3f, 0.2f, 0.1f};
        boolean[] bulls = {true, true, false, false, false};
        SmoothedRates r = SmoothedRates.of(scores, bulls);
        double u = Math.log(0.5 / 0.5);
        double hb = r.bullBandwidth();
        double hn = r.noBullBandwidth();
        double expectedBull = (SmoothedRates.phi((logit(0.9f) - u) / hb) + SmoothedRates.phi((logit(0.6f) - u) / hb)) / 2;
        double expectedNo = (SmoothedRates.phi((u - logit(0.3f)) / hn) + SmoothedRates.phi((u - logit(0.2f)) / hn)
                + SmoothedRates.phi((u - logit(0.1f)) / hn)) / 3;
        assertEquals(expectedBull, r.bullRecall(0.5), 1e-12);
        assertEquals(expectedNo, r.noBullRecall(0.5), 1e-12);
    }

    @Test
    void maximumIsWhereTheTwoSmoothedDensitiesMeet() {
        // At an interior maximum of (R_bull(u) + R_nobull(u)) / 2 the derivative
        // -f_bull(u) + f_nobull(u) vanishes: the two kernel density estimates are equal there.
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 400;
        float[] scores = new float[n];
        boolean[] bulls = new boolean[n];
        for (int i = 0; i < n; i++) {
            bulls[i] = i < 60;
            double l = bulls[i] ? 2 + 1.5 * gaussian(rnd) : -2 + gaussian(rnd);
            scores[i] = (float) (1 / (1 + Math.exp(-l)));
        }
        SmoothedRates r = SmoothedRates.of(scores, bulls);
        double t = r.maxAverageRecallThreshold();
        double u = Math.log(t / (1 - t));
        double fb = density(scores, bulls, true, u, r.bullBandwidth());
        double fn = density(scores, bulls, false, u, r.noBullBandwidth());
        assertEquals(fb, fn, 1e-4 * Math.max(fb, fn) + 1e-9);
        // and no grid point does better
        double best = (r.bullRecall(t) + r.noBullRecall(t)) / 2;
        for (double x = 0.01; x < 1; x += 0.01) {
            assertTrue((r.bullRecall(x) + r.noBullRecall(x)) / 2 <= best + 1e-12);
        }
    }

    @Test
    void thresholdMovesAwayFromTheEdgeOfAPlateau() {
        // Bulls score 0.95 (x9) and one hard bull 0.2; no-bulls spread below 0.9. The raw rule puts
        // the threshold at 0.2 or at the top of the no-bull scores; on the plateau between the last
        // no-bull below the bulls the raw maximum sits on an edge, the smoothed one inside.
        float[] scores = {0.95f, 0.95f, 0.94f, 0.96f, 0.93f, 0.97f, 0.95f, 0.92f, 0.95f,
            0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f, 0.02f, 0.01f, 0.01f, 0.03f, 0.04f};
        boolean[] bulls = new boolean[scores.length];
        for (int i = 0; i < 9; i++) {
            bulls[i] = true;
        }
        Calibration raw = Calibration.of(ThresholdRule.averageRecall(), scores, bulls);
        Calibration smooth = Calibration.of(ThresholdRule.averageRecall().smooth(), scores, bulls);
        // raw: the lowest bull score is 0.92 and the highest no-bull 0.5: any threshold in (0.5, 0.92]
        // is perfect, and the sweep reports the edge 0.92.
        assertEquals(0.92, raw.threshold(), 1e-6);
        assertTrue(smooth.threshold() > 0.5 && smooth.threshold() < 0.92, "smoothed " + smooth.threshold());
        assertEquals(1.0, smooth.validation().averageRecall(), 1e-12);
    }

    @Test
    void bullRecallTargetIsReachedBySmoothedRecall() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] scores = new float[300];
        boolean[] bulls = new boolean[300];
        for (int i = 0; i < scores.length; i++) {
            bulls[i] = i % 5 == 0;
            double l = (bulls[i] ? 1.5 : -1.5) + 1.2 * gaussian(rnd);
            scores[i] = (float) (1 / (1 + Math.exp(-l)));
        }
        SmoothedRates r = SmoothedRates.of(scores, bulls);
        double t = r.bullRecallThreshold(0.9);
        assertEquals(0.9, r.bullRecall(t), 1e-9);
        assertTrue(r.bullRecall(Math.min(0.999999, t * 1.01)) < 0.9);
        Calibration c = Calibration.of(ThresholdRule.parse("smooth:recall:0.9"), scores, bulls);
        assertEquals(t, c.threshold(), 1e-12);
    }

    @Test
    void refusesWhatItCannotSmooth() {
        assertThrows(IllegalArgumentException.class,
                () -> SmoothedRates.of(new float[] {0.9f, 0.1f, 0.2f}, new boolean[] {true, false, false}));
        assertThrows(IllegalArgumentException.class,
                () -> SmoothedRates.of(new float[] {0.9f, Float.NaN, 0.1f, 0.2f}, new boolean[] {true, true, false, false}));
        assertThrows(IllegalArgumentException.class,
                () -> SmoothedRates.of(new float[] {0.9f}, new boolean[] {true, false}));
    }

    @Test
    void smoothedRuleFallsBackToTheRawRuleWithOneBullWindow() {
        float[] scores = {0.9f, 0.3f, 0.2f, 0.1f};
        boolean[] bulls = {true, false, false, false};
        assertEquals(Calibration.of(ThresholdRule.averageRecall(), scores, bulls).threshold(),
                Calibration.of(ThresholdRule.averageRecall().smooth(), scores, bulls).threshold(), 0);
    }

    private static double density(float[] scores, boolean[] bulls, boolean cls, double u, double h) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (bulls[i] == cls) {
                double z = (logit(scores[i]) - u) / h;
                s += Math.exp(-z * z / 2) / (h * Math.sqrt(2 * Math.PI));
                n++;
            }
        }
        return s / n;
    }

    private static double logit(float s) {
        return Math.log(s / (1.0 - s));
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
