package io.bullwatch.core.review;

import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.text.JsonText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the nights of a {@code bull detect} output folder: every {@code NAME.bull.windows.csv} in
 * it or its subfolders, with the Raven table beside it and the recording named in the folder's
 * {@code .bull/NAME.json} record. Hidden folders are skipped, symbolic links are not followed,
 * and a file whose real path lies outside the folder is left out, so that nothing outside it is
 * read or written through a night.
 */
public final class ReviewFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewFolder.class);

    private ReviewFolder() {
    }

    /**
     * The nights of an output folder.
     *
     * @param out the folder
     * @return its nights, by name
     * @throws IOException if the folder cannot be read (the message names it)
     */
    public static List<ReviewNight> scan(Path out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (!Files.isDirectory(out)) {
            throw new java.nio.file.NotDirectoryException(out + ": expected a bull detect output folder");
        }
        Path root = out.toRealPath();
        List<ReviewNight> nights = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String fileName = file.getFileName().toString();
                if (attrs.isRegularFile() && !attrs.isSymbolicLink()
                        && fileName.endsWith(DetectionFiles.WINDOWS_SUFFIX) && !fileName.startsWith(".")) {
                    night(root, file).ifPresent(nights::add);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                LOG.warn("{}: skipped ({})", file, e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        nights.sort(Comparator.comparing(ReviewNight::name));
        return nights;
    }

    private static Optional<ReviewNight> night(Path root, Path windows) {
        String fileName = windows.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - DetectionFiles.WINDOWS_SUFFIX.length());
        Path dir = windows.getParent();
        String relative = root.relativize(dir).toString().replace('\\', '/');
        String name = relative.isEmpty() ? stem : relative + "/" + stem;
        Optional<Path> recording = recording(dir.resolve(".bull").resolve(stem + ".json"));
        String site = recording.map(Path::getParent).map(Path::getFileName).map(Path::toString)
                .orElse(relative.isEmpty() ? "-" : dir.getFileName().toString());
        Path selections = dir.resolve(stem + DetectionFiles.SELECTIONS_SUFFIX);
        Path review = dir.resolve(stem + ReviewFile.SUFFIX);
        if (!inside(root, selections) || !inside(root, review)) {
            return Optional.empty();
        }
        return Optional.of(new ReviewNight(name, site, windows, selections, review, recording));
    }

    /** Whether a night's file is a plain file (or none yet) inside the root; warns if not. */
    private static boolean inside(Path root, Path file) {
        try {
            if (Files.isSymbolicLink(file) || (Files.exists(file) && !file.toRealPath().startsWith(root))) {
                LOG.warn("{}: a link or a file outside the output folder; its night is left out", file);
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warn("{}: {}; its night is left out", file, e.getMessage());
            return false;
        }
    }

    private static Optional<Path> recording(Path record) {
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            Map<String, String> m = JsonText.readFlatStrings(Files.readString(record, StandardCharsets.UTF_8));
            String input = m.get("input");
            return input == null || input.isBlank() ? Optional.empty() : Optional.of(Path.of(input));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot read the recording's path ({})", record, e.getMessage());
            return Optional.empty();
        }
    }
}
