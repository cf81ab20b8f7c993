package io.bullwatch.core.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Draws checked against their distributions' closed-form means and variances. */
class RandomDrawsTest {

    @Test
    void betaAndBinomialDrawsHaveTheirDistributionsMoments() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 200_000;
        double[][] ab = {{0.3, 7}, {2, 5}, {40, 3}};
        for (double[] p : ab) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double x = RandomDraws.beta(r, p[0], p[1]);
                sum += x;
                sq += x * x;
            }
            double mean = p[0] / (p[0] + p[1]);
            double var = p[0] * p[1] / ((p[0] + p[1]) * (p[0] + p[1]) * (p[0] + p[1] + 1));
            assertEquals(mean, sum / n, 0.005, "Beta mean " + p[0] + "," + p[1]);
            assertEquals(var, sq / n - (sum / n) * (sum / n), 0.1 * var, "Beta variance " + p[0] + "," + p[1]);
        }
        int[][] cases = {{20, 30}, {700, 2}, {500, 60}};
        for (int[] c : cases) {
            double p = c[1] / 100.0;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                int x = RandomDraws.binomial(r, c[0], p);
                sum += x;
                sq += (double) x * x;
            }
            assertEquals(c[0] * p, sum / n, 0.01 * Math.max(1, c[0] * p), "binomial mean " + c[0] + "," + p);
            double var = c[0] * p * (1 - p);
            assertEquals(var, sq / n - (sum / n) * (sum / n), 0.05 * var, "binomial variance " + c[0] + "," + p);
        }
    }
}
