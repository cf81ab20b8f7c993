package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    private static void wav(Path file, double burstAt) throws Exception {
        Files.createDirectories(file.getParent());
        Random r = new Random(5);
        float[] x = new float[8000 * 60];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.005 * r.nextGaussian());
        }
        for (int i = (int) (burstAt * 8000); i < (int) ((burstAt + 0.3) * 8000); i++) {
            x[i] = (float) Math.max(-0.99, Math.min(0.99, 0.16 * r.nextGaussian()));
        }
        WavWriter.write(file, x, 8000, SampleEncoding.PCM_SIGNED_16);
    }

    @Test
    void detectsResumesAndFailsWithExitCodeOne() throws Exception {
        Path in = dir.resolve("in");
        wav(in.resolve("site1/n1.wav"), 20);
        Files.writeString(in.resolve("site1/broken.wav"), "not audio");
        Path out = dir.resolve("out");

        int code = run("detect", "--model", "energy:15", "--out", out.toString(), "--timeout", "60", in.toString());

        assertEquals(1, code, err.toString());
        assertTrue(Files.exists(out.resolve("site1/n1.bull.selections.txt")));
        assertTrue(Files.exists(out.resolve("site1/n1.bull.labels.txt")));
        assertTrue(Files.exists(out.resolve("site1/n1.bull.windows.csv")));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size());
        assertTrue(summary.get(1).startsWith("site1/broken.wav,,,,,failed,"), summary.get(1));
        assertTrue(summary.get(2).startsWith("site1/n1.wav,60.000,1,0.08,"), summary.get(2));
        assertTrue(this.out.toString().contains("1 done, 0 skipped (done before), 1 failed;"
                + " 1 events, 0.1 minutes to review"), this.out.toString());
        assertTrue(err.toString().contains("bull detect: failed: site1/broken.wav: "), err.toString());

        this.out.getBuffer().setLength(0);
        assertEquals(1, run("detect", "--model", "energy", "--threshold", "15", "--out", out.toString(), in.toString()));
        assertTrue(this.out.toString().contains("0 done, 1 skipped (done before), 1 failed"), this.out.toString());
    }

    @Test
    void badModelArgumentsAreUsageErrors() {
        assertEquals(2, run("detect", "--model", "energy", "--out", dir.toString(), dir.toString()));
        assertTrue(err.toString().contains("needs a threshold"), err.toString());
        assertEquals(2, run("detect", "--model", "energy:x", "--out", dir.toString(), dir.toString()));
        assertEquals(2, run("detect", "--model", dir.resolve("bundle").toString(), "--out", dir.toString(), dir.toString()));
        assertTrue(err.toString().contains("no such model bundle folder"), err.toString());
        assertEquals(2, run("detect", "--model", "energy:15", "--min-duration", "5", "--max-duration", "1",
                "--out", dir.toString(), dir.toString()));
    }
}
