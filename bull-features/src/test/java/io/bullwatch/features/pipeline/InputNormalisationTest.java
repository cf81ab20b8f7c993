package io.bullwatch.features.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputNormalisationTest {

    @Test
    void perRecordingStandardisesEachBandOverAllWindows() {
        // 2 bands x 2 frames, two windows. Band 0 holds e^0, e^2 | e^0, e^2 -> logs 0,2,0,2:
        // mean 1, sd 1 -> -1, 1. Band 1 is constant e^1 -> 0 after centring.
        double e = Math.E;
        List<float[]> w = new ArrayList<>();
        w.add(new float[] {1f, (float) (e * e), (float) e, (float) e});
        w.add(new float[] {1f, (float) (e * e), (float) e, (float) e});
        InputNormalisation.LOG_PER_RECORDING.apply(w, 2);
        for (float[] x : w) {
            assertArrayEquals(new float[] {-1, 1, 0, 0}, x, 1e-3f);
        }
    }

    @Test
    void logAndLinear() {
        List<float[]> w = new ArrayList<>(List.of(new float[] {1f, (float) Math.E}));
        InputNormalisation.LINEAR.apply(w, 1);
        assertArrayEquals(new float[] {1f, (float) Math.E}, w.get(0));
        InputNormalisation.LOG.apply(w, 1);
        assertArrayEquals(new float[] {0f, 1f}, w.get(0), 1e-6f);
    }

    @Test
    void parsesCliNames() {
        assertEquals(InputNormalisation.LOG_PER_RECORDING, InputNormalisation.parse("log-per-recording"));
        assertEquals("log-per-recording", InputNormalisation.LOG_PER_RECORDING.cliName());
        assertEquals(InputNormalisation.PCEN, InputNormalisation.parse("pcen"));
        assertThrows(IllegalArgumentException.class, () -> InputNormalisation.parse("pcen-log"));
    }
}
