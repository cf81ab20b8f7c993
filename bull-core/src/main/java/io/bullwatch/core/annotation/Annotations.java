package io.bullwatch.core.annotation;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Entry points for annotation files: read any supported format, and find the annotation file that
 * belongs to a recording.
 */
public final class Annotations {

    private Annotations() {
    }

    /**
     * Reads an annotation file whose format is detected by {@link AnnotationFormat#detect(Path)}.
     *
     * @param file the file
     * @return its rows
     * @throws InputFormatException naming file and line if the content is malformed
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file) throws IOException {
        return read(file, AnnotationFormat.detect(file));
    }

    /**
     * Reads an annotation file in a given format (Raven tables with the default options).
     *
     * @param file the file
     * @param format its format
     * @return its rows
     * @throws InputFormatException naming file and line if the content is malformed
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file, AnnotationFormat format) throws IOException {
        Objects.requireNonNull(format, "format");
        return switch (format) {
            case AUDACITY -> AudacityLabels.read(file);
            case RAVEN -> RavenSelectionTable.read(file);
            case CSV -> CsvAnnotations.read(file);
        };
    }

    /**
     * The files that may hold a recording's annotations, in this order: for {@code name.wav},
     * {@code name.txt} (Audacity), {@code name.selections.txt} and
     * {@code name.Table.1.selections.txt} (Raven), {@code name.csv}; all in the recording's folder.
     * They need not exist.
     *
     * @param recording the recording; its last extension is replaced
     * @return the candidate paths
     */
    public static List<Path> candidatesBeside(Path recording) {
        Objects.requireNonNull(recording, "recording");
        Path name = recording.getFileName();
        if (name == null) {
            throw new IllegalArgumentException("not a file path: " + recording);
        }
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        List<Path> out = new ArrayList<>(4);
        for (String suffix : List.of(".txt", ".selections.txt", ".Table.1.selections.txt", ".csv")) {
            out.add(recording.resolveSibling(base + suffix));
        }
        return out;
    }

    /**
     * Finds the annotation file beside a recording among {@link #candidatesBeside(Path)}.
     *
     * @param recording the recording
     * @return the one candidate that exists as a regular file, or empty if none does
     * @throws InputFormatException naming the recording when more than one candidate exists, since
     *     it is then unclear which holds the truth
     */
    public static Optional<Path> findBeside(Path recording) throws InputFormatException {
        List<Path> found = new ArrayList<>();
        for (Path p : candidatesBeside(recording)) {
            if (Files.isRegularFile(p)) {
                found.add(p);
            }
        }
        if (found.size() > 1) {
            List<String> names = found.stream().map(p -> p.getFileName().toString()).toList();
            throw InputFormatException.of(recording, "found " + found.size()
                    + " annotation files beside it (" + String.join(", ", names)
                    + "); expected one, remove or rename the others");
        }
        return found.stream().findFirst();
    }
}
