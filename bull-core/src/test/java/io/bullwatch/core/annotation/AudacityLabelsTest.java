package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudacityLabelsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsLabelsWithMissingAndSpacedLabels() throws Exception {
        Path f = file("night1.txt", "1.500000\t4.250000\tbull\n"
                + "10\t12.5\n"
                + "20.0\t21.0\tbull near bank\n"
                + "30.0\t30.0\t\n");
        AnnotationTable t = AudacityLabels.read(f);
        assertEquals(AnnotationFormat.AUDACITY, t.format());
        assertEquals(f, t.source());
        assertEquals(List.of(
                new Annotation(1.5, 4.25, "bull"),
                new Annotation(10, 12.5, ""),
                new Annotation(20, 21, "bull near bank"),
                new Annotation(30, 30, "")), t.annotations());
        assertTrue(t.selections().stream().allMatch(s -> s.band().isEmpty()));
    }

    @Test
    void skipsSpectralLinesAndKeepsTheirBand() throws Exception {
        Path f = file("spectral.txt", "1.0\t2.0\tbull\n"
                + "\\\t100.000000\t8000.000000\n"
                + "3.0\t4.0\tbird\n"
                + "\\\t-1.000000\t-1.000000\n"
                + "5.0\t6.0\n");
        AnnotationTable t = AudacityLabels.read(f);
        assertEquals(List.of(
                new Selection(new Annotation(1, 2, "bull"),
                        Optional.of(new FrequencyBand(100, 8000)), Map.of()),
                Selection.of(new Annotation(3, 4, "bird")),
                Selection.of(new Annotation(5, 6, ""))), t.selections());
    }

    @Test
    void toleratesBomCrlfBlankLinesDecimalCommaAndSpaces() throws Exception {
        Path f = file("messy.txt", "\uFEFF\r\n1,5\t4,25\tbull\r\n\r\n   \r\n"
                + "10 12,5 bull  2\r\n");
        List<Annotation> expected = List.of(new Annotation(1.5, 4.25, "bull"),
                new Annotation(10, 12.5, "bull  2"));
        assertEquals(expected, InLocales.same(() -> AudacityLabels.read(f).annotations()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "end before start | 1\\t2\\tok\\n5.0\\t4.0\\tbull | 2 | end (4.000000 s) is before start (5.000000 s); expected end >= start",
        "negative start | -1.0\\t2.0\\tbull | 1 | start: times must be >= 0 s, found -1.0",
        "NaN end | 1.0\\tNaN\\tbull | 1 | end: expected a finite number, found 'NaN'",
        "infinite start | \\n\\ninf\\t2\\tbull | 3 | start: expected a finite number, found 'inf'",
        "unparsable | 1.0\\t2.0.1\\tbull | 1 | end: expected a number, found '2.0.1'",
        "one field | 1.0\\t2.0\\n12.5 | 2 | expected start<TAB>end[<TAB>label], found 1 field: '12.5'",
    })
    void reportsFileLineAndReason(String name, String content, int line, String reason)
            throws IOException {
        Path f = file("bad.txt", content.replace("\\t", "\t").replace("\\n", "\n"));
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> AudacityLabels.read(f));
        assertEquals(f, e.file());
        assertEquals("line " + line, e.position());
        assertEquals(reason, e.reason());
        assertEquals(f + ": line " + line + ": " + reason, e.getMessage());
    }

    @Test
    void emptyFileHasNoLabels() throws IOException {
        assertEquals(0, AudacityLabels.read(file("empty.txt", "")).size());
    }

    @Test
    void writesExactTextInEveryLocale() throws Exception {
        Path f = dir.resolve("out.txt");
        String text = InLocales.same(() -> {
            AudacityLabels.writeSelections(f, List.of(
                    Selection.of(new Annotation(1.5, 4.25, "bull")),
                    Selection.of(new Annotation(1000.0000004, 1002, ""),
                            new FrequencyBand(50.5, 9000))));
            return Files.readString(f);
        });
        assertEquals("1.500000\t4.250000\tbull\n"
                + "1000.000000\t1002.000000\t\n"
                + "\\\t50.500000\t9000.000000\n", text);
    }

    @Test
    void roundTripsEventsAndBands() throws Exception {
        Path f = dir.resolve("round.txt");
        List<Selection> rows = List.of(
                Selection.of(new Annotation(0, 0.000001, "a b\tc")),
                Selection.of(new Annotation(3599.123456, 3604.5, "bull"),
                        new FrequencyBand(0, 22050)),
                Selection.of(new Annotation(7, 8, "")));
        AudacityLabels.writeSelections(f, rows);
        assertEquals(rows, InLocales.same(() -> AudacityLabels.read(f).selections()));

        List<Annotation> events = List.of(new Annotation(2.25, 3.75, "bull"));
        AudacityLabels.write(f, events);
        assertEquals(events, AudacityLabels.read(f).annotations());
    }

    @Test
    void refusesLabelsWithLineBreaks() {
        Path f = dir.resolve("x.txt");
        assertThrows(IllegalArgumentException.class,
                () -> AudacityLabels.write(f, List.of(new Annotation(1, 2, "a\nb"))));
        assertTrue(Files.notExists(f));
    }
}
