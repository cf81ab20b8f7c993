package io.bullwatch.core.batch;

import io.bullwatch.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs of a batch run: given files, and the {@code *.wav} files of given folders found by
 * following symbolic links; each real file once (the others are {@link Duplicate}s); dangling
 * links, loops and output-name collisions planned as failures with their reason.
 */
final class InputPlan {

    private static final Logger LOG = LoggerFactory.getLogger(InputPlan.class);

    private InputPlan() {
    }

    /** An input with the reason it fails before detection, if any. */
    record Planned(BatchInput input, String failure, boolean touchOutputs) {
    }

    /** The inputs in processing order, and the ones left out because they are the same file. */
    record Plan(List<Planned> inputs, List<Duplicate> duplicates) {
    }

    /**
     * Plans a run's inputs.
     *
     * @param inputPaths the files and folders given, in order
     * @return the inputs in processing order, and the duplicates left out
     * @throws IOException never for missing or unreadable inputs (they fail later)
     */
    static Plan plan(List<Path> inputPaths) throws IOException {
        List<Planned> out = new ArrayList<>();
        List<Duplicate> duplicates = new ArrayList<>();
        Map<Path, BatchInput> seen = new HashMap<>();
        Map<String, BatchInput> names = new HashMap<>();
        for (Path given : inputPaths) {
            List<Planned> found = new ArrayList<>();
            if (Files.isDirectory(given)) {
                found.addAll(walk(given));
            } else {
                Path name = given.getFileName();
                String recording = name == null ? given.toString() : name.toString();
                String failure = Files.exists(given) ? null : missing(given);
                found.add(new Planned(new BatchInput(given, recording, stem(recording)), failure, true));
            }
            for (Planned p : found) {
                BatchInput same = seen.putIfAbsent(FileTrees.identity(p.input().file()), p.input());
                if (same != null) {
                    if (same.file().toAbsolutePath().normalize()
                            .equals(p.input().file().toAbsolutePath().normalize())) {
                        LOG.info("{} is given twice; processed once", p.input().file());
                    } else {
                        Duplicate d = new Duplicate(p.input(), same);
                        LOG.info("{}", d.describe());
                        duplicates.add(d);
                    }
                    continue;
                }
                String key = p.input().outputStem().toLowerCase(Locale.ROOT);
                BatchInput first = names.putIfAbsent(key, p.input());
                if (first != null) {
                    out.add(new Planned(p.input(), p.input().file() + ": its outputs would be named "
                            + p.input().outputStem() + ".bull.* like those of " + first.file()
                            + "; not processed (give the folders separately or rename one)", false));
                } else {
                    out.add(p);
                }
            }
        }
        return new Plan(out, duplicates);
    }

    /** Why a given input that does not exist fails: missing, or a link to nothing. */
    private static String missing(Path given) {
        if (Files.isSymbolicLink(given)) {
            return given + ": a symbolic link to " + linkTarget(given) + ", which does not exist";
        }
        return given + ": no such file or folder";
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "a target that cannot be read";
        }
    }

    private static boolean isWav(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    private static List<Planned> walk(Path root) throws IOException {
        List<Planned> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString();
                if (attrs.isSymbolicLink()) {
                    // following it failed: a dangling link; reported when it names a WAV file
                    String target = linkTarget(file);
                    if (isWav(n) || isWav(target)) {
                        String rel = relative(root, file);
                        found.add(new Planned(new BatchInput(file, rel, stem(rel)), file
                                + ": a symbolic link to " + target + ", which does not exist", true));
                    }
                } else if (attrs.isRegularFile() && isWav(n)) {
                    String rel = relative(root, file);
                    found.add(new Planned(new BatchInput(file, rel, stem(rel)), null, true));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String rel = relative(root, file);
                String reason = e instanceof FileSystemLoopException
                        ? file + ": a symbolic link to " + linkTarget(file) + ", a folder that contains it"
                                + " (a loop); not followed"
                        : file + ": cannot be read (" + Reasons.describe(e, file) + "); WAV files in it, if any,"
                                + " were not processed";
                found.add(new Planned(new BatchInput(file, rel, stem(rel)), reason, false));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort((a, b) -> a.input().recording().compareTo(b.input().recording()));
        return found;
    }

    private static String relative(Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        return rel.isEmpty() ? String.valueOf(file.getFileName()) : rel;
    }

    private static String stem(String recording) {
        int slash = recording.lastIndexOf('/');
        int dot = recording.lastIndexOf('.');
        return dot > slash + 1 ? recording.substring(0, dot) : recording;
    }
}
