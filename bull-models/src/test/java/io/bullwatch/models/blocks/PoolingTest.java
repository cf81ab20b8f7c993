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

class PoolingTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void binsFollowPyTorch() {
        // in 5, out 3: [floor(0/3), ceil(5/3)) = [0, 2), [floor(5/3), ceil(10/3)) = [1, 4),
        // [floor(10/3), ceil(15/3)) = [3, 5): overlapping bins.
        assertArrayEquals(new int[] {0, 1, 3}, new int[] {AdaptiveAvgPool2d.binStart(0, 5, 3),
            AdaptiveAvgPool2d.binStart(1, 5, 3), AdaptiveAvgPool2d.binStart(2, 5, 3)});
        assertArrayEquals(new int[] {2, 4, 5}, new int[] {AdaptiveAvgPool2d.binEnd(0, 5, 3),
            AdaptiveAvgPool2d.binEnd(1, 5, 3), AdaptiveAvgPool2d.binEnd(2, 5, 3)});
        // in 2, out 6 (AlexNet on a short input): each input row is repeated three times.
        for (int i = 0; i < 6; i++) {
            assertEquals(i / 3, AdaptiveAvgPool2d.binStart(i, 2, 6));
            assertEquals(i / 3 + 1, AdaptiveAvgPool2d.binEnd(i, 2, 6));
        }
    }

    @Test
    void handComputedOverlappingBins() {
        // x (1, 1, 2, 5) = [[1 2 3 4 5], [6 7 8 9 10]] to (1, 3):
        //   height 2 -> 1: both rows; width bins [0,2) [1,4) [3,5)
        //   out = [(1+2+6+7)/4, (2+3+4+7+8+9)/6, (4+5+9+10)/4] = [4, 5.5, 7]
        NDArray x = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                new Shape(1, 1, 2, 5));
        NDArray y = AdaptiveAvgPool2d.pool(x, 1, 3);
        assertEquals(new Shape(1, 1, 1, 3), y.getShape());
        assertArrayEquals(new float[] {4, 5.5f, 7}, y.toFloatArray(), 1e-6f);
    }

    @Test
    void matchesDirectDefinitionAsBlock() {
        int n = 2;
        int c = 3;
        int h = 7;
        int w = 11;
        int oh = 3;
        int ow = 6;
        Random random = new Random(11);
        float[] data = new float[n * c * h * w];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        AdaptiveAvgPool2d block = AdaptiveAvgPool2d.of(oh, ow);
        Shape shape = new Shape(n, c, h, w);
        block.initialize(manager, DataType.FLOAT32, shape);
        assertEquals(new Shape(n, c, oh, ow), block.getOutputShapes(new Shape[] {shape})[0]);
        NDArray y = block.forward(new ParameterStore(manager, false),
                new NDList(manager.create(data, shape)), false).singletonOrThrow();
        assertEquals(new Shape(n, c, oh, ow), y.getShape());
        float[] got = y.toFloatArray();
        for (int plane = 0; plane < n * c; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double sum = 0;
                    int count = 0;
                    for (int r = (int) Math.floor(i * (double) h / oh);
                            r < (int) Math.ceil((i + 1) * (double) h / oh); r++) {
                        for (int s = (int) Math.floor(j * (double) w / ow);
                                s < (int) Math.ceil((j + 1) * (double) w / ow); s++) {
                            sum += data[(plane * h + r) * w + s];
                            count++;
                        }
                    }
                    assertEquals(sum / count, got[(plane * oh + i) * ow + j], 1e-5);
                }
            }
        }
    }

    @Test
    void sameSizeIsIdentity() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertArrayEquals(x.toFloatArray(), AdaptiveAvgPool2d.pool(x, 2, 2).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> AdaptiveAvgPool2d.of(0, 1));
    }

    @Test
    void frequencyMeanThenTimeMax() {
        // x (1, 2, 2, 3): channel 0 [[1 5 0], [3 1 2]] -> column means [2 3 1] -> max 3;
        // channel 1 [[-1 -2 -3], [-3 -2 -1]] -> means [-2 -2 -2] -> max -2.
        NDArray x = manager.create(new float[] {1, 5, 0, 3, 1, 2, -1, -2, -3, -3, -2, -1},
                new Shape(1, 2, 2, 3));
        NDArray y = FrequencyMeanTimeMaxPool.pool(x);
        assertEquals(new Shape(1, 2), y.getShape());
        assertArrayEquals(new float[] {3, -2}, y.toFloatArray(), 1e-6f);
    }

    @Test
    void frequencyMeanKeepsOneVectorPerTimeStep() {
        // the same x: channel 0 column means [2 3 1], channel 1 [-2 -2 -2]
        NDArray x = manager.create(new float[] {1, 5, 0, 3, 1, 2, -1, -2, -3, -3, -2, -1},
                new Shape(1, 2, 2, 3));
        NDArray y = FrequencyMeanPool.pool(x);
        assertEquals(new Shape(1, 2, 1, 3), y.getShape());
        assertArrayEquals(new float[] {2, 3, 1, -2, -2, -2}, y.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> FrequencyMeanPool.pool(manager.zeros(new Shape(2, 3))));
    }

    @Test
    void frequencyStackKeepsEachBandAsItsOwnFeature() {
        // the same x (1, C=2, F=2, T=3): channel 0 bands [1 5 0] [3 1 2], channel 1 [-1 -2 -3]
        // [-3 -2 -1]; step t's features are (c0 f0, c0 f1, c1 f0, c1 f1)
        NDArray x = manager.create(new float[] {1, 5, 0, 3, 1, 2, -1, -2, -3, -3, -2, -1},
                new Shape(1, 2, 2, 3));
        NDList out = FrequencyStackPool.create().forward(new ParameterStore(manager, false),
                new NDList(x), false);
        NDArray y = out.singletonOrThrow();
        assertEquals(new Shape(1, 4, 1, 3), y.getShape());
        float[] v = y.toFloatArray();
        float[][] steps = {{1, 3, -1, -3}, {5, 1, -2, -2}, {0, 2, -3, -1}};
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(steps[t][k], v[k * 3 + t], 0f, "step " + t + " feature " + k);
            }
        }
        assertEquals(new Shape(5, 12, 1, 7),
                FrequencyStackPool.create().getOutputShapes(new Shape[] {new Shape(5, 3, 4, 7)})[0]);
        assertThrows(IllegalArgumentException.class,
                () -> FrequencyStackPool.stack(manager.zeros(new Shape(2, 3))));
    }

    @Test
    void frameMaxTakesTheWindowsBestFrameMargin() {
        // window 0: frames (no bull, bull) = (1, 0.5) (0, 2) (3, -1): margins -0.5, 2, -4 -> 2
        // window 1: (0, -1) (2, -3) (1, -2): margins -1, -5, -3 -> -1
        NDArray x = manager.create(new float[] {1, 0, 3, 0.5f, 2, -1, 0, 2, 1, -1, -3, -2},
                new Shape(2, 2, 1, 3));
        NDList out = FrameMaxPool.create().forward(new ai.djl.training.ParameterStore(manager, false),
                new NDList(x), false);
        assertEquals(2, out.size());
        assertEquals(new Shape(2, 2), out.get(0).getShape());
        assertArrayEquals(new float[] {0, 2, 0, -1}, out.get(0).toFloatArray(), 1e-6f);
        assertEquals(new Shape(2, 2, 3), out.get(1).getShape());
        assertArrayEquals(x.toFloatArray(), out.get(1).toFloatArray(), 0f);
        assertArrayEquals(new float[] {-0.5f, 2, -4, -1, -5, -3},
                FrameMaxPool.margins(out.get(1)).toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> FrameMaxPool.margins(manager.zeros(new Shape(2, 3, 4))));
        float[][] rows = FrameMaxPool.marginRows(out.get(1));
        assertArrayEquals(new float[] {-0.5f, 2, -4}, rows[0], 1e-6f);
        assertArrayEquals(new float[] {-1, -5, -3}, rows[1], 1e-6f);
    }
}
