package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.data.TinyWindows;
import io.bullwatch.models.data.WindowSet;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moving average of the parameters: its arithmetic, what training keeps, and exact resume. */
class ParameterAverageTest {

    private static final WindowSet TRAIN = TinyWindows.make(48, 4, 32, 64, 1);
    private static final WindowSet VAL = TinyWindows.make(16, 4, 32, 64, 2);

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

    @Test
    void trainingKeepsTheAverageAndResumesItExactly() throws IOException {
        Path whole = dir.resolve("whole");
        List<float[]> reference = run(whole, 1, 0, 3);
        // The kept (best) parameters are an average, not the last step's parameters.
        assertFalse(Arrays.equals(Files.readAllBytes(BullTrainer.checkpointFiles(whole).resolve("current.params")),
                Files.readAllBytes(BullTrainer.checkpointFiles(whole).resolve("best.params"))));
        Path crashed = dir.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> run(crashed, 1, 3, 3));
        List<float[]> resumed = run(crashed, 2, 0, 3);
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
        for (String f : new String[] {"current.params", "best.params", "average.params", "adam.state"}) {
            assertArrayEquals(Files.readAllBytes(BullTrainer.checkpointFiles(whole).resolve(f)),
                    Files.readAllBytes(BullTrainer.checkpointFiles(crashed).resolve(f)), f);
        }
    }

    @Test
    void oneEpochKeepsExactlyThatEpochsAverage() throws IOException {
        Path one = dir.resolve("one");
        List<float[]> kept = run(one, 1, 0, 1);
        List<float[]> average = readParams(BullTrainer.checkpointFiles(one).resolve("average.params"));
        assertEquals(average.size(), kept.size());
        for (int p = 0; p < kept.size(); p++) {
            assertArrayEquals(average.get(p), kept.get(p), "parameter " + p);
        }
    }

    @Test
    void checkpointWithoutTheAverageResumesWithAWarning() throws IOException {
        Path ck = dir.resolve("old");
        assertThrows(IllegalStateException.class, () -> run(ck, 1, 3, 3));
        Files.delete(BullTrainer.checkpointFiles(ck).resolve("average.params"));
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            run(ck, 1, 0, 3);
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN") && log.contains("the parameter average restarts"), log);
        assertTrue(Files.isRegularFile(BullTrainer.checkpointFiles(ck).resolve("average.params")),
                "the next checkpoint has it");
    }

    private static List<float[]> run(Path checkpoints, int initSeed, int crashEpoch, int epochs)
            throws IOException {
        try (Model model = Model.newInstance("avg")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            Engine.getInstance().setRandomSeed(initSeed);
            net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
            TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                    .optAccumulation(2).optEpochs(epochs).optPatience(10).optSeed(5)
                    .optAveraging(0.9).optCheckpointDir(checkpoints).build();
            BullTrainer.train(model, TRAIN, VAL, config, new TrainingListener() {
                @Override
                public void onProgress(int epoch, int total, int done, int all, double speed, double eta) {
                    if (epoch == crashEpoch) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            });
            return BullTrainer.snapshot(model.getBlock());
        }
    }

    private static void set(Block block, float[] weight, float[] bias) {
        block.getParameters().get(0).getValue().getArray().set(java.nio.FloatBuffer.wrap(weight));
        block.getParameters().get(1).getValue().getArray().set(java.nio.FloatBuffer.wrap(bias));
    }

    /** Reads BullTrainer's params file format (count, then length and floats per parameter). */
    private static List<float[]> readParams(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            List<float[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                out.add(v);
            }
            return out;
        }
    }
}
