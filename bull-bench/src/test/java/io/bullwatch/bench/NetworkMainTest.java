package io.bullwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.FeatureDims;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** NetworkMain's measurement on a width-reduced compact network and tiny windows (fast). */
class NetworkMainTest {

    private static final FeatureDims SMALL = new FeatureDims(1, 32, 64);
    private static final BackboneOptions NARROW = Backbone.COMPACT.defaultOptions().withWidth(0.125);
    /** No warm-up time (still 2 warm-up operations), 2 runs of one operation each. */
    private static final NetworkMain.Timing TINY = new NetworkMain.Timing(0, 2, 0);

    @Test
    void inferenceReportsPositiveWindowsPerSecondForTheBatch() {
        try (NetworkRig rig = NetworkRig.forInference(Backbone.COMPACT, NARROW, SMALL, 3, Device.cpu())) {
            float[] p = rig.infer();
            assertEquals(3, p.length);
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1, "a probability, got " + v);
            }
            NetworkMain.Result r = NetworkMain.measure(rig, "compact", "cpu", false, TINY);
            assertEquals("infer", r.mode());
            assertEquals(3, r.batch());
            assertEquals(2, r.windowsPerSecond().length);
            for (double s : r.windowsPerSecond()) {
                assertTrue(s > 0 && Double.isFinite(s), "windows/s must be positive, got " + s);
            }
            assertTrue(r.median() > 0);
        }
    }

    @Test
    void trainingStepsReportPositiveWindowsPerSecondAndFiniteLoss() {
        try (NetworkRig rig = NetworkRig.forTraining(Backbone.COMPACT, NARROW, SMALL, 4, Device.cpu())) {
            double loss = rig.trainStep();
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
            NetworkMain.Result r = NetworkMain.measure(rig, "compact", "cpu", true, TINY);
            assertEquals("train", r.mode());
            assertEquals(4, r.batch());
            for (double s : r.windowsPerSecond()) {
                assertTrue(s > 0 && Double.isFinite(s), "windows/s must be positive, got " + s);
            }
        }
    }

    @Test
    void fullWidthParameterCountsAreThoseOfDocsModels() {
        try (NetworkRig rig = NetworkRig.forInference(Backbone.COMPACT, Backbone.COMPACT.defaultOptions(),
                SMALL, 1, Device.cpu())) {
            assertEquals(43_758, rig.parameters());
            assertEquals(30_656, rig.bodyParameters());
        }
    }

    @Test
    void resultLineIsLocaleIndependentAndParsable() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            NetworkMain.Result r = new NetworkMain.Result("alexnet", "infer", "cpu", 8, "2",
                    FeatureDims.SEED_WINDOW, new double[] {40.5, 43.25, 41});
            assertEquals(41, r.median(), 0);
            assertEquals("RESULT impl=bullwatch backbone=alexnet mode=infer device=cpu batch=8"
                    + " threads=2 input=1x128x646 windows_per_s=41.000 min=40.500 max=43.250 runs=3",
                    r.line());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void theAllocatorLineSaysTheTestsRunWithTheLaunchersSettings() {
        // Surefire sets them (the parent pom), as ./bull does
        assertEquals("# allocator: as ./bull sets it (or not glibc)", NetworkRig.allocatorLine());
    }

    @Test
    void inputSizesAreMelsByFrames() {
        assertEquals(new FeatureDims(1, 64, 324), NetworkMain.parseInput("64x324"));
        assertEquals(new FeatureDims(1, 128, 646), NetworkMain.parseInput("128X646"));
        for (String bad : new String[] {"64", "64x", "x324", "0x324", "64x-1", "64x324x2", "ax b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NetworkMain.parseInput(bad), bad);
            assertTrue(e.getMessage().contains("MELSxFRAMES") && e.getMessage().contains(bad),
                    e.getMessage());
        }
    }

    @Test
    void gpuWithoutGpuFailsWithTheDocumentedMessage() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible: nothing to refuse");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NetworkRig.device("gpu"));
        assertEquals("no GPU visible to DJL; see docs/BENCHMARKS.md#gpu", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkRig.device("tpu"));
    }
}
