package io.bullwatch.models.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The PyTorch engine loads offline from the native jars on the classpath and computes. */
class PyTorchEngineSmokeTest {

    @Test
    void pyTorchIsTheDefaultEngineAndLoadsOffline() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with DJL offline");
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
    }

    @Test
    void matrixProductEqualsHandValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // [[1, 2], [3, 4]] x [[5, 6], [7, 8]]
            //   = [[1*5 + 2*7, 1*6 + 2*8], [3*5 + 4*7, 3*6 + 4*8]] = [[19, 22], [43, 50]]
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new Shape(2, 2));
            NDArray c = a.matMul(b);
            assertEquals(new Shape(2, 2), c.getShape());
            assertArrayEquals(new float[] {19, 22, 43, 50}, c.toFloatArray());
        }
    }
}
