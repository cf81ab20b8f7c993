package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorsTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void missingInputsGiveOneLineNamingTheFileAndNoStackTrace() {
        Path missing = dir.resolve("nowhere");
        assertEquals(1, run("train", "--data", missing.toString(), "--out", dir.resolve("m").toString()));
        assertEquals("bull train: " + missing.resolve("manifest.csv") + ": no such file or folder",
                err.toString().strip());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void featuresOfAMissingFileNameTheFile() {
        Path missing = dir.resolve("night.wav");
        assertEquals(1, run("features", missing.toString(), "--out", dir.resolve("x.npy").toString()));
        assertTrue(err.toString().contains(missing + ": no such file or folder"), err.toString());
    }

    @Test
    void badArgumentsInsideACommandAreUsageErrors() {
        assertEquals(2, run("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(),
                "--threshold-rule", "sometimes"));
        assertTrue(err.toString().startsWith("bull train: "), err.toString());
    }

    @Test
    void brokenBundlesAreUsageErrorsAndRunningOutOfMemoryIsOneLine() {
        assertEquals(2, CliErrors.exitCode(new io.bullwatch.models.bundle.InvalidBundleException(dir, "broken")));
        assertEquals(2, CliErrors.exitCode(new IllegalArgumentException("bad")));
        assertEquals(1, CliErrors.exitCode(new java.io.IOException("disk")));
        String oom = CliErrors.describe(new OutOfMemoryError("Java heap space"));
        assertTrue(oom.startsWith("out of memory (Java heap limit "), oom);
        assertTrue(oom.endsWith(" MiB); give Java more, e.g. BULL_JAVA_OPTS=-Xmx2g"), oom);
    }
}
