package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link StopMetric}: which value counts as better, and {@code LAST}, which keeps every next epoch. */
class StopMetricTest {

    @Test
    void higherOrLowerIsBetterAndLastTakesEveryEpoch() {
        assertTrue(StopMetric.AVERAGE_RECALL.improves(0.9, 0.8));
        assertFalse(StopMetric.AVERAGE_RECALL.improves(0.7, 0.8));
        assertFalse(StopMetric.AVERAGE_PRECISION.improves(0.8, 0.8));
        assertTrue(StopMetric.LOSS.improves(0.1, 0.2));
        assertFalse(StopMetric.LOSS.improves(0.3, 0.2));
        assertFalse(StopMetric.LOSS.improves(Double.NaN, 0.2));
        assertTrue(StopMetric.AVERAGE_RECALL.improves(0.1, Double.NaN), "the first epoch is the best so far");
        // LAST: a later epoch replaces the kept one even when its value is worse or missing
        assertTrue(StopMetric.LAST.improves(1, 2));
        assertTrue(StopMetric.LAST.improves(Double.NaN, 5));
    }
}
