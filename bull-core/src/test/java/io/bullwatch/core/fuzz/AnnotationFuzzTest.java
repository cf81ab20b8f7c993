package io.bullwatch.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationFormat;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.annotation.AnnotationTable;
import io.bullwatch.core.annotation.Annotations;
import io.bullwatch.core.annotation.RavenReadOptions;
import io.bullwatch.core.annotation.RavenSelectionTable;
import io.bullwatch.core.corpus.CorpusManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the annotation readers (Audacity, Raven, CSV) and the corpus
 * manifest with Jazzer. The first input byte chooses the reader, the rest is the file. Any
 * exception other than {@link InputFormatException} is a bug, and whatever is accepted must
 * survive cleaning (clipping and merging) with valid events.
 */
class AnnotationFuzzTest {

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("bullwatch-fuzz-annotations");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void annotationReadersOnlyThrowTypedExceptions(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        byte[] text = Arrays.copyOfRange(data, 1, data.length);
        int choice = (data[0] & 0xFF) % 5;
        try {
            AnnotationTable table;
            switch (choice) {
                case 0:
                    table = Annotations.read(write("night.txt", text), AnnotationFormat.AUDACITY);
                    break;
                case 1:
                    table = Annotations.read(write("night.selections.txt", text), AnnotationFormat.RAVEN);
                    break;
                case 2:
                    Path multi = write("multi.selections.txt", text);
                    table = RavenSelectionTable.read(multi, RavenReadOptions.defaults().forRecording("night2.wav"));
                    // the whole table, by recording: every recording's events are valid too
                    for (AnnotationTable one : RavenSelectionTable.readCombined(multi,
                            RavenReadOptions.defaults()).values()) {
                        for (Annotation a : one.toSet().cleaned(600.0).annotations()) {
                            assertTrue(a.end() <= 600.0, a.toString()); // clipped; Annotation itself guarantees 0 <= start <= end
                        }
                    }
                    break;
                case 3:
                    table = Annotations.read(write("night.csv", text));
                    break;
                default:
                    CorpusManifest.read(write("manifest.csv", text));
                    return;
            }
            AnnotationSet cleaned = table.toSet().cleaned(600.0);
            for (Annotation a : cleaned.annotations()) {
                assertTrue(a.end() <= 600.0, a.toString()); // clipped; Annotation itself guarantees 0 <= start <= end
            }
        } catch (InputFormatException expected) {
            // a malformed file, reported with its position
        }
    }

    /** The written files, then the folder (deleteOnExit cannot remove a folder that holds files). */
    @AfterAll
    static void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(DIR);
    }

    private static Path write(String name, byte[] content) throws IOException {
        Path p = DIR.resolve(name);
        Files.write(p, content);
        return p;
    }
}
