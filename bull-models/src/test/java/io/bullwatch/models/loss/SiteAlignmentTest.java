package io.bullwatch.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SiteAlignmentTest {

    /**
     * The penalty written out with loops in doubles: per class, the cells' means, their spread
     * about the cells' average, less (1/K)(1 - 1/K) sum of each cell's unbiased variance over its
     * size; summed over the classes and divided by the batch's mean per-channel variance.
     */
    private static double reference(double[][] e, List<String> sites, boolean[] bulls) {
        int n = e.length;
        int c = e[0].length;
        double total = 0;
        boolean any = false;
        for (boolean cls : new boolean[] {false, true}) {
            Map<String, List<Integer>> cells = new LinkedHashMap<>();
            for (int j = 0; j < n; j++) {
                if (bulls[j] == cls) {
                    cells.computeIfAbsent(sites.get(j), s -> new ArrayList<>()).add(j);
                }
            }
            cells.values().removeIf(m -> m.size() < 2);
            int k = cells.size();
            if (k < 2) {
                continue;
            }
            any = true;
            double perClass = 0;
            for (int ch = 0; ch < c; ch++) {
                double[] mean = new double[k];
                double[] var = new double[k];
                int[] size = new int[k];
                int s = 0;
                for (List<Integer> members : cells.values()) {
                    size[s] = members.size();
                    for (int j : members) {
                        mean[s] += e[j][ch] / size[s];
                    }
                    for (int j : members) {
                        var[s] += (e[j][ch] - mean[s]) * (e[j][ch] - mean[s]) / (size[s] - 1);
                    }
                    s++;
                }
                double centre = 0;
                for (double m : mean) {
                    centre += m / k;
                }
                double spread = 0;
                double noise = 0;
                for (s = 0; s < k; s++) {
                    spread += (mean[s] - centre) * (mean[s] - centre) / k;
                    noise += var[s] / size[s];
                }
                perClass += (spread - noise * (1.0 / k) * (1 - 1.0 / k)) / c;
            }
            total += perClass;
        }
        if (!any) {
            return 0;
        }
        double v = 0;
        for (int ch = 0; ch < c; ch++) {
            double m = 0;
            for (double[] row : e) {
                m += row[ch] / n;
            }
            for (double[] row : e) {
                v += (row[ch] - m) * (row[ch] - m) / n / c;
            }
        }
        return total / (v + SiteAlignment.EPSILON);
    }

    private static double[][] random(int n, int c, long seed) {
        Random r = new Random(seed);
        double[][] e = new double[n][c];
        for (double[] row : e) {
            for (int ch = 0; ch < c; ch++) {
                row[ch] = r.nextGaussian();
            }
        }
        return e;
    }

    private static float penalty(NDManager m, double[][] e, List<String> sites, boolean[] bulls) {
        float[] flat = new float[e.length * e[0].length];
        for (int j = 0; j < e.length; j++) {
            for (int ch = 0; ch < e[0].length; ch++) {
                flat[j * e[0].length + ch] = (float) e[j][ch];
            }
        }
        return SiteAlignment.penalty(m.create(flat, new Shape(e.length, e[0].length)), sites, bulls).getFloat();
    }

    // three sites, both classes, a lone window (site c, bull) that makes no cell
    private static final List<String> SITES = List.of("a", "a", "a", "b", "b", "c", "c", "c",
            "a", "a", "b", "b", "b", "c");
    private static final boolean[] BULLS = {false, false, false, false, false, false, false, false,
        true, true, true, true, true, true};

    @Test
    void matchesTheFormulaWrittenOut() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (long seed = 1; seed <= 3; seed++) {
                double[][] e = random(SITES.size(), 5, seed);
                // move site b's no-bull windows away, so that the spread is more than noise
                for (int j = 3; j < 5; j++) {
                    e[j][0] += 3;
                }
                double expected = reference(e, SITES, BULLS);
                assertEquals(expected, penalty(m, e, SITES, BULLS), 1e-5 * Math.max(1, Math.abs(expected)),
                        "seed " + seed);
            }
        }
    }

    @Test
    void growsWhenASiteMovesAndIgnoresTheScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] e = random(SITES.size(), 4, 7);
            float base = penalty(m, e, SITES, BULLS);
            double[][] moved = new double[e.length][];
            double[][] scaled = new double[e.length][];
            for (int j = 0; j < e.length; j++) {
                moved[j] = e[j].clone();
                scaled[j] = e[j].clone();
                for (int ch = 0; ch < 4; ch++) {
                    scaled[j][ch] *= 10;
                }
                if (SITES.get(j).equals("c") && !BULLS[j]) {
                    moved[j][1] += 4;
                }
            }
            assertTrue(penalty(m, moved, SITES, BULLS) > base + 0.1, "a site moved apart is penalised");
            assertEquals(base, penalty(m, scaled, SITES, BULLS), 1e-4 * Math.max(1, Math.abs(base)));
            // one site per class: nothing to align
            boolean[] oneSite = BULLS.clone();
            assertEquals(0f, penalty(m, e, List.of("a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "a",
                    "a", "a", "a"), oneSite));
        }
    }

    @Test
    void unbiasedWhenTheSitesAreTheSame() {
        // windows of three sites drawn from one distribution: the mean penalty over many batches
        // is 0 within its sampling error (the uncorrected spread would be about 2/3 x 1/3 per class)
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> sites = List.of("a", "a", "a", "b", "b", "b", "c", "c", "c",
                    "a", "a", "a", "b", "b", "b", "c", "c", "c");
            boolean[] bulls = new boolean[18];
            for (int j = 9; j < 18; j++) {
                bulls[j] = true;
            }
            double sum = 0;
            int batches = 400;
            for (int b = 0; b < batches; b++) {
                sum += penalty(m, random(18, 8, 100 + b), sites, bulls);
            }
            assertEquals(0, sum / batches, 0.03);
        }
    }

    @Test
    void gradientsAreTheReferencesFiniteDifferencesAndLeaveTheScaleAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[][] e = random(SITES.size(), 3, 11);
            for (int j = 3; j < 5; j++) {
                e[j][0] += 2;
            }
            float[] flat = new float[e.length * 3];
            for (int j = 0; j < e.length; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    flat[j * 3 + ch] = (float) e[j][ch];
                }
            }
            NDArray x = m.create(flat, new Shape(e.length, 3));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(SiteAlignment.penalty(x, SITES, BULLS));
            }
            float[] g = x.getGradient().toFloatArray();
            double h = 1e-4;
            double radial = 0;
            for (int j = 0; j < e.length; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    double[][] up = copy(e);
                    up[j][ch] += h;
                    double[][] down = copy(e);
                    down[j][ch] -= h;
                    double numeric = (reference(up, SITES, BULLS) - reference(down, SITES, BULLS)) / (2 * h);
                    assertEquals(numeric, g[j * 3 + ch], 1e-3, "window " + j + " channel " + ch);
                    radial += g[j * 3 + ch] * e[j][ch];
                }
            }
            // scaling every embedding leaves the penalty alone, so the gradient has no part along
            // the embeddings themselves
            assertEquals(0, radial, 1e-4);
        }
    }

    private static double[][] copy(double[][] e) {
        double[][] c = new double[e.length][];
        for (int j = 0; j < e.length; j++) {
            c[j] = e[j].clone();
        }
        return c;
    }

    @Test
    void refusesMismatchedInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(3, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SiteAlignment.penalty(x, List.of("a", "b"), new boolean[3]));
            assertTrue(e.getMessage().contains("3 embeddings, 2 sites"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> SiteAlignment.penalty(m.zeros(new Shape(3)), List.of("a", "b", "c"), new boolean[3]));
        }
    }
}
