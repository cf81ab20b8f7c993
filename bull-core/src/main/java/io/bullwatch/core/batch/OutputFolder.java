package io.bullwatch.core.batch;

import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files a batch run keeps in its output folder besides the detections: the summary across
 * runs, the markers of finished inputs, and the temporary files an interrupted run left.
 */
final class OutputFolder {

    private static final Logger LOG = LoggerFactory.getLogger(OutputFolder.class);
    /** Temporary names of {@code AtomicFiles.write}: {@code .TARGET.HEX.tmp}. */
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,16}\\.tmp");
    private static final List<String> OUR_SUFFIXES = List.of(DetectionFiles.SELECTIONS_SUFFIX,
            DetectionFiles.LABELS_SUFFIX, DetectionFiles.WINDOWS_SUFFIX, ".json", BatchDetection.SUMMARY);

    private OutputFolder() {
    }

    /** The stored row if the marker exists and holds this key, else null. */
    static SummaryRow readMarker(Path marker, Map<String, String> key) {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            SummaryRow row = SummaryRow.fromMarker(new String(Files.readAllBytes(marker), StandardCharsets.UTF_8), key);
            if (row == null) {
                LOG.debug("{}: the input or the detector changed; detecting again", marker);
            }
            return row;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: unreadable marker ({}); detecting again", marker, e.getMessage());
            return null;
        }
    }

    /** {@link SummaryRow#otherRecording} of a marker file; null when it is missing or unreadable. */
    static String otherRecording(Path marker, Map<String, String> key) {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            return SummaryRow.otherRecording(new String(Files.readAllBytes(marker), StandardCharsets.UTF_8), key);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    static void deleteAll(DetectionFiles.Outputs outputs) throws IOException {
        for (Path p : outputs.all()) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * The rows of the output folder's existing summary, by recording, in file order; an unreadable
     * summary is kept beside it as {@code summary.csv.unreadable} and a new one is started.
     */
    static Map<String, SummaryRow> readSummary(Path outputDir) throws IOException {
        Path file = outputDir.resolve(BatchDetection.SUMMARY);
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            return SummaryRow.parseSummary(TextFiles.readLines(file));
        } catch (IllegalArgumentException e) {
            // never over an earlier one: each may hold the only copy of rows a user edited
            Path aside = outputDir.resolve(BatchDetection.SUMMARY + ".unreadable");
            for (int k = 2; Files.exists(aside); k++) {
                aside = outputDir.resolve(BatchDetection.SUMMARY + ".unreadable." + k);
            }
            Files.move(file, aside);
            LOG.warn("{}: {}; moved to {} and a new summary started", file, e.getMessage(), aside.getFileName());
            return new LinkedHashMap<>();
        }
    }

    static void writeSummary(Path outputDir, Collection<SummaryRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(SummaryRow.HEADER).append('\n');
        for (SummaryRow r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        TextFiles.writeAtomically(outputDir.resolve(BatchDetection.SUMMARY), w -> w.write(sb.toString()));
    }

    static void deleteStaleTemporaryFiles(Path outputDir) throws IOException {
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(outputDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Matcher m = TEMP.matcher(file.getFileName().toString());
                if (attrs.isRegularFile() && m.matches()
                        && OUR_SUFFIXES.stream().anyMatch(s -> m.group(1).endsWith(s))) {
                    stale.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : stale) {
            LOG.info("deleting {}, left by an interrupted run", p);
            Files.deleteIfExists(p);
        }
    }
}
