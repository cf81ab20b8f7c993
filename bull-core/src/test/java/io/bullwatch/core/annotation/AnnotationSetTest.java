package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationSetTest {

    @TempDir
    Path dir;

    @Test
    void clipsEventsRunningPastTheEndAndDropsThoseStartingAfterIt() throws Exception {
        AnnotationSet set = AnnotationSet.of("night1.txt", List.of(
                new Annotation(10, 12, "bull"),
                new Annotation(98, 103.5, "bull"),
                new Annotation(100, 101, ""),
                new Annotation(120, 125, "bull"),
                new Annotation(99, 100, "bull")));
        AnnotationSet clipped = InLocales.same(() -> set.clippedTo(100));
        assertEquals(List.of(new Annotation(10, 12, "bull"), new Annotation(98, 100, "bull"),
                new Annotation(99, 100, "bull")), clipped.annotations());
        assertEquals(List.of(
                "night1.txt: event 'bull' 98.000 to 103.500 s ends after the end of the recording"
                        + " (100.000 s); clipped to 100.000 s",
                "night1.txt: event 100.000 to 101.000 s starts at or after the end of the"
                        + " recording (100.000 s); dropped",
                "night1.txt: event 'bull' 120.000 to 125.000 s starts at or after the end of the"
                        + " recording (100.000 s); dropped"), clipped.warnings());
        assertEquals(List.of(), set.clippedTo(125).warnings());
        assertThrows(IllegalArgumentException.class, () -> set.clippedTo(-1));
        assertThrows(IllegalArgumentException.class, () -> set.clippedTo(Double.NaN));
    }

    @Test
    void mergesOverlappingAndTouchingEventsOfOneLabel() {
        AnnotationSet set = AnnotationSet.of("x", List.of(
                new Annotation(20, 22, "bull"),
                new Annotation(1, 3, "bull"),
                new Annotation(2, 4, "bull"),   // overlaps 1-3
                new Annotation(4, 5, "bull"),   // touches 2-4
                new Annotation(5.5, 6, "bull"), // 0.5 s gap: separate
                new Annotation(3, 8, "bird"),   // other label: never merged with bulls
                new Annotation(21, 21.5, "bull"))); // inside 20-22
        assertEquals(List.of(new Annotation(1, 5, "bull"), new Annotation(3, 8, "bird"),
                new Annotation(5.5, 6, "bull"), new Annotation(20, 22, "bull")),
                set.merged().annotations());
        assertEquals(List.of(new Annotation(1, 6, "bull"), new Annotation(3, 8, "bird"),
                new Annotation(20, 22, "bull")), set.merged(0.5).annotations());
        assertThrows(IllegalArgumentException.class, () -> set.merged(-0.1));
        assertEquals(List.of(), AnnotationSet.of("e", List.of()).merged().annotations());
    }

    @Test
    void sortsByStartThenEndThenLabel() {
        AnnotationSet set = AnnotationSet.of("x", List.of(new Annotation(5, 6, "b"),
                new Annotation(1, 3, "b"), new Annotation(1, 2, "z"), new Annotation(1, 2, "a")));
        assertEquals(List.of(new Annotation(1, 2, "a"), new Annotation(1, 2, "z"),
                new Annotation(1, 3, "b"), new Annotation(5, 6, "b")), set.sorted().annotations());
    }

    @Test
    void cleaningClipsThenMergesAndKeepsWarnings() throws Exception {
        Path f = dir.resolve("night1.txt");
        Files.writeString(f, "50\t55\tbull\n8\t9\tbull\n52\t63\tbull\n61\t62\tbull\n");
        AnnotationSet set = AudacityLabels.read(f).toSet().cleaned(60);
        assertEquals("night1.txt", set.source());
        assertEquals(List.of(new Annotation(8, 9, "bull"), new Annotation(50, 60, "bull")),
                set.annotations());
        assertEquals(2, set.warnings().size());
        assertEquals(2, set.size());
        // Later steps keep earlier warnings.
        assertEquals(set.warnings(), set.sorted().merged().warnings());
    }
}
