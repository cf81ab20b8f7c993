package io.bullwatch.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DetectorOptionsTest {

    @Test
    void automaticBatchHoldsAboutTheSameNumberOfValuesWhateverTheWindow() {
        DetectorOptions auto = DetectorOptions.defaults();
        assertEquals(DetectorOptions.AUTO_BATCH, auto.batchSize());
        // 32 * 64 * 324 = 663,552 values: 32 windows of 64 x 324, 8 of 128 x 646 (82,688 each).
        assertEquals(32, auto.batchFor(64, 324));
        assertEquals(8, auto.batchFor(128, 646));
        assertEquals(1, auto.batchFor(1024, 4096));
        assertEquals(7, auto.withBatchSize(7).batchFor(128, 646));
        assertThrows(IllegalArgumentException.class, () -> auto.withBatchSize(-1));
    }

    @Test
    void automaticBatchFitsTheHeap() {
        DetectorOptions auto = DetectorOptions.defaults();
        // 3 buffers (2 threads + 1) of 64 x 324 floats: 248,832 bytes a window in flight
        assertEquals(32, auto.batchFor(64, 324, 1L << 30));
        // a 32 MiB heap: an eighth is 4,194,304 bytes, 16 windows (16.86 rounded down)
        assertEquals(16, auto.batchFor(64, 324, 32L << 20));
        assertEquals(1, auto.batchFor(64, 324, 1L << 20));
        assertEquals(7, auto.withBatchSize(7).batchFor(64, 324, 1L << 20));
    }

    @Test
    void theThresholdIsAProbability() {
        DetectorOptions d = DetectorOptions.defaults();
        assertEquals(0.0, d.withThreshold(0).thresholdOverride().getAsDouble());
        assertEquals(1.0, d.withThreshold(1).thresholdOverride().getAsDouble());
        for (double bad : new double[] {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withThreshold(bad));
            assertEquals("the threshold is a bull probability from 0 to 1, got " + bad, e.getMessage());
        }
    }
}
