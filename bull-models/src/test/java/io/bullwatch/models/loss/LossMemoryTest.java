package io.bullwatch.models.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A loss lives as long as training; batches do not. Every array a loss creates must belong to the
 * batch's manager, or native memory grows with every batch.
 */
class LossMemoryTest {

    static Stream<Loss> losses() {
        return Stream.of(
                WeightedSoftmaxCrossEntropyLoss.seed(0.05),
                WeightedSoftmaxCrossEntropyLoss.inverseFrequency(45_000, 2_100)
                        .withReduction(LossReduction.SUM),
                BinaryFocalLoss.of(2, 0.25),
                BinaryFocalLoss.of(0.5).withReduction(LossReduction.WEIGHTED_MEAN));
    }

    /** The engine's root manager, which owns (through sub-managers) every array of the engine. */
    private static NDManager root(NDManager manager) {
        NDManager current = manager;
        while (current.getParentManager() != null && current.getParentManager() != current) {
            current = current.getParentManager();
        }
        return current;
    }

    @ParameterizedTest
    @MethodSource("losses")
    void nothingAttachesToTheLongLivedManager(Loss loss) {
        try (NDManager longLived = NDManager.newBaseManager()) {
            NDManager root = root(longLived);
            int arraysBefore = root.getManagedArrays().size();
            NDManager batch = longLived.newSubManager();
            // From here on, attaching any array to the long-lived manager throws.
            longLived.cap();

            NDArray logits = batch.create(new float[] {2, 0, 0, 1, -1, 3}, new Shape(3, 2));
            // float labels of shape (N, 1): the path that converts types on the engine side
            NDArray labels = batch.create(new float[] {0, 1, 1}, new Shape(3, 1));
            logits.setRequiresGradient(true);
            NDArray value;
            for (int step = 0; step < 3; step++) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    value = loss.evaluate(new NDList(labels), new NDList(logits));
                    collector.backward(value);
                }
                assertSame(batch, value.getManager());
            }
            loss.addAccumulator("memory");
            loss.updateAccumulator("memory", new NDList(labels), new NDList(logits));

            List<NDArray> beforeClose = batch.getManagedArrays();
            batch.close();
            for (NDArray array : beforeClose) {
                assertTrue(array.isReleased(), "array left open after its batch closed");
            }
            assertEquals(List.of(), longLived.getManagedArrays(),
                    "arrays attached to the long-lived manager");
            // Also catches a loss that keeps arrays in a manager of its own.
            assertEquals(arraysBefore, root.getManagedArrays().size(),
                    "arrays left anywhere in the engine after the batch closed");
        }
    }

    @Test
    void capCatchesALongLivedFirstOperand() {
        // Control: shows that the check above can fail. A constant from the long-lived manager as
        // the first operand would put a new array into that manager on every batch.
        try (NDManager longLived = NDManager.newBaseManager()) {
            NDArray classWeights = longLived.create(new float[] {0.05f, 0.95f});
            NDManager batch = longLived.newSubManager();
            longLived.cap();
            NDArray perWindow = batch.create(new float[] {1, 2});
            assertThrows(IllegalStateException.class, () -> classWeights.mul(perWindow));
            NDArray fine = perWindow.mul(classWeights);
            assertSame(batch, fine.getManager());
            batch.close();
        }
    }
}
