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
}
