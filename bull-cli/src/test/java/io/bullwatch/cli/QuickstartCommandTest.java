package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small quickstart end to end: every step runs and every announced output exists. */
class QuickstartCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void runsEveryStepAndSaysWhereEverythingIs() throws Exception {
        Path out = dir.resolve("qs");
        assertEquals(0, run("quickstart", "--out", out.toString(), "--hours", "0.15", "--sites", "3",
                "--recording-minutes", "3", "--bulls-per-hour", "300", "--epochs", "1", "--epoch-windows", "64", "--threads", "1"),
                () -> this.out + "\n" + err);
        String text = this.out.toString();
        for (String step : new String[] {"== 1/4 synthetic corpus", "== 2/4 training", "== 3/4 evaluating",
            "== 4/4 detecting", "bull quickstart: done in"}) {
            assertTrue(text.contains(step), step + " missing from:\n" + text);
        }
        assertTrue(Files.isRegularFile(out.resolve("corpus/manifest.csv")));
        assertTrue(Files.isRegularFile(out.resolve("model/model.json")));
        assertTrue(text.contains("== 2/4 training the compact-sed model"), text);
        io.bullwatch.models.bundle.ModelBundle bundle = io.bullwatch.models.bundle.ModelBundle.read(out.resolve("model"));
        assertEquals(io.bullwatch.models.backbone.Backbone.COMPACT_SED, bundle.backbone());
        // every epoch runs (the patience is the epochs), the best is kept
        assertTrue(String.valueOf(bundle.training().get("config")).contains("patience=1,"),
                String.valueOf(bundle.training().get("config")));
        assertTrue(Files.isRegularFile(out.resolve("evaluation/evaluation.json")));
        assertTrue(Files.isRegularFile(out.resolve("evaluation/pr.png")));
        assertTrue(Files.isRegularFile(out.resolve("detections/site03-night01.bull.selections.txt")), text);
        assertTrue(Files.readString(out.resolve("detections/summary.csv")).contains(",done,"));
        assertTrue(text.contains(out.resolve("detections/site03-night01.bull.selections.txt").toString()), text);
        assertTrue(text.contains("./bull review " + out.resolve("detections")), text);
        assertTrue(text.contains("./bull count " + out.resolve("detections")), text);

        // the older network on request
        Path compact = dir.resolve("qs-compact");
        this.out.getBuffer().setLength(0);
        assertEquals(0, run("quickstart", "--out", compact.toString(), "--hours", "0.15", "--sites", "3",
                "--recording-minutes", "3", "--bulls-per-hour", "300", "--epochs", "1", "--epoch-windows", "64",
                "--threads", "1", "--backbone", "compact"), () -> this.out + "\n" + err);
        assertEquals(io.bullwatch.models.backbone.Backbone.COMPACT,
                io.bullwatch.models.bundle.ModelBundle.read(compact.resolve("model")).backbone());

        // a second run reuses the corpus and the model
        this.out.getBuffer().setLength(0);
        assertEquals(0, run("quickstart", "--out", out.toString(), "--threads", "1"), () -> this.out + "\n" + err);
        assertTrue(this.out.toString().contains("reusing"), this.out.toString());
    }
}
