package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull detect} with broken bundles, bad thresholds, links and earlier runs. */
class DetectHardeningTest extends CliTestBase {

    private static final int RATE = 8000;

    @TempDir
    Path dir;

    /** A width-reduced compact bundle at 8 kHz with seeded random parameters. */
    static Path bundle(Path model) throws IOException {
        MelConfig mel = MelConfig.builder().optSampleRate(RATE).optNFft(1024).optHop(1024).optNMels(32)
                .optFMax(RATE / 2.0).build();
        return TestBundles.save(model, mel, Backbone.COMPACT, 0.25);
    }

    static Path wav(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random r = new Random(seed);
        float[] x = new float[RATE * 40];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * r.nextGaussian());
        }
        WavWriter.write(file, x, RATE, SampleEncoding.PCM_SIGNED_16);
        return file;
    }

    private void assertBundleRefused(Path model, String file, String says) {
        err.getBuffer().setLength(0);
        Path out = dir.resolve("out");
        int code = run("detect", "--model", model.toString(), "--out", out.toString(), dir.resolve("in").toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(2, code, err::toString);
        assertEquals(1, lines.size(), err::toString);
        assertTrue(lines.get(0).startsWith("bull detect: " + model.resolve(file) + ": "), lines.get(0));
        assertTrue(lines.get(0).contains(says), lines.get(0));
        assertFalse(Files.exists(out), "no output folder before the bundle is known good");
    }

    @Test
    void brokenBundlesAreOneLineAndExitCodeTwoBeforeAnyRecording() throws IOException {
        wav(dir.resolve("in/n1.wav"), 1);
        Path model = bundle(dir.resolve("model"));
        byte[] params = Files.readAllBytes(model.resolve(ModelBundle.PARAMETERS));
        String json = Files.readString(model.resolve(ModelBundle.MODEL_JSON));

        Files.write(model.resolve(ModelBundle.PARAMETERS), Arrays.copyOf(params, params.length / 3));
        assertBundleRefused(model, ModelBundle.PARAMETERS, "ends early");
        Files.write(model.resolve(ModelBundle.PARAMETERS), params);

        Files.writeString(model.resolve(ModelBundle.MODEL_JSON), "");
        assertBundleRefused(model, ModelBundle.MODEL_JSON, "empty");
        Files.writeString(model.resolve(ModelBundle.MODEL_JSON), "{\"format\": \"bullwatch-model\", oops");
        assertBundleRefused(model, ModelBundle.MODEL_JSON, "not valid JSON at line 1 column");

        Files.delete(model.resolve(ModelBundle.MODEL_JSON));
        assertBundleRefused(model, "", "it has no model.json");
        Files.writeString(model.resolve(ModelBundle.MODEL_JSON), json);

        // the repaired bundle works
        err.getBuffer().setLength(0);
        assertEquals(0, run("detect", "--model", model.toString(), "--out", dir.resolve("out").toString(),
                dir.resolve("in").toString()), err::toString);
    }

    @Test
    void thresholdsOutsideZeroToOneAreRefused() throws IOException {
        wav(dir.resolve("in/n1.wav"), 1);
        Path model = bundle(dir.resolve("model"));
        for (String t : List.of("1.5", "-0.1")) {
            err.getBuffer().setLength(0);
            assertEquals(2, run("detect", "--model", model.toString(), "--threshold", t, "--out",
                    dir.resolve("out").toString(), dir.resolve("in").toString()));
            assertTrue(err.toString().startsWith("--threshold must be a number from 0 to 1, got " + t), err.toString());
        }
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void linkedRecordingsAreDetectedOnceAndTheSummaryGrowsAcrossRuns() throws IOException {
        Path dump = dir.resolve("dump");
        Path a = wav(dump.resolve("a.wav"), 1);
        Path b = wav(dump.resolve("b.wav"), 2);
        Path season = Files.createDirectories(dir.resolve("season"));
        Files.createSymbolicLink(season.resolve("night1.wav"), a);
        Files.createSymbolicLink(season.resolve("night1-again.wav"), a);
        Files.createSymbolicLink(season.resolve("gone.wav"), dump.resolve("deleted.wav"));
        Path model = bundle(dir.resolve("model"));
        Path out = dir.resolve("out");

        assertEquals(1, run("detect", "--model", model.toString(), "--out", out.toString(), season.toString()));
        assertTrue(out.toString().length() > 0);
        assertTrue(this.out.toString().contains("1 done, 0 skipped (done before), 1 failed"), this.out.toString());
        assertTrue(err.toString().contains("bull detect: same file: " + season.resolve("night1.wav")
                + " is the same file as " + season.resolve("night1-again.wav") + "; detected once, as"
                + " night1-again.wav"), err.toString());
        assertTrue(err.toString().contains("gone.wav: a symbolic link to " + dump.resolve("deleted.wav")
                + ", which does not exist"), err.toString());

        // one more recording into the same folder: the earlier rows stay in summary.csv
        assertEquals(0, run("detect", "--model", model.toString(), "--out", out.toString(), b.toString()));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(4, summary.size(), summary::toString);
        assertTrue(summary.get(1).startsWith("gone.wav,"), summary.get(1));
        assertTrue(summary.get(2).startsWith("night1-again.wav,40.000,"), summary.get(2));
        assertTrue(summary.get(3).startsWith("b.wav,40.000,"), summary.get(3));
    }
}
