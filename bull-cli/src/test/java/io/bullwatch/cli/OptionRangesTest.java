package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric option out of its range is a usage error (exit code 2) whose first line names the
 * option, before any file is read or written.
 */
class OptionRangesTest extends CliTestBase {

    @TempDir
    Path dir;

    static Stream<Arguments> badValues() {
        return Stream.of(
                // command, the option, the bad value, other arguments (DIR = a folder, MODEL = a folder)
                cases("detect", "--model energy:15 --out DIR/out DIR",
                        "--threads", "0", "--threads", "-1", "--timeout", "0", "--timeout", "-5",
                        "--timeout", "NaN", "--min-duration", "-1", "--max-duration", "0",
                        "--merge-gap", "-1", "--threshold", "NaN", "--threshold", "Infinity"),
                cases("detect", "--model MODEL --out DIR/out DIR",
                        "--threshold", "1.5", "--threshold", "-0.1", "--threshold", "NaN"),
                cases("evaluate", "--model MODEL --data DIR",
                        "--threads", "0", "--threshold", "1.5", "--threshold", "-0.1"),
                cases("synth", "--out DIR/corpus",
                        "--hours", "0", "--hours", "-1", "--hours", "NaN", "--sites", "0", "--seed", "-1",
                        "--recording-minutes", "0", "--sample-rate", "0", "--bulls-per-hour", "-1",
                        "--distractors-per-hour", "-1", "--threads", "0"),
                cases("train", "--data DIR --out DIR/model",
                        "--width", "0", "--width", "NaN", "--epochs", "0", "--patience", "0", "--lr", "0",
                        "--lr", "-1", "--weight-decay", "-1", "--micro-batch", "0", "--accumulation", "0",
                        "--min-overlap", "-1", "--train-hop", "0", "--frame-loss", "-1", "--average", "1",
                        "--cross-site-hours", "-1", "--cross-site-hours", "NaN", "--site-alignment", "-1",
                        "--site-alignment", "NaN",
                        "--average", "-0.1", "--epoch-windows", "-1", "--mels", "0", "--hop", "0",
                        "--threads", "0", "--seed", "-1", "--average", "NaN", "--pcen-gain", "1.5",
                        "--pcen-gain", "-0.1", "--pcen-bias", "0", "--pcen-bias", "NaN", "--pcen-power", "0",
                        "--pcen-power", "1.5"),
                cases("features", "DIR/missing.wav --out DIR/x.npy",
                        "--start", "-1", "--duration", "0", "--n-fft", "0", "--hop", "0", "--n-mels", "0",
                        "--threads", "0", "--sample-rate", "0", "--top-db", "-1", "--f-min", "-1",
                        "--win-length", "0", "--f-max", "0", "--epsilon", "0"),
                cases("quickstart", "--out DIR/file.txt/quick",
                        "--hours", "0", "--sites", "0", "--recording-minutes", "0", "--bulls-per-hour", "-1",
                        "--epochs", "0", "--epoch-windows", "-1", "--threads", "0", "--seed", "-1",
                        "--recording-minutes", "0.5", "--bulls-per-hour", "601", "--backbone", "foo"),
                cases("review", "DIR",
                        "--port", "-1", "--port", "65536", "--budget", "-1"),
                cases("adapt", "--model MODEL --audio DIR --out DIR/out",
                        "--hours", "0", "--hours", "NaN", "--night-minutes", "0", "--bulls-per-hour", "0",
                        "--exclude-top", "-0.1", "--exclude-top", "0.5", "--epochs", "-1", "--lr", "0",
                        "--epoch-windows", "-1", "--threads", "0", "--seed", "-1", "--snr", "9:3",
                        "--average", "1", "--average", "-0.1", "--average", "NaN"),
                cases("models", "",
                        "--width", "0", "--width", "-1", "--width", "5", "--mels", "0", "--frames", "0"))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> cases(String command, String args, String... optionValues) {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < optionValues.length; i += 2) {
            out.add(Arguments.of(command, optionValues[i], optionValues[i + 1], args));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "bull {0} {1} {2}")
    @MethodSource("badValues")
    void outOfRangeIsAUsageErrorNamingTheOption(String command, String option, String value, String args)
            throws IOException {
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("file.txt"), "a file, not a folder");
        List<String> argv = new ArrayList<>(List.of(command));
        for (String a : args.split(" ")) {
            if (!a.isEmpty()) {
                argv.add(a.replace("MODEL", dir.resolve("model").toString()).replace("DIR", dir.toString()));
            }
        }
        argv.add(option + "=" + value);
        int code = run(argv.toArray(String[]::new));
        String first = err.toString().lines().findFirst().orElse("");
        assertEquals(2, code, () -> "exit code; stderr: " + err + "\nstdout: " + out);
        assertTrue(first.contains(option), () -> "the first line names " + option + ": " + err);
        assertTrue(first.contains(value.replace("Infinity", "Infinity")), () -> "the first line gives the value: " + err);
        // nothing was written: no output folder, corpus or model
        for (String made : List.of("out", "corpus", "x.npy")) {
            assertTrue(Files.notExists(dir.resolve(made)), () -> made + " was created");
        }
        assertTrue(Files.notExists(dir.resolve("model/model.json")));
    }
}
