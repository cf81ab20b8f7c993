package io.bullwatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committing a small file: the new content replaces the old in one step, and nothing else is left. */
class HadoopFilesTest {

    @TempDir
    java.nio.file.Path dir;

    @Test
    void aFileIsReplacedWholeAndNothingIsLeftBeside() throws IOException {
        Path target = new Path(dir.toUri().toString(), "summary.csv");
        FileSystem fs = HadoopFiles.of(target, new Configuration());
        HadoopFiles.writeAtomically(fs, target, "first\n".getBytes(StandardCharsets.UTF_8), "driver");
        HadoopFiles.writeAtomically(fs, target, "second\n".getBytes(StandardCharsets.UTF_8), "driver");
        assertEquals("second\n", HadoopFiles.readString(fs, target));
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            // no temporary file and no checksum file beside it
            assertEquals(List.of("summary.csv"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        // a folder holding files where the file should be: refused in the one renaming step, naming it,
        // and the folder kept
        Files.createDirectories(dir.resolve("taken"));
        Files.writeString(dir.resolve("taken/keep.txt"), "mine");
        Path taken = new Path(dir.toUri().toString(), "taken");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> HadoopFiles.writeAtomically(fs, taken, "x".getBytes(StandardCharsets.UTF_8), "driver"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("taken: cannot be written (renaming")
                && e.getMessage().contains("over it failed"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("taken/keep.txt")));
    }
}
