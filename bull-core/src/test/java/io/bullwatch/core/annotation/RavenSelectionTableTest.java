package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RavenSelectionTableTest {

    private static final String HEADER = "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)"
            + "\tLow Freq (Hz)\tHigh Freq (Hz)";

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void keepsOneRowPerSelectionAcrossViews() throws Exception {
        Path f = file("n.selections.txt", lines(HEADER + "\tAnnotation",
                "1\tWaveform 1\t1\t12.345\t15.000000\t0.000\t22050.000\tbull",
                "1\tSpectrogram 1\t1\t12.345\t15.000000\t0.000\t22050.000\tbull",
                "2\tWaveform 1\t1\t100.5\t104.25\t200.0\t8000.0\t",
                "2\tSpectrogram 1\t1\t100.5\t104.25\t200.0\t8000.0\t"));
        AnnotationTable t = RavenSelectionTable.read(f);
        assertEquals(AnnotationFormat.RAVEN, t.format());
        assertEquals(List.of(
                new Selection(new Annotation(12.345, 15, "bull"),
                        Optional.of(new FrequencyBand(0, 22050)), Map.of()),
                new Selection(new Annotation(100.5, 104.25, ""),
                        Optional.of(new FrequencyBand(200, 8000)), Map.of())), t.selections());
    }

    @Test
    void withoutSelectionColumnEveryRowCounts() throws Exception {
        Path f = file("plain.txt", lines("Begin Time (s)\tEnd Time (s)", "1\t2", "1\t2"));
        assertEquals(List.of(Annotation.of(1, 2), Annotation.of(1, 2)),
                RavenSelectionTable.read(f).annotations());
    }

    @Test
    void choosesTheLabelColumn() throws Exception {
        String content = lines(HEADER + "\tLabel\tSpecies\tScore",
                "1\tSpectrogram 1\t1\t1\t2\t0\t100\tbull\tAlosa alosa\t0.9");
        Path f = file("labels.selections.txt", content);
        Selection byDefault = RavenSelectionTable.read(f).selections().get(0);
        assertEquals(new Annotation(1, 2, "bull"), byDefault.annotation());
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("Species", "Alosa alosa");
        extras.put("Score", "0.9");
        assertEquals(extras, byDefault.extras());

        Selection bySpecies = RavenSelectionTable.read(f,
                RavenReadOptions.defaults().withLabelColumn(" species ")).selections().get(0);
        assertEquals(new Annotation(1, 2, "Alosa alosa"), bySpecies.annotation());
        assertEquals(Map.of("Label", "bull", "Score", "0.9"), bySpecies.extras());

        InputFormatException e = assertThrows(InputFormatException.class, () ->
                RavenSelectionTable.read(f, RavenReadOptions.defaults().withLabelColumn("Call")));
        assertEquals("line 1", e.position());
        assertEquals("missing label column 'Call'; found columns: 'Selection', 'View', "
                + "'Channel', 'Begin Time (s)', 'End Time (s)', 'Low Freq (Hz)', "
                + "'High Freq (Hz)', 'Label', 'Species', 'Score'", e.reason());

        Path noLabel = file("nolabel.txt", lines(HEADER, "1\tSpectrogram 1\t1\t1\t2\t0\t100"));
        assertEquals(List.of(Annotation.of(1, 2)), RavenSelectionTable.read(noLabel).annotations());
    }

    @Test
    void annotationColumnWinsOverLabel() throws Exception {
        Path f = file("both.txt", lines("Label\tBegin Time (s)\tEnd Time (s)\tAnnotation",
                "x\t1\t2\tbull"));
        assertEquals(List.of(new Annotation(1, 2, "bull")),
                RavenSelectionTable.read(f).annotations());
    }

    @Test
    void toleratesBomCrlfBlankLinesDecimalCommaAndTrailingTabs() throws Exception {
        Path f = file("eu.selections.txt", "\uFEFF\r\n" + HEADER + "\tAnnotation\t\r\n"
                + "1\tWaveform 1\t1\t12,5\t15,25\t0\t11025,5\tbull\t\t\r\n"
                + "\r\n"
                + "1\tSpectrogram 1\t1\t12,5\t15,25\t0\t11025,5\tbull\r\n");
        List<Selection> expected = List.of(new Selection(new Annotation(12.5, 15.25, "bull"),
                Optional.of(new FrequencyBand(0, 11025.5)), Map.of()));
        assertEquals(expected, InLocales.same(() -> RavenSelectionTable.read(f).selections()));
    }

    @Test
    void readsOneRecordingOfAMultiFileTable() throws Exception {
        Path f = file("season.selections.txt", lines(
                "Selection\tView\tChannel\tBegin File\tFile Offset (s)\tBegin Time (s)"
                        + "\tEnd Time (s)\tSpecies",
                "1\tSpectrogram 1\t1\tnight1.wav\t10.0\t10.0\t12.5\tbull",
                "2\tWaveform 1\t1\tnight2.wav\t5.5\t3605.5\t3609.0\tbull",
                "2\tSpectrogram 1\t1\tnight2.wav\t5.5\t3605.5\t3609.0\tbull",
                "3\tSpectrogram 1\t1\tC:\\data\\NIGHT2.WAV\t100.0\t3700.0\t3702.25\tbull"));
        RavenReadOptions night2 = RavenReadOptions.defaults().withLabelColumn("Species")
                .forRecording("recordings/night2.wav");
        assertEquals(List.of(new Annotation(5.5, 9.0, "bull"), new Annotation(100, 102.25, "bull")),
                RavenSelectionTable.read(f, night2).annotations());
        assertEquals(List.of(new Annotation(10, 12.5, "")), RavenSelectionTable.read(f,
                RavenReadOptions.defaults().forRecording("night1.wav")).annotations());
        assertEquals(List.of(), RavenSelectionTable.read(f,
                RavenReadOptions.defaults().forRecording("night3.wav")).annotations());
        assertEquals(3, RavenSelectionTable.read(f).size());
    }

    @Test
    void recordingFilterNeedsTheFileColumns() throws IOException {
        Path f = file("single.selections.txt", lines(HEADER, "1\tSpectrogram 1\t1\t1\t2\t0\t1"));
        InputFormatException e = assertThrows(InputFormatException.class, () ->
                RavenSelectionTable.read(f, RavenReadOptions.defaults().forRecording("a.wav")));
        assertEquals("line 1", e.position());
        assertEquals("missing column 'Begin File' or 'Begin Path' (needed to pick the events of a.wav); found "
                + "columns: 'Selection', 'View', 'Channel', 'Begin Time (s)', 'End Time (s)', "
                + "'Low Freq (Hz)', 'High Freq (Hz)'", e.reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing begin | \\nSelection\\tEnd Time (s)\\n1\\t2 | 2 | missing required column "
                + "'Begin Time (s)'; found columns: 'Selection', 'End Time (s)'",
        "comma header | Begin Time (s),End Time (s)\\n1,2 | 1 | missing required column "
                + "'Begin Time (s)'; found columns: 'Begin Time (s),End Time (s)' (columns must be "
                + "separated by tabs)",
        "short row without its end | Begin Time (s)\\tEnd Time (s)\\tAnnotation\\n1\\t2\\tbull\\n3 | 3 | "
                + "End Time (s): expected a number, found an empty field",
        "too many cells | Begin Time (s)\\tEnd Time (s)\\n1\\t2\\tbull | 2 | expected at most 2 "
                + "tab-separated cells as in the header (line 1), found 3",
        "end before start | Begin Time (s)\\tEnd Time (s)\\n3\\t2,5 | 2 | end (2.500000 s) is "
                + "before start (3.000000 s); expected end >= start",
        "negative | Begin Time (s)\\tEnd Time (s)\\n-0.5\\t2 | 2 | Begin Time (s): times must "
                + "be >= 0 s, found -0.5",
        "NaN | Begin Time (s)\\tEnd Time (s)\\n1\\tNaN | 2 | End Time (s): expected a finite "
                + "number, found 'NaN'",
        "infinite | Begin Time (s)\\tEnd Time (s)\\n1e999\\t2 | 2 | Begin Time (s): expected a "
                + "finite number, found '1e999'",
        "unparsable | Begin Time (s)\\tEnd Time (s)\\n1\\t00:00:02 | 2 | End Time (s): expected "
                + "a number, found '00:00:02'",
        "empty cell | Begin Time (s)\\tEnd Time (s)\\n\\t2 | 2 | Begin Time (s): expected a "
                + "number, found an empty field",
        "band upside down | Begin Time (s)\\tEnd Time (s)\\tLow Freq (Hz)\\tHigh Freq (Hz)\\n"
                + "1\\t2\\t900\\t100 | 2 | frequency band 900 to 100 Hz: expected 0 <= Low Freq "
                + "(Hz) <= High Freq (Hz)",
        "bad frequency | Begin Time (s)\\tEnd Time (s)\\tLow Freq (Hz)\\tHigh Freq (Hz)\\n"
                + "1\\t2\\tlow\\t100 | 2 | Low Freq (Hz): expected a number, found 'low'",
        "views disagree | Selection\\tView\\tBegin Time (s)\\tEnd Time (s)\\n"
                + "7\\tWaveform 1\\t1\\t2\\n7\\tSpectrogram 1\\t1\\t2.5 | 3 | selection 7 appears "
                + "again with other times (1.000000 to 2.500000 s, line 2 has 1.000000 to "
                + "2.000000 s); expected the rows of one selection's views to agree",
    })
    void reportsFileLineAndReason(String name, String content, int line, String reason)
            throws IOException {
        Path f = file("bad.selections.txt", content.replace("\\t", "\t").replace("\\n", "\n"));
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> RavenSelectionTable.read(f));
        assertEquals(f, e.file());
        assertEquals("line " + line, e.position());
        assertEquals(reason, e.reason());
    }

    @Test
    void emptyFileIsAnErrorButAHeaderAloneIsAnEmptyTable() throws IOException {
        Path empty = file("empty.selections.txt", "\n\n");
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> RavenSelectionTable.read(empty));
        assertEquals("", e.position());
        assertEquals("the file is empty; expected a header line with the columns "
                + "'Begin Time (s)' and 'End Time (s)'", e.reason());
        assertEquals(0, RavenSelectionTable.read(file("h.selections.txt", HEADER + "\n")).size());
    }

    @Test
    void writesExactTextInEveryLocale() throws Exception {
        Path f = dir.resolve("n.bull.selections.txt");
        String text = InLocales.same(() -> {
            RavenSelectionTable.writeSelections(f, List.of(
                    Selection.of(new Annotation(12.5, 15.25, "bull")).withExtra("Score", "0.97"),
                    Selection.of(new Annotation(100, 104, "bull"), new FrequencyBand(50, 8000))),
                    new FrequencyBand(0, 24000));
            return Files.readString(f);
        });
        assertEquals(HEADER + "\tAnnotation\tScore\n"
                + "1\tSpectrogram 1\t1\t12.500000\t15.250000\t0.000000\t24000.000000\tbull\t0.97\n"
                + "2\tSpectrogram 1\t1\t100.000000\t104.000000\t50.000000\t8000.000000\tbull\t\n",
                text);
    }

    @Test
    void unlabelledSelectionsHaveNoAnnotationColumnAndDeclaredColumnsStayWithoutRows() throws Exception {
        Path f = dir.resolve("u.selections.txt");
        RavenSelectionTable.writeSelections(f, List.of(Selection.of(Annotation.of(1, 2)).withExtra("Score", "0.5")),
                new FrequencyBand(0, 4000), List.of("Score"));
        assertEquals(HEADER + "\tScore\n1\tSpectrogram 1\t1\t1.000000\t2.000000\t0.000000\t4000.000000\t0.5\n",
                Files.readString(f));
        AnnotationTable back = RavenSelectionTable.read(f);
        assertEquals(List.of(Annotation.of(1, 2)), back.annotations());
        RavenSelectionTable.writeSelections(f, List.of(), new FrequencyBand(0, 4000), List.of("Score"));
        assertEquals(HEADER + "\tScore\n", Files.readString(f));
        assertThrows(IllegalArgumentException.class, () -> RavenSelectionTable.writeSelections(f, List.of(),
                new FrequencyBand(0, 4000), List.of("Begin Time (s)")));
    }

    @Test
    void roundTripsSelectionsWithScoresAndBands() throws Exception {
        Path f = dir.resolve("round.selections.txt");
        List<Selection> rows = List.of(
                new Selection(new Annotation(0.000001, 4.5, "bull"),
                        Optional.of(new FrequencyBand(100.25, 9000)), Map.of("Score", "0.81")),
                new Selection(new Annotation(3600, 3610.123456, ""),
                        Optional.of(new FrequencyBand(0, 22050)), Map.of("Score", "0.5")));
        RavenSelectionTable.writeSelections(f, rows, RavenSelectionTable.DEFAULT_BAND);
        assertEquals(rows, InLocales.same(() -> RavenSelectionTable.read(f).selections()));

        List<Annotation> events = List.of(new Annotation(1, 2, "a"), new Annotation(1, 2, "a"));
        RavenSelectionTable.write(f, events);
        AnnotationTable back = RavenSelectionTable.read(f);
        assertEquals(events, back.annotations());
        assertEquals(Optional.of(RavenSelectionTable.DEFAULT_BAND), back.selections().get(0).band());
    }

    @Test
    void refusesCellsThatWouldBreakTheTable() {
        Path f = dir.resolve("x.selections.txt");
        assertThrows(IllegalArgumentException.class,
                () -> RavenSelectionTable.write(f, List.of(new Annotation(1, 2, "a\tb"))));
        assertThrows(IllegalArgumentException.class, () -> RavenSelectionTable.writeSelections(f,
                List.of(Selection.of(Annotation.of(1, 2)).withExtra("Begin Time (s)", "1")),
                RavenSelectionTable.DEFAULT_BAND));
        assertThrows(IllegalArgumentException.class, () -> RavenSelectionTable.writeSelections(f,
                List.of(Selection.of(Annotation.of(1, 2)).withExtra("Score", "1\n2")),
                RavenSelectionTable.DEFAULT_BAND));
        assertEquals(false, Files.exists(f));
    }
}
