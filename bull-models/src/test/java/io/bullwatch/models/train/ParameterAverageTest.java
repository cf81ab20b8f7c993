package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moving average of the parameters: its arithmetic, what training keeps, and exact resume. */
class ParameterAverageTest {

    @TempDir
    Path dir;

    @Test
    void averageFollowsTheRecurrenceByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block linear = Linear.builder().setUnits(2).build();
            linear.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            // weight 2x3 then bias 2
            set(linear, new float[] {1, 2, 3, 4, 5, 6}, new float[] {-1, 1});
            try (ParameterAverage avg = ParameterAverage.startingAt(linear, m)) {
                set(linear, new float[] {3, 2, 1, 0, -1, -2}, new float[] {1, 1});
                avg.update(linear, 0.75); // a = 0.75 a + 0.25 p
                assertArrayEquals(new float[] {1.5f, 2, 2.5f, 3, 3.5f, 4}, avg.values().get(0), 1e-6f);
                assertArrayEquals(new float[] {-0.5f, 1}, avg.values().get(1), 1e-6f);
                avg.update(linear, 0.5);
                assertArrayEquals(new float[] {2.25f, 2, 1.75f, 1.5f, 1.25f, 1}, avg.values().get(0), 1e-6f);
                avg.copyInto(linear);
                assertArrayEquals(avg.values().get(1), linear.getParameters().get(1).getValue().getArray().toFloatArray());
                assertThrows(IllegalArgumentException.class, () -> avg.set(List.of(new float[6])));
            }
        }
    }

    @Test
    void averagingRateWarmsUp() {
        TrainerConfig c = TrainerConfig.builder().optAveraging(0.995).build();
        assertEquals(0.1, c.averagingRateAt(1), 1e-12);
        assertEquals(0.5, c.averagingRateAt(9), 1e-12);
        assertEquals(0.995, c.averagingRateAt(100_000), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().optAveraging(1).build());
    }

    /**
     * docs/training.md: until step 1,791 the warm-up rate {@code t / (t + 9)} is below 0.995, so
     * after {@code T} steps step {@code s} weighs {@code (1 - r_s) prod_{u > s} r_u}, proportional to
     * {@code (s+1)...(s+8)}, and the average's mean age is exactly {@code T / 10} whatever the decay
     * (1,280 steps: 20 epochs of 64; 128 steps); about 80 % of its weight lies in the last 210 steps.
     */
    @Test
    void inShortRunsTheWarmUpRateSetsTheAverageAge() {
        int steps = 1280;
        for (double decay : new double[] {0.995, 0.999}) {
            TrainerConfig c = TrainerConfig.builder().optAveraging(decay).build();
            double[] weight = new double[steps + 1];
            for (int s = 1; s <= steps; s++) {
                double w = 1 - c.averagingRateAt(s);
                for (int u = s + 1; u <= steps; u++) {
                    w *= c.averagingRateAt(u);
                }
                weight[s] = w;
            }
            double total = 0;
            double age = 0;
            double recent = 0;
            for (int s = 1; s <= steps; s++) {
                total += weight[s];
                age += weight[s] * (steps - s);
                recent += steps - s < 210 ? weight[s] : 0;
            }
            assertEquals(1, total, 1e-9);
            assertEquals(steps / 10.0, age, 1e-6, "decay " + decay);
            assertTrue(recent > 0.79 && recent < 0.81, "weight of the last 210 steps: " + recent);
        }
    }

    @Test
    void trainingKeepsTheAverageAndResumesItExactly() throws IOException {
        Path whole = dir.resolve("whole");
        List<float[]> reference = run(whole, 1, 0, 3);
        // The kept (best) parameters are an average, not the last step's parameters.
        assertFalse(Arrays.equals(Files.readAllBytes(TrainingFiles.checkpointFiles(whole).resolve("current.params")),
                Files.readAllBytes(TrainingFiles.checkpointFiles(whole).resolve("best.params"))));
        Path crashed = dir.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(crashed, 1, 3, 3));
        List<float[]> resumed = run(crashed, 2, 0, 3);
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
        for (String f : new String[] {"current.params", "best.params", "average.params", "adam.state"}) {
            assertArrayEquals(Files.readAllBytes(TrainingFiles.checkpointFiles(whole).resolve(f)),
                    Files.readAllBytes(TrainingFiles.checkpointFiles(crashed).resolve(f)), f);
        }
    }

    @Test
    void oneEpochKeepsExactlyThatEpochsAverage() throws IOException {
        Path one = dir.resolve("one");
        List<float[]> kept = run(one, 1, 0, 1);
        List<float[]> average = BullTrainer.readParams(
                TrainingFiles.checkpointFiles(one).resolve("average.params"));
        assertEquals(average.size(), kept.size());
        for (int p = 0; p < kept.size(); p++) {
            assertArrayEquals(average.get(p), kept.get(p), "parameter " + p);
        }
    }

    @Test
    void checkpointWithoutTheAverageResumesWithAWarning() throws IOException {
        Path ck = dir.resolve("old");
        assertThrows(IllegalStateException.class, () -> run(ck, 1, 3, 3));
        Files.delete(TrainingFiles.checkpointFiles(ck).resolve("average.params"));
        String log = TinyTraining.stderrOf(() -> run(ck, 1, 0, 3));
        assertTrue(log.contains("WARN") && log.contains("the parameter average restarts"), log);
        assertTrue(Files.isRegularFile(TrainingFiles.checkpointFiles(ck).resolve("average.params")),
                "the next checkpoint has it");
    }

    private static List<float[]> run(Path checkpoints, int initSeed, int crashEpoch, int epochs)
            throws IOException {
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(2).optEpochs(epochs).optPatience(10).optSeed(5)
                .optAveraging(0.9).build();
        return TinyTraining.run(config, TrainingFiles.NONE.withCheckpoints(checkpoints), initSeed, crashEpoch)
                .parameters();
    }

    private static void set(Block block, float[] weight, float[] bias) {
        block.getParameters().get(0).getValue().getArray().set(java.nio.FloatBuffer.wrap(weight));
        block.getParameters().get(1).getValue().getArray().set(java.nio.FloatBuffer.wrap(bias));
    }
}
