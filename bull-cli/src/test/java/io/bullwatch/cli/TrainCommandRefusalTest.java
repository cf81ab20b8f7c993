package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull train} refusing its data or options leaves nothing behind, and keeps what was there. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainCommandRefusalTest extends CliTestBase {

    @TempDir
    static Path dir;

    private Path corpus;

    /** 3 sites x 3 minutes at 16 kHz, as in TrainCommandTest. */
    @BeforeAll
    void tinyCorpus() {
        corpus = dir.resolve("nights");
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", corpus.toString()), err::toString);
    }

    /**
     * The same corpus with the training site's labels emptied: the trainer refuses it, after the
     * features are computed and the network is built.
     */
    private Path silentCorpus() throws IOException {
        Path silent = dir.resolve("silent-nights");
        if (Files.exists(silent)) {
            return silent;
        }
        return withoutLabels(copyTree(corpus, silent), "site01");
    }

    /** The corpus with a site's label files emptied: its recordings hold no bull. */
    private static Path withoutLabels(Path copy, String site) throws IOException {
        try (Stream<Path> labels = Files.list(copy.resolve(site))) {
            for (Path f : (Iterable<Path>) labels.filter(f -> f.toString().endsWith(".txt"))::iterator) {
                Files.writeString(f, "");
            }
        }
        return copy;
    }

    private int trainSilent(Path model) throws IOException {
        Path silent = silentCorpus();
        err.getBuffer().setLength(0);
        return run("train", "--data", silent.toString(), "--out", model.toString(), "--width", "0.25",
                "--mels", "16", "--hop", "2048", "--epochs", "1", "--epoch-windows", "64", "--threads", "1");
    }

    /** Runs {@code bull train} on the tiny corpus with small features and the given options. */
    private int train(Path model, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", corpus.toString(),
                "--out", model.toString(), "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "1",
                "--epoch-windows", "64", "--threads", "1"));
        args.addAll(List.of(options));
        err.getBuffer().setLength(0);
        return run(args.toArray(String[]::new));
    }

    @Test
    void aRefusedOptionLeavesNoFolder() {
        Path model = dir.resolve("model-schedule");
        assertEquals(2, train(model, "--schedule", "sometimes"));
        assertTrue(err.toString().contains("--schedule"), err::toString);
        assertFalse(Files.exists(model), model + " was left behind");
    }

    @Test
    void aCombinationRefusedAfterTheFeaturesLeavesNoFolder() {
        Path model = dir.resolve("model-mix");
        assertEquals(2, train(model, "--normalisation", "log", "--augment", "mix=0.5"));
        assertTrue(err.toString().contains("--augment mix needs"), err::toString);
        assertFalse(Files.exists(model), model + " was left behind");
    }

    @Test
    void aCorpusWithoutTrainingSitesLeavesNoFolder() {
        Path model = dir.resolve("model-no-train");
        assertEquals(2, train(model, "--val-sites", "site01,site02", "--test-sites", "site03"));
        assertTrue(err.toString().contains("no site left for training"), err::toString);
        assertFalse(Files.exists(model), model + " was left behind");
    }

    @Test
    void trainingWindowsWithoutBullsLeaveNoFolderNorTheFoldersMadeAboveIt() throws IOException {
        Path model = dir.resolve("runs").resolve("silent").resolve("model");
        assertEquals(2, trainSilent(model), err::toString);
        assertTrue(err.toString().contains("both classes"), err::toString);
        assertFalse(Files.exists(dir.resolve("runs")), "runs/ was left behind");
    }

    @Test
    void aFailedRunKeepsWhatItDidNotMakeInTheFoldersItMade() throws IOException {
        // runs2/ did not exist: the run makes it, and its feature cache goes in it too
        Path model = dir.resolve("runs2").resolve("silent").resolve("model");
        Path cache = dir.resolve("runs2").resolve("features");
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", silentCorpus().toString(), "--out", model.toString(), "--cache",
                cache.toString(), "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "1",
                "--epoch-windows", "64", "--threads", "1"), err::toString);
        assertTrue(err.toString().contains("both classes"), err::toString);
        assertFalse(Files.exists(model.getParent()), "the model's folders were left behind");
        assertFalse(tree(cache).stream().map(cache::resolve).filter(Files::isRegularFile).toList().isEmpty(),
                "the computed features were deleted with the folder above the model");
    }

    @Test
    void aRerunWithAnotherRecipeIsRefusedNotResumed() throws IOException {
        Path model = dir.resolve("model-rerun");
        assertEquals(0, train(model), err::toString);
        byte[] params = Files.readAllBytes(model.resolve("parameters.params"));
        assertEquals(2, train(model, "--seed", "2"));
        assertTrue(err.toString().contains("holds the checkpoints of another training"), err::toString);
        assertArrayEquals(params, Files.readAllBytes(model.resolve("parameters.params")));
        // the same training again resumes (nothing left to train) and writes the same parameters
        assertEquals(0, train(model), err::toString);
        assertArrayEquals(params, Files.readAllBytes(model.resolve("parameters.params")));
    }

    @Test
    void aManifestWithoutRowsOrWithTwoSampleRatesIsRefusedNamingTheLine() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("header-only"));
        Files.writeString(empty.resolve("manifest.csv"), "recording,site,split\n");
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("train", "--data", empty.toString(), "--out", dir.resolve("m-empty").toString()));
        assertTrue(err.toString().contains("manifest.csv: line 2: expected a row per recording"), err::toString);
        assertFalse(Files.exists(dir.resolve("m-empty")));

        Path slow = dir.resolve("slow");
        assertEquals(0, run("synth", "--hours", "0.05", "--sites", "1", "--recording-minutes", "3",
                "--sample-rate", "8000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", slow.toString()), err::toString);
        Path mixed = copyTree(corpus, dir.resolve("mixed"));
        Files.copy(slow.resolve("site01/site01-night01.wav"), mixed.resolve("site03/site03-night01.wav"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(slow.resolve("site01/site01-night01.txt"), mixed.resolve("site03/site03-night01.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("train", "--data", mixed.toString(), "--out", dir.resolve("m-mixed").toString()));
        assertTrue(err.toString().contains("recording site03/site03-night01.wav is sampled at 8000 Hz, but"),
                err::toString);
        assertTrue(err.toString().contains("manifest.csv: line "), err::toString);
        assertFalse(Files.exists(dir.resolve("m-mixed")));
    }

    @Test
    void aValidationSplitWithoutBullsIsRefusedBeforeTheFirstEpoch() throws IOException {
        // site02, the validation site, without its bulls
        Path noValBulls = withoutLabels(copyTree(corpus, dir.resolve("no-validation-bulls")), "site02");
        Path model = dir.resolve("model-no-val-bulls");
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", noValBulls.toString(), "--out", model.toString(), "--width", "0.25",
                "--mels", "16", "--hop", "2048", "--epochs", "3", "--epoch-windows", "64", "--threads", "1"));
        assertTrue(err.toString().contains("the validation split (sites [site02])") && err.toString().contains(
                "0 with a bull"), err::toString);
        assertFalse(out.toString().contains("epoch 1"), "refused before the first epoch: " + out);
        assertFalse(Files.exists(model), model + " was left behind");
    }

    @Test
    void aMissingManifestLeavesNoFolder() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty-corpus"));
        Path model = dir.resolve("model-nomanifest");
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("train", "--data", empty.toString(), "--out", model.toString()));
        assertTrue(err.toString().contains("manifest.csv"), err::toString);
        assertFalse(Files.exists(model), model + " was left behind");
    }

    @Test
    void aRefusedRunKeepsAnExistingFolderAndAddsNothing() throws IOException {
        Path model = dir.resolve("model-existing");
        Files.createDirectories(model.resolve("checkpoints"));
        Files.writeString(model.resolve("notes.txt"), "mine");
        Files.writeString(model.resolve("checkpoints").resolve("keep.txt"), "mine too");
        List<Path> before = tree(model);
        assertEquals(2, train(model, "--normalisation", "log", "--augment", "mix=0.5"));
        assertEquals(before, tree(model));
        assertEquals("mine", Files.readString(model.resolve("notes.txt")));
        assertEquals(2, train(model, "--val-sites", "site01,site02", "--test-sites", "site03"));
        assertEquals(before, tree(model));
        assertEquals(2, trainSilent(model), err::toString);
        assertTrue(err.toString().contains("both classes"), err::toString);
        assertEquals(before, tree(model));
    }

    private static List<Path> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.map(root::relativize).sorted().toList();
        }
    }
}
