package io.bullwatch.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileTrees#delete}: everything under the root goes, nothing a link points to; {@link FileTrees#identity}. */
class FileTreesTest {

    @Test
    void deletesATreeButNotWhatItsLinksPointTo(@TempDir Path dir) throws Exception {
        Path keep = Files.createDirectories(dir.resolve("keep"));
        Files.writeString(keep.resolve("precious.txt"), "a user's file");
        Path root = Files.createDirectories(dir.resolve("work/a/b"));
        Files.writeString(root.resolve("night.wav"), "samples");
        Files.createSymbolicLink(dir.resolve("work/link"), keep);
        FileTrees.delete(dir.resolve("work"));
        assertFalse(Files.exists(dir.resolve("work")));
        assertTrue(Files.isRegularFile(keep.resolve("precious.txt")));
        FileTrees.delete(dir.resolve("work")); // nothing there: nothing happens
    }

    @Test
    void twoNamesOfOneFileHaveOneIdentity(@TempDir Path dir) throws Exception {
        Path night = Files.writeString(dir.resolve("night01.wav"), "samples");
        Path link = Files.createSymbolicLink(dir.resolve("same.wav"), night);
        assertEquals(FileTrees.identity(night), FileTrees.identity(link));
        assertEquals(FileTrees.identity(night), FileTrees.identity(dir.resolve("sub/../night01.wav")));
        assertNotEquals(FileTrees.identity(night), FileTrees.identity(Files.writeString(dir.resolve("other.wav"), "x")));
        // a path that does not resolve keeps its absolute, normalised form
        assertEquals(dir.resolve("gone.wav").toAbsolutePath().normalize(), FileTrees.identity(dir.resolve("x/../gone.wav")));
    }
}
