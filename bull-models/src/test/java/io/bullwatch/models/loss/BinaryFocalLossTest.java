package io.bullwatch.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class BinaryFocalLossTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private NDList logits(float... rowMajorPairs) {
        return new NDList(manager.create(rowMajorPairs, new Shape(rowMajorPairs.length / 2, 2)));
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
    void handComputedWithGammaTwoAndAlphaQuarter() {
        // logits [[2, 0], [0, 1]], labels [0, 1], gamma 2, alpha 0.25 (bull), 0.75 (no bull):
        //   p0 = sigmoid(2 - 0) = 0.8807971, FL0 = 0.75 (1 - p0)^2 (-log p0)
        //      = 0.75 * 0.0142094 * 0.1269280 = 0.0013527
        //   p1 = sigmoid(1 - 0) = 0.7310586, FL1 = 0.25 (1 - p1)^2 (-log p1)
        //      = 0.25 * 0.0723295 * 0.3132617 = 0.0056645
        //   MEAN = (0.0013527 + 0.0056645) / 2 = 0.0035086
        double p0 = sigmoid(2);
        double p1 = sigmoid(1);
        double fl0 = 0.75 * Math.pow(1 - p0, 2) * -Math.log(p0);
        double fl1 = 0.25 * Math.pow(1 - p1, 2) * -Math.log(p1);
        assertEquals(0.0013527, fl0, 1e-7, "hand arithmetic in the comment");
        assertEquals(0.0056645, fl1, 1e-7, "hand arithmetic in the comment");

        NDList y = labels(0, 1);
        NDList x = logits(2, 0, 0, 1);
        BinaryFocalLoss focal = BinaryFocalLoss.of(2, 0.25);
        assertEquals((fl0 + fl1) / 2, value(focal, y, x), 1e-7);
        assertEquals((fl0 + fl1) / (0.75 + 0.25),
                value(focal.withReduction(LossReduction.WEIGHTED_MEAN), y, x), 1e-7);
        assertEquals(fl0 + fl1, value(focal.withReduction(LossReduction.SUM), y, x), 1e-7);
    }

    @Test
    void withoutAlphaEveryWindowWeighsOne() {
        // gamma 1: l = (1 - p) (-log p); logits [[0, 3]], label 1: p = sigmoid(3) = 0.9525741,
        // l = 0.0474259 * 0.0485874 = 0.0023043
        double p = sigmoid(3);
        double expected = (1 - p) * -Math.log(p);
        assertEquals(0.0023043, expected, 1e-7, "hand arithmetic in the comment");
        assertEquals(expected, value(BinaryFocalLoss.of(1), labels(1), logits(0, 3)), 1e-7);
    }

    @Test
    void gammaZeroIsCrossEntropy() {
        Random random = new Random(7);
        int n = 12;
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < 2 * n; i++) {
            x[i] = (float) (2 * random.nextGaussian());
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(2);
        }
        NDList xs = logits(x);
        NDList ys = labels(y);
        // Without alpha: the plain mean cross-entropy, as DJL's own SoftmaxCrossEntropyLoss has it.
        assertEquals(value(Loss.softmaxCrossEntropyLoss(), ys, xs),
                value(BinaryFocalLoss.of(0), ys, xs), 1e-6);
        // With alpha and the weighted mean: the weighted cross-entropy with weights [1 - a, a].
        assertEquals(
                value(WeightedSoftmaxCrossEntropyLoss.of(0.7f, 0.3f), ys, xs),
                value(BinaryFocalLoss.of(0, 0.3).withReduction(LossReduction.WEIGHTED_MEAN), ys, xs),
                1e-6);
        // With alpha and the plain mean: the same weighted sum, divided by N.
        assertEquals(
                value(WeightedSoftmaxCrossEntropyLoss.of(0.7f, 0.3f)
                        .withReduction(LossReduction.MEAN), ys, xs),
                value(BinaryFocalLoss.of(0, 0.3), ys, xs), 1e-6);
    }

    @Test
    void easyWindowsCountLessThanInCrossEntropy() {
        // A confident correct window (p = sigmoid(4) = 0.982) keeps (1 - p)^2 = 3.2e-4 of its
        // cross-entropy; a wrong one (p = sigmoid(-4) = 0.018) keeps (0.982)^2 = 0.964 of it.
        NDList easy = logits(4, 0);
        NDList hard = logits(0, 4);
        NDList y = labels(0);
        Loss ce = BinaryFocalLoss.of(0);
        Loss focal = BinaryFocalLoss.of(2);
        double easyRatio = value(focal, y, easy) / value(ce, y, easy);
        double hardRatio = value(focal, y, hard) / value(ce, y, hard);
        assertEquals(Math.pow(1 - sigmoid(4), 2), easyRatio, 1e-5);
        assertEquals(Math.pow(1 - sigmoid(-4), 2), hardRatio, 1e-5);
    }

    @Test
    void gradientMatchesTheClosedForm() {
        // With z = x[y] - x[1 - y] and p = sigmoid(z), FL = -a (1 - p)^g log p has
        //   dFL/dz = a (1 - p)^g (g p log p - (1 - p)),
        // and dFL/dx[y] = dFL/dz, dFL/dx[1 - y] = -dFL/dz; MEAN divides by N = 2.
        // logits [[2, 0], [0, 1]], labels [0, 1], gamma 2, alpha 0.25.
        double g = 2;
        double p0 = sigmoid(2);
        double p1 = sigmoid(1);
        double d0 = 0.75 * Math.pow(1 - p0, g) * (g * p0 * Math.log(p0) - (1 - p0)) / 2;
        double d1 = 0.25 * Math.pow(1 - p1, g) * (g * p1 * Math.log(p1) - (1 - p1)) / 2;
        float[] expected = {(float) d0, (float) -d0, (float) -d1, (float) d1};

        NDArray x = manager.create(new float[] {2, 0, 0, 1}, new Shape(2, 2));
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(BinaryFocalLoss.of(g, 0.25).evaluate(labels(0, 1), new NDList(x)));
        }
        float[] gradient = x.getGradient().toFloatArray();
        assertArrayEquals(expected, gradient, 1e-7f);
        assertTrue(gradient[0] < 0 && gradient[3] < 0, "true-class logits must be pushed up");
    }

    @Test
    void certainWindowsGiveFiniteGradientsForSmallGamma() {
        // p = sigmoid(40) rounds to 1 in float: (1 - p)^0.5 would have an infinite derivative.
        NDArray x = manager.create(new float[] {40, 0}, new Shape(1, 2));
        x.setRequiresGradient(true);
        NDArray loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            loss = BinaryFocalLoss.of(0.5).evaluate(labels(0), new NDList(x));
            collector.backward(loss);
        }
        assertEquals(0f, loss.getFloat(), 1e-7f);
        for (float v : x.getGradient().toFloatArray()) {
            assertFalse(Float.isNaN(v) || Float.isInfinite(v), "gradient " + v);
        }
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> BinaryFocalLoss.of(-1));
        assertThrows(IllegalArgumentException.class, () -> BinaryFocalLoss.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> BinaryFocalLoss.of(2, 0));
        assertThrows(IllegalArgumentException.class, () -> BinaryFocalLoss.of(2, 1));
        NDList threeClasses = new NDList(manager.create(new float[] {1, 2, 3}, new Shape(1, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> BinaryFocalLoss.of(2).evaluate(labels(0), threeClasses));
        assertThrows(IllegalArgumentException.class,
                () -> BinaryFocalLoss.of(2).evaluate(labels(2), logits(1, 2)));
    }

    @Test
    void exposesItsSettings() {
        BinaryFocalLoss focal = BinaryFocalLoss.of(2, 0.25);
        assertEquals(2.0, focal.gamma());
        assertEquals(0.25, focal.alpha().orElseThrow());
        assertEquals(LossReduction.MEAN, focal.reduction());
        assertTrue(BinaryFocalLoss.of(1).alpha().isEmpty());
        assertEquals("BinaryFocalLoss[gamma=2.0, alpha=0.25, reduction=MEAN]", focal.toString());
    }
}
