package io.bullwatch.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightedSoftmaxCrossEntropyLossTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    /** -log softmax(x)[y] = logsumexp(x) - x[y], in double, from the definition. */
    static double nll(double[] logits, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum) - logits[label];
    }

    private NDList logits(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return new NDList(manager.create(flat, new Shape(rows.length, rows[0].length)));
    }

    private NDList labels(long... classes) {
        return new NDList(manager.create(classes));
    }

    private static float value(Loss loss, NDList labels, NDList predictions) {
        NDArray result = loss.evaluate(labels, predictions);
        assertEquals(new Shape(), result.getShape(), "the loss is a scalar");
        assertEquals(DataType.FLOAT32, result.getDataType(), "the loss keeps the logits' type");
        return result.getFloat();
    }

    @Test
    void handComputedSeedExample() {
        // logits [[2, 0], [0, 1]], labels [0, 1], weights [0.05, 0.95]:
        //   l0 = -log(e^2 / (e^2 + 1)) = log(1 + e^-2) = 0.1269280
        //   l1 = -log(e^1 / (1 + e^1)) = log(1 + e^-1) = 0.3132617
        //   L  = (0.05 * l0 + 0.95 * l1) / (0.05 + 0.95) = 0.0063464 + 0.2975986 = 0.3039450
        double l0 = Math.log1p(Math.exp(-2));
        double l1 = Math.log1p(Math.exp(-1));
        double expected = (0.05 * l0 + 0.95 * l1) / (0.05 + 0.95);
        assertEquals(0.3039450, expected, 1e-6, "hand arithmetic in the comment");

        Loss loss = WeightedSoftmaxCrossEntropyLoss.of(0.05f, 0.95f);
        float got = value(loss, labels(0, 1), logits(new float[][] {{2, 0}, {0, 1}}));
        assertEquals(expected, got, 1e-6);
    }

    @Test
    void weightedMeanDividesByTheSumOfTheLabelsWeights() {
        // seed(p = 0.2): weights [0.2, 0.8]. logits [[1, 2], [0, 0], [3, -1]], labels [1, 0, 0]:
        //   l0 = log(1 + e^-1) = 0.3132617 (weight 0.8)
        //   l1 = log 2         = 0.6931472 (weight 0.2)
        //   l2 = log(1 + e^-4) = 0.0181499 (weight 0.2)
        //   sum w l = 0.2506094 + 0.1386294 + 0.0036300 = 0.3928688, sum w = 1.2
        //   WEIGHTED_MEAN = 0.3273907, MEAN = 0.3928688 / 3 = 0.1309563, SUM = 0.3928688
        double l0 = Math.log1p(Math.exp(-1));
        double l1 = Math.log(2);
        double l2 = Math.log1p(Math.exp(-4));
        double weightedSum = 0.8 * l0 + 0.2 * l1 + 0.2 * l2;
        assertEquals(0.3928688, weightedSum, 1e-6, "hand arithmetic in the comment");

        WeightedSoftmaxCrossEntropyLoss loss = WeightedSoftmaxCrossEntropyLoss.seed(0.2);
        assertArrayEquals(new float[] {0.2f, 0.8f}, loss.weights());
        NDList y = labels(1, 0, 0);
        NDList x = logits(new float[][] {{1, 2}, {0, 0}, {3, -1}});
        assertEquals(weightedSum / 1.2, value(loss, y, x), 1e-6);
        assertEquals(weightedSum / 3, value(loss.withReduction(LossReduction.MEAN), y, x), 1e-6);
        assertEquals(weightedSum, value(loss.withReduction(LossReduction.SUM), y, x), 1e-6);
    }

    @Test
    void equalWeightsGiveDjlsUnweightedCrossEntropy() {
        // Reference: DJL's own SoftmaxCrossEntropyLoss (mean of -log softmax over the batch) and
        // the definition in double.
        Random random = new Random(42);
        int n = 16;
        int c = 3;
        float[][] rows = new float[n][c];
        long[] y = new long[n];
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double[] row = new double[c];
            for (int j = 0; j < c; j++) {
                rows[i][j] = (float) (3 * random.nextGaussian());
                row[j] = rows[i][j];
            }
            y[i] = random.nextInt(c);
            expected += nll(row, (int) y[i]) / n;
        }
        NDList x = logits(rows);
        float djl = value(Loss.softmaxCrossEntropyLoss(), labels(y), x);
        assertEquals(expected, djl, 1e-5, "DJL's reference agrees with the definition");
        for (float w : new float[] {1f, 0.3f, 7f}) {
            float ours = value(WeightedSoftmaxCrossEntropyLoss.of(w, w, w), labels(y), x);
            assertEquals(djl, ours, 1e-5, "weights " + w);
        }
    }

    @Test
    void seedWeightsEqualInverseFrequencyUnderTheWeightedMean() {
        // 45,000 no-bull and 2,100 bull windows: p = 2100 / 47100. seed: [p, 1 - p];
        // inverse frequency: [47100 / 90000, 47100 / 4200] = proportional to [2100, 45000] too.
        WeightedSoftmaxCrossEntropyLoss seed = WeightedSoftmaxCrossEntropyLoss.seed(2100.0 / 47100);
        WeightedSoftmaxCrossEntropyLoss inverse =
                WeightedSoftmaxCrossEntropyLoss.inverseFrequency(45_000, 2_100);
        assertArrayEquals(new float[] {47100f / 90000, 47100f / 4200}, inverse.weights(), 1e-5f);
        NDList y = labels(0, 1, 1, 0, 0);
        NDList x = logits(new float[][] {{0.5f, -1}, {2, 1}, {-3, 0.25f}, {0, 4}, {1, 1}});
        assertEquals(value(seed, y, x), value(inverse, y, x), 1e-6);
    }

    @Test
    void labelsMayBeColumnsIntsOrWholeFloats() {
        NDList x = logits(new float[][] {{2, 0}, {0, 1}});
        Loss loss = WeightedSoftmaxCrossEntropyLoss.seed(0.05);
        float expected = value(loss, labels(0, 1), x);
        NDList column = new NDList(manager.create(new long[] {0, 1}, new Shape(2, 1)));
        NDList ints = new NDList(manager.create(new int[] {0, 1}));
        NDList floats = new NDList(manager.create(new float[] {0, 1}, new Shape(2, 1)));
        NDList bools = new NDList(manager.create(new boolean[] {false, true}));
        assertEquals(expected, value(loss, column, x));
        assertEquals(expected, value(loss, ints, x));
        assertEquals(expected, value(loss, floats, x));
        assertEquals(expected, value(loss, bools, x));
    }

    @Test
    void gradientIsTheWeightedSoftmaxMinusOneHot() {
        // dL/dx_i = w[y_i] / sum_k w[y_k] * (softmax(x_i) - onehot(y_i)). For the seed example
        // (logits [[2, 0], [0, 1]], labels [0, 1], weights [0.05, 0.95], sum w = 1):
        //   row 0: softmax = [e^2, 1] / (e^2 + 1) = [0.8808, 0.1192] -> 0.05 * [-0.1192, 0.1192]
        //   row 1: softmax = [1, e] / (1 + e)     = [0.2689, 0.7311] -> 0.95 * [0.2689, -0.2689]
        // The true class's logit gets a negative gradient, the other a positive one.
        double s0 = 1 / (1 + Math.exp(2));
        double s1 = 1 / (1 + Math.exp(1));
        float[] expected = {
            (float) (-0.05 * s0), (float) (0.05 * s0), (float) (0.95 * s1), (float) (-0.95 * s1)
        };
        NDArray x = manager.create(new float[] {2, 0, 0, 1}, new Shape(2, 2));
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = WeightedSoftmaxCrossEntropyLoss.of(0.05f, 0.95f)
                    .evaluate(labels(0, 1), new NDList(x));
            collector.backward(loss);
        }
        float[] gradient = x.getGradient().toFloatArray();
        assertArrayEquals(expected, gradient, 1e-6f);
        assertTrue(gradient[0] < 0 && gradient[3] < 0, "true-class logits must be pushed up");
    }

    @Test
    void followsThePredictionsDataType() {
        NDArray x = manager.create(new double[] {2, 0, 0, 1}, new Shape(2, 2));
        NDArray result = WeightedSoftmaxCrossEntropyLoss.of(0.05f, 0.95f)
                .evaluate(labels(0, 1), new NDList(x));
        assertEquals(DataType.FLOAT64, result.getDataType());
        double expected = (0.05 * Math.log1p(Math.exp(-2)) + 0.95 * Math.log1p(Math.exp(-1)));
        // Weights travel as float: 0.05f and 0.95f differ from 0.05 and 0.95 by ~1e-9.
        assertEquals(expected, result.getDouble(), 1e-8);
    }

    @Test
    void accumulatesLikeAnyDjlLoss() {
        Loss loss = WeightedSoftmaxCrossEntropyLoss.seed(0.05);
        loss.addAccumulator("train");
        NDList y = labels(0, 1);
        NDList x = logits(new float[][] {{2, 0}, {0, 1}});
        loss.updateAccumulator("train", y, x);
        loss.updateAccumulator("train", y, x);
        assertEquals(value(loss, y, x), loss.getAccumulator("train"), 1e-6);
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> WeightedSoftmaxCrossEntropyLoss.seed(0));
        assertThrows(IllegalArgumentException.class, () -> WeightedSoftmaxCrossEntropyLoss.seed(1));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedSoftmaxCrossEntropyLoss.seed(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> WeightedSoftmaxCrossEntropyLoss.of(1f));
        assertThrows(IllegalArgumentException.class, () -> WeightedSoftmaxCrossEntropyLoss.of(1f, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedSoftmaxCrossEntropyLoss.of(1f, Float.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedSoftmaxCrossEntropyLoss.inverseFrequency(10, 0));
        assertThrows(IllegalArgumentException.class,
                () -> WeightedSoftmaxCrossEntropyLoss.inverseFrequency(10));
    }

    @Test
    void refusesLabelsAndLogitsThatDoNotFit() {
        Loss loss = WeightedSoftmaxCrossEntropyLoss.seed(0.05);
        NDList x = logits(new float[][] {{2, 0}, {0, 1}});
        IllegalArgumentException outOfRange =
                assertThrows(IllegalArgumentException.class, () -> loss.evaluate(labels(0, 2), x));
        assertTrue(outOfRange.getMessage().contains("position 1"), outOfRange.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(labels(-1, 0), x));
        assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(new NDList(manager.create(new float[] {0, 0.5f})), x));
        assertThrows(IllegalArgumentException.class, () -> loss.evaluate(labels(0, 1, 1), x));
        assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(labels(0, 1), logits(new float[][] {{1, 2, 3}, {4, 5, 6}})));
        assertThrows(IllegalArgumentException.class,
                () -> loss.evaluate(labels(0), new NDList(manager.create(new float[] {1, 2}))));
    }
}
