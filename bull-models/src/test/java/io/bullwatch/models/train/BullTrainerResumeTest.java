package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that crashes in epoch 3 and is resumed from its checkpoint ends where an uninterrupted run
 * ends, bit for bit: with dropout, augmentation, weight decay, the cosine schedule and hard-negative
 * mining (which scores windows with the parameters each epoch starts from) all on.
 */
class BullTrainerResumeTest {

    @TempDir
    static Path dir;

    /** The uninterrupted run's final (best) parameters. */
    private static List<float[]> reference;

    private static TrainerConfig config(Path checkpoints) {
        return TrainerConfig.builder().optLearningRate(3e-3).optWeightDecay(1e-3)
                .optMicroBatch(8).optAccumulation(2).optEpochs(3).optPatience(10).optSeed(11)
                .optSchedule(TrainerConfig.Schedule.COSINE)
                .optAugmentation(TrainingAugmentation.defaults(32, 64))
                .optImbalance(Imbalance.BALANCED_SAMPLER).optWindowsPerEpoch(48)
                .optHardNegatives(new HardNegatives(0.5, 8)).build();
    }

    private static TrainingFiles files(Path checkpoints) {
        return new TrainingFiles(java.util.Optional.of(checkpoints), java.util.Optional.of(metricsOf(checkpoints)));
    }

    private static Path metricsOf(Path checkpoints) {
        return checkpoints.resolveSibling(checkpoints.getFileName() + "-metrics.csv");
    }

    /** The metrics CSV's rows without their last two columns (windows/s and seconds). */
    private static List<String> metricsWithoutTimes(Path checkpoints) throws IOException {
        return Files.readAllLines(metricsOf(checkpoints)).stream()
                .map(r -> r.substring(0, r.lastIndexOf(',', r.lastIndexOf(',') - 1))).toList();
    }

    /** A file of the committed epoch's checkpoint. */
    private static Path file(Path checkpoints, String name) throws IOException {
        return TrainingFiles.checkpointFiles(checkpoints).resolve(name);
    }

    /** {@link TinyTraining#run} with this test's options; every run has 3 epochs. */
    private static List<float[]> run(Path checkpoints, int initSeed, int crashEpoch)
            throws IOException {
        TinyTraining.Result r = TinyTraining.run(config(checkpoints), files(checkpoints), initSeed, crashEpoch);
        assertEquals(3, r.report().epochs().size());
        return r.parameters();
    }

    @BeforeAll
    static void uninterrupted() throws IOException {
        reference = run(dir.resolve("whole"), 1, 0);
    }

    @Test
    void resumedRunEndsBitForBitWhereTheUninterruptedRunEnds() throws IOException {
        Path ck = dir.resolve("crashed");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        // Another initialisation: everything must come from the checkpoint.
        List<float[]> resumed = run(ck, 2, 0);
        assertEquals(reference.size(), resumed.size());
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
        for (String file : new String[] {"current.params", "best.params", "adam.state"}) {
            assertArrayEquals(Files.readAllBytes(file(dir.resolve("whole"), file)),
                    Files.readAllBytes(file(ck, file)), file);
        }
        assertEquals(metricsWithoutTimes(dir.resolve("whole")), metricsWithoutTimes(ck));
    }

