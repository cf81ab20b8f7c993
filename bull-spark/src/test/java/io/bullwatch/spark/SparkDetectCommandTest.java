package io.bullwatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code spark-submit} command line of {@link SparkDetect}: usage errors before any Spark
 * session, and a whole run on the master that {@code spark-submit} would set (here {@code
 * local[1]} through Spark's system properties): exit code 1 when an input failed, the counts on
 * standard output, the reason on standard error.
 */
class SparkDetectCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SparkCli.of(new SparkDetectCommand()); // as main runs it
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void usageErrorsNameTheOptionAndStartNothing() {
        assertEquals(2, run("--model", dir.resolve("none").toString(), "--out", dir.resolve("o").toString(), "x.wav"));
        assertTrue(err.toString().contains("--model " + dir.resolve("none") + ": no such model bundle folder"),
                err.toString());
        assertEquals(2, run("--model", dir.toString(), "--out", dir.resolve("o").toString(), "--threshold", "1.5",
                "x.wav"));
        assertTrue(err.toString().contains("from 0 to 1, got 1.5"), err.toString());
        assertEquals(2, run("--model", dir.toString(), "--out", dir.resolve("o").toString(), "--max-duration", "0",
                "x.wav"));
        assertEquals(2, run("--model", dir.toString(), "--out", dir.resolve("o").toString()));
        assertTrue(!Files.exists(dir.resolve("o")), "no output folder for a usage error");
    }

    @Test
    void runsOnTheSessionsMasterAndSaysWhatFailed() throws IOException {
        Path model = SparkDetectTest.bundle(dir.resolve("model"));
        Path recordings = dir.resolve("recordings");
        SparkDetectTest.wav(recordings.resolve("night.wav"), 30, new Random(5));
        Files.writeString(recordings.resolve("bad.wav"), "RIFF but nothing else", StandardCharsets.US_ASCII);
        Map<String, String> conf = Map.of("spark.master", "local[1]", "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1");
        conf.forEach(System::setProperty);
        try {
            assertEquals(1, run("--model", model.toString(), "--out", dir.resolve("out").toString(),
                    "--threads-per-task", "2", "--min-duration", "3", recordings.toString()), err::toString);
            // an output that cannot be made (a file where the folder should be): one line, no stack trace
            Path blocked = Files.writeString(dir.resolve("blocked"), "a file");
            StringWriter before = new StringWriter();
            before.write(err.toString());
            err.getBuffer().setLength(0);
            assertEquals(1, run("--model", model.toString(), "--out", blocked.resolve("out").toString(),
                    recordings.resolve("night.wav").toString()));
            assertTrue(err.toString().startsWith("bullwatch spark: ") && !err.toString().contains("\tat "),
                    err.toString());
            err.getBuffer().setLength(0);
            err.write(before.toString());
        } finally {
            conf.keySet().forEach(System::clearProperty);
        }
        assertTrue(out.toString().contains("1 done, 0 skipped (done before), 1 failed"), out.toString());
        assertTrue(err.toString().contains("failed: bad.wav: "), err.toString());
        List<String> summary = Files.readAllLines(dir.resolve("out").resolve(SparkDetect.SUMMARY));
        assertEquals(3, summary.size(), summary.toString());
        assertTrue(Files.isRegularFile(dir.resolve("out/night.bull.labels.txt")));
        assertTrue(Files.readString(dir.resolve("out").resolve(SparkDetect.RUN_JSON)).contains("duration 3.00-60.00 s"),
                "the event options reach the detector");
    }
}
