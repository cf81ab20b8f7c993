package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection, dispatch, and finding the annotation file beside a recording. */
class AnnotationFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void detectsTheFormatFromNameThenContent() throws IOException {
        assertEquals(AnnotationFormat.RAVEN,
                AnnotationFormat.detect(file("a.Table.1.selections.txt", "1\t2\n")));
        assertEquals(AnnotationFormat.RAVEN, AnnotationFormat.detect(file("b.SELECTIONS.TXT", "")));
        assertEquals(AnnotationFormat.CSV, AnnotationFormat.detect(file("c.csv", "1\t2\n")));
        assertEquals(AnnotationFormat.RAVEN, AnnotationFormat.detect(
                file("d.txt", "\uFEFF\n\nSelection\tbegin time (s)\tEnd Time (s)\n")));
        assertEquals(AnnotationFormat.AUDACITY, AnnotationFormat.detect(file("e.txt", "1\t2\tb\n")));
        assertEquals(AnnotationFormat.AUDACITY, AnnotationFormat.detect(file("f.labels", "")));
    }

    @Test
    void readsEachFormatThroughTheEntryPoint() throws IOException {
        Annotation bull = new Annotation(1, 2, "bull");
        assertEquals(List.of(bull), Annotations.read(file("a.txt", "1\t2\tbull\n")).annotations());
        assertEquals(List.of(bull), Annotations.read(
                file("b.txt", "Begin Time (s)\tEnd Time (s)\tLabel\n1\t2\tbull\n")).annotations());
        assertEquals(List.of(bull), Annotations.read(file("c.csv", "1,2,bull\n")).annotations());
        assertEquals(AnnotationFormat.CSV, Annotations.read(file("d.csv", "")).format());
        // An explicit format overrides detection: this CSV-named file holds Audacity labels.
        assertEquals(List.of(bull), Annotations.read(file("e.csv", "1\t2\tbull\n"),
                AnnotationFormat.AUDACITY).annotations());
    }

    @Test
    void listsCandidatesBesideARecording() {
        Path wav = dir.resolve("site").resolve("night1.wav");
        assertEquals(List.of(dir.resolve("site/night1.txt"),
                dir.resolve("site/night1.selections.txt"),
                dir.resolve("site/night1.Table.1.selections.txt"),
                dir.resolve("site/night1.csv")), Annotations.candidatesBeside(wav));
        assertEquals(dir.resolve("x.txt"), Annotations.candidatesBeside(dir.resolve("x")).get(0));
    }

    @Test
    void findsTheOneFileBesideARecording() throws IOException {
        Path wav = file("night1.wav", "");
        assertEquals(Optional.empty(), Annotations.findBeside(wav));
        Path raven = file("night1.Table.1.selections.txt", "");
        file("night1.bull.selections.txt", ""); // detector output is not an annotation file
        assertEquals(Optional.of(raven), Annotations.findBeside(wav));
        Files.createDirectory(dir.resolve("night1.csv")); // a folder does not count
        assertEquals(Optional.of(raven), Annotations.findBeside(wav));
    }

    @Test
    void refusesTwoCandidateFiles() throws IOException {
        Path wav = file("night2.WAV", "");
        file("night2.txt", "");
        file("night2.selections.txt", "");
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> Annotations.findBeside(wav));
        assertEquals(wav, e.file());
        assertEquals("found 2 annotation files beside it (night2.txt, night2.selections.txt); "
                + "expected one, remove or rename the others", e.reason());
    }
}