    @Test
    void aCrashWhileWritingACheckpointResumesFromTheLastCommittedEpoch() throws IOException {
        Path ck = dir.resolve("torn");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        assertEquals(ck.resolve("epoch-0002"), TrainingFiles.checkpointFiles(ck));
        // As if epoch 3 had finished and crashed while writing its checkpoint: its metrics row is
        // in the CSV, its folder is half written, the state still names epoch 2.
        List<String> rows = Files.readAllLines(metricsOf(ck));
        assertEquals(3, rows.size(), rows::toString); // header, epochs 1 and 2
        Files.writeString(metricsOf(ck), rows.get(2) + "\n", java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(ck.resolve("epoch-0003"));
        Files.write(ck.resolve("epoch-0003").resolve("current.params"), new byte[] {1, 2, 3});
        List<float[]> resumed = run(ck, 2, 0);
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
        assertEquals(metricsWithoutTimes(dir.resolve("whole")), metricsWithoutTimes(ck));
        assertEquals(ck.resolve("epoch-0003"), TrainingFiles.checkpointFiles(ck));
        try (java.util.stream.Stream<Path> left = Files.list(ck)) {
            assertEquals(List.of("epoch-0003", "state.properties"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCheckpointOfTheOlderFlatLayoutResumes() throws IOException {
        Path ck = dir.resolve("flat");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        // Rewrite it as checkpoints were before epoch folders: the files beside the state, and
        // no "files" key in the state.
        Path epoch2 = TrainingFiles.checkpointFiles(ck);
        for (String f : new String[] {"current.params", "best.params", "adam.state"}) {
            Files.move(epoch2.resolve(f), ck.resolve(f));
        }
        Files.delete(epoch2);
        java.util.Properties state = new java.util.Properties();
        try (java.io.InputStream in = Files.newInputStream(ck.resolve("state.properties"))) {
            state.load(in);
        }
        state.remove("files");
        try (java.io.OutputStream out = Files.newOutputStream(ck.resolve("state.properties"))) {
            state.store(out, null);
        }
        assertEquals(ck.resolve("."), TrainingFiles.checkpointFiles(ck));
        List<float[]> resumed = run(ck, 2, 0);
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
        // the next checkpoint is an epoch folder, and the flat files are gone
        assertEquals(ck.resolve("epoch-0003"), TrainingFiles.checkpointFiles(ck));
        assertFalse(Files.exists(ck.resolve("current.params")));
    }

    @Test
    void checkpointWithoutOptimiserStateResumesWithAWarning() throws IOException {
        Path ck = dir.resolve("old");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        Files.delete(file(ck, "adam.state")); // as written before the optimiser state was saved
        String log = TinyTraining.stderrOf(() -> run(ck, 1, 0));
        assertTrue(log.contains("WARN") && log.contains("no optimiser state")
                && log.contains("Adam's moments restart"), log);
        assertTrue(Files.isRegularFile(file(ck, "adam.state")), "the next checkpoint has it");
        // Restarted moments change the run (so the exact test above is not vacuous).
        assertFalse(Arrays.equals(Files.readAllBytes(file(dir.resolve("whole"), "current.params")),
                Files.readAllBytes(file(ck, "current.params"))),
                "restarting Adam's moments should change the parameters after epoch 3");
    }

    @Test
    void aFreshStartLeavesAnEarlierMetricsFileAloneUntilItsFirstEpochEnds() throws IOException {
        Path ck = dir.resolve("fresh-over-old");
        Files.createDirectories(ck.getParent());
        Files.writeString(metricsOf(ck), "another training's metrics\n");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 1));
        assertEquals("another training's metrics\n", Files.readString(metricsOf(ck)));
        run(ck, 1, 0);
        assertEquals(4, Files.readAllLines(metricsOf(ck)).size(), "header and three epochs");
    }

    @Test
    void aDamagedCheckpointSaysWhichAndHowToStartAfresh() throws IOException {
        Path ck = dir.resolve("damaged");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        Path params = file(ck, "current.params");
        byte[] whole = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> run(ck, 1, 0));
        assertTrue(e.getMessage().startsWith(ck + ": the checkpoint cannot be resumed (")
                && e.getMessage().endsWith("delete " + ck + " to train afresh"), e.getMessage());
        Files.write(params, whole);
        Path state = ck.resolve("state.properties");
        Files.writeString(state, Files.readString(state).replaceAll("(?m)^bestEpoch=.*$", ""));
        e = assertThrows(IOException.class, () -> run(ck, 1, 0));
        assertTrue(e.getMessage().contains("state.properties has no 'bestEpoch'"), e.getMessage());
    }

    @Test
    void optimiserStateOfAnotherEpochIsNotUsed() throws IOException {
        Path ck = dir.resolve("mixed");
        assertThrows(TinyTraining.SimulatedCrash.class, () -> run(ck, 1, 3));
        // As if another epoch's optimiser state had been copied in: adam.state claims epoch 1.
        byte[] adam = Files.readAllBytes(file(ck, "adam.state"));
        assertEquals(2, ByteBuffer.wrap(adam).getInt(8), "the epoch follows magic and version");
        ByteBuffer.wrap(adam).putInt(8, 1);
        Files.write(file(ck, "adam.state"), adam);
        String log = TinyTraining.stderrOf(() -> run(ck, 1, 0));
        assertTrue(log.contains("written after epoch 1, the checkpoint is of epoch 2")
                && log.contains("Adam's moments restart"), log);
    }
}
