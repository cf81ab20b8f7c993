package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvAnnotationsTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsWithAndWithoutHeader() throws Exception {
        Path withHeader = file("a.csv", "start,end,label\n1.5,4.25,bull\n10,12\n");
        Path without = file("b.csv", "1.5,4.25,bull\n10,12,\n");
        List<Annotation> expected =
                List.of(new Annotation(1.5, 4.25, "bull"), new Annotation(10, 12, ""));
        assertEquals(expected, CsvAnnotations.read(withHeader).annotations());
        assertEquals(expected, CsvAnnotations.read(without).annotations());
        assertEquals(AnnotationFormat.CSV, CsvAnnotations.read(without).format());
    }

    @Test
    void readsEuropeanSpreadsheetCsv() throws Exception {
        Path f = file("eu.csv", "\uFEFFDébut;Fin;Étiquette\r\n12,5;14;bull\r\n;;\r\n\r\n"
                + "100,25;101,75;\"bull; loud\"\r\n");
        List<Annotation> expected = List.of(new Annotation(12.5, 14, "bull"),
                new Annotation(100.25, 101.75, "bull; loud"));
        assertEquals(expected, InLocales.same(() -> CsvAnnotations.read(f).annotations()));
        Path noHeader = file("eu2.csv", "12,5;14,0\n");
        assertEquals(List.of(Annotation.of(12.5, 14)), CsvAnnotations.read(noHeader).annotations());
    }

    @Test
    void readsQuotedLabelsAndTrailingEmptyFields() throws Exception {
        Path f = file("q.csv", "1,2,\"bull, big\",,\n3,4, spaced \n");
        assertEquals(List.of(new Annotation(1, 2, "bull, big"), new Annotation(3, 4, "spaced")),
                CsvAnnotations.read(f).annotations());
    }

    @Test
    void delimiterDetection() {
        assertEquals(',', CsvAnnotations.detectDelimiter("1.0,2.0,bull; loud"));
        assertEquals(';', CsvAnnotations.detectDelimiter("12,5;14,0;bull"));
        assertEquals(';', CsvAnnotations.detectDelimiter("12;14"));
        assertEquals('\t', CsvAnnotations.detectDelimiter("12,5\t14"));
        assertEquals(',', CsvAnnotations.detectDelimiter("start,end,label"));
        assertEquals(';', CsvAnnotations.detectDelimiter("start;end;label"));
        assertEquals('\t', CsvAnnotations.detectDelimiter("start\tend"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "four fields | start,end,label\\n1,2,bull,0.9 | 2 | expected 2 or 3 fields "
                + "(start,end[,label]) separated by ',', found 4",
        "one field | 1,2\\n\\n3 | 3 | expected 2 or 3 fields (start,end[,label]) separated "
                + "by ',', found 1",
        "four header fields | start,end,label,score | 1 | expected 2 or 3 fields "
                + "(start,end[,label]) separated by ',', found 4",
        "end before start | 5;4,5 | 1 | end (4.500000 s) is before start (5.000000 s); "
                + "expected end >= start",
        "negative | 1,2\\n-1,2 | 2 | start: times must be >= 0 s, found -1",
        "NaN | 1,NaN | 1 | end: expected a finite number, found 'NaN'",
        "infinite | 1,2\\nInfinity,3 | 2 | start: expected a finite number, found 'Infinity'",
        "unparsable | start,end\\n1,2s | 2 | end: expected a number, found '2s'",
        "ambiguous decimal comma | 12,5,14,0 | 1 | expected 2 or 3 fields (start,end[,label]) "
                + "separated by ',', found 4",
        "open quote | 1,2,\"bull | 1 | field 3 opens a quote that is not closed",
    })
    void reportsFileLineAndReason(String name, String content, int line, String reason)
            throws IOException {
        Path f = file("bad.csv", content.replace("\\n", "\n"));
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> CsvAnnotations.read(f));
        assertEquals(f, e.file());
        assertEquals("line " + line, e.position());
        assertEquals(reason, e.reason());
    }

    @Test
    void writesAndReadsBack() throws Exception {
        Path f = dir.resolve("out.csv");
        List<Annotation> events = List.of(new Annotation(1.5, 2.000001, "bull, \"big\""),
                new Annotation(3, 4, ""));
        String text = InLocales.same(() -> {
            CsvAnnotations.write(f, events);
            return Files.readString(f);
        });
        assertEquals("start,end,label\n1.500000,2.000001,\"bull, \"\"big\"\"\"\n"
                + "3.000000,4.000000,\n", text);
        assertEquals(events, InLocales.same(() -> CsvAnnotations.read(f).annotations()));
    }
}
