package io.bullwatch.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder trees: deleting one (a run's work folder, what a failed run made), and the identity of a file. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * Deletes a file or a folder with everything in it, deepest first; links are deleted, not
     * followed. Nothing happens when {@code root} does not exist.
     *
     * @param root the file or folder
     * @throws IOException if something cannot be deleted (the message names it)
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /**
     * The file a path leads to (links resolved), or the absolute path when it cannot be resolved:
     * two names of one file give the same identity.
     *
     * @param file a path
     * @return its identity
     */
    public static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
