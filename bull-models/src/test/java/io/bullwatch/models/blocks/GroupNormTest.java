package io.bullwatch.models.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupNormTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    private NDArray forward(GroupNorm norm, NDArray x) {
        return norm.forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow();
    }

    @Test
    void handComputedTwoGroups() {
        // x = (1, 4, 1, 2): channels [1 2] [3 4] | [10 10] [10 14], groups of two channels.
        //   group 0: values 1 2 3 4, mean 2.5, var (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        //   group 1: values 10 10 10 14, mean 11, var (1 + 1 + 1 + 9) / 4 = 3
        // y = (x - mean) / sqrt(var + 1e-5): group 0 -> [-1.5 -0.5 0.5 1.5] / 1.1180385,
        // group 1 -> [-1 -1 -1 3] / 1.7320537; default gamma 1, beta 0.
        GroupNorm norm = GroupNorm.of(2);
        NDArray x = manager.create(new float[] {1, 2, 3, 4, 10, 10, 10, 14}, new Shape(1, 4, 1, 2));
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        NDArray y = forward(norm, x);
        assertEquals(x.getShape(), y.getShape());
        assertEquals(DataType.FLOAT32, y.getDataType());
        double s0 = Math.sqrt(1.25 + 1e-5);
        double s1 = Math.sqrt(3 + 1e-5);
        assertEquals(1.1180385, s0, 1e-7, "hand arithmetic in the comment");
        assertEquals(1.7320537, s1, 1e-7, "hand arithmetic in the comment");
        float[] expected = {(float) (-1.5 / s0), (float) (-0.5 / s0), (float) (0.5 / s0),
            (float) (1.5 / s0), (float) (-1 / s1), (float) (-1 / s1), (float) (-1 / s1),
            (float) (3 / s1)};
        assertArrayEquals(expected, y.toFloatArray(), 1e-6f);
    }

    @Test
    void affineScaleAndShiftPerChannel() {
        // One group over 2 channels of 2 values: [0 2] [4 6], mean 3, var 5.
        // gamma [2, -1], beta [0.5, 1]: channel 0 -> 2 * [-3 -1] / s + 0.5,
        // channel 1 -> -[1 3] / s + 1 with s = sqrt(5 + 1e-5).
        GroupNorm norm = GroupNorm.of(1);
        NDArray x = manager.create(new float[] {0, 2, 4, 6}, new Shape(1, 2, 2, 1));
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        norm.getParameters().get("gamma").getArray().set(new float[] {2, -1});
        norm.getParameters().get("beta").getArray().set(new float[] {0.5f, 1});
        double s = Math.sqrt(5 + 1e-5);
        float[] expected = {(float) (-6 / s + 0.5), (float) (-2 / s + 0.5), (float) (-1 / s + 1),
            (float) (-3 / s + 1)};
        assertArrayEquals(expected, forward(norm, x).toFloatArray(), 1e-6f);
    }

    @Test
    void matchesDirectDefinitionOnRandomInput() {
        int n = 2;
        int c = 6;
        int h = 3;
        int w = 5;
        int groups = 3;
        Random random = new Random(7);
        float[] data = new float[n * c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * 3 + 1);
        }
        GroupNorm norm = GroupNorm.of(groups, 1e-3f, false);
        NDArray x = manager.create(data, new Shape(n, c, h, w));
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        float[] got = forward(norm, x).toFloatArray();
        int groupSize = c / groups * h * w;
        for (int sample = 0; sample < n; sample++) {
            for (int g = 0; g < groups; g++) {
                int start = (sample * c + g * (c / groups)) * h * w;
                double mean = 0;
                for (int i = 0; i < groupSize; i++) {
                    mean += data[start + i];
                }
                mean /= groupSize;
                double var = 0;
                for (int i = 0; i < groupSize; i++) {
                    var += (data[start + i] - mean) * (data[start + i] - mean);
                }
                var /= groupSize;
                for (int i = 0; i < groupSize; i++) {
                    double expected = (data[start + i] - mean) / Math.sqrt(var + 1e-3);
                    assertEquals(expected, got[start + i], 1e-5);
                }
            }
        }
    }

    @Test
    void rejectsChannelsNotDivisibleByGroups() {
        GroupNorm norm = GroupNorm.of(4);
        assertThrows(IllegalArgumentException.class,
                () -> norm.initialize(manager, DataType.FLOAT32, new Shape(1, 6, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.of(0));
        assertThrows(IllegalArgumentException.class, () -> GroupNorm.of(1, 0f, true));
    }
}
