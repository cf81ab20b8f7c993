package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * Raven tables as other tools really write them: rows shorter than the header, trailing tabs,
 * extra columns, header-only tables, and tables that cover many recordings (Raven's multi-file
 * tables with {@code Begin File}, BirdNET-Analyzer's combined tables with {@code Begin Path}).
 */
class RavenTableShapesTest {

    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static Map<String, String> extras(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void rowsShorterThanTheHeaderHaveEmptyTrailingCells() throws IOException {
        // ten columns in the header, eight cells in the rows: the last two annotation columns are
        // empty and their tabs omitted (a table kept in OpenSoundscape's test suite has this shape)
        Path f = file("short.selections.txt",
                "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)"
                        + "\tSpecies\tNotes\tAnnotation",
                "1\tSpectrogram 1\t1\t2.5\t4.0\t100\t9000\tshad",
                "2\tSpectrogram 1\t1\t10\t12.5\t0\t11025\tshad",
                "3\tSpectrogram 1\t1\t20\t21\t0\t11025\tshad\tloud\tbull");
        AnnotationTable t = RavenSelectionTable.read(f);
        assertEquals(List.of(
                new Selection(new Annotation(2.5, 4, ""), Optional.of(new FrequencyBand(100, 9000)),
                        extras("Species", "shad", "Notes", "")),
                new Selection(new Annotation(10, 12.5, ""), Optional.of(new FrequencyBand(0, 11025)),
                        extras("Species", "shad", "Notes", "")),
                new Selection(new Annotation(20, 21, "bull"), Optional.of(new FrequencyBand(0, 11025)),
                        extras("Species", "shad", "Notes", "loud"))), t.selections());
    }

    @Test
    void aRowShortOfARequiredCellIsStillAnErrorWithItsLine() throws IOException {
        Path f = file("cut.selections.txt", "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tNotes",
                "1\tSpectrogram 1\t1\t2.5\t4.0\tok", "2\tSpectrogram 1\t1\t7");
        InputFormatException e = assertThrows(InputFormatException.class, () -> RavenSelectionTable.read(f));
        assertEquals("line 3", e.position());
        assertEquals("End Time (s): expected a number, found an empty field", e.reason());
    }

    @Test
    void aRowLongerThanTheHeaderIsStillAnError() throws IOException {
        Path f = file("long.selections.txt", "Begin Time (s)\tEnd Time (s)", "1\t2", "3\t4\tbull\t", "5\t6");
        InputFormatException e = assertThrows(InputFormatException.class, () -> RavenSelectionTable.read(f));
        assertEquals("line 3", e.position());
        assertEquals("expected at most 2 tab-separated cells as in the header (line 1), found 3", e.reason());
    }

    @Test
    void trailingTabsOnTheHeaderAndRowsAreAccepted() throws IOException {
        Path f = file("tabs.selections.txt", "Selection\tBegin Time (s)\tEnd Time (s)\tAnnotation\t",
                "1\t1.0\t2.0\tbull\t", "2\t3.0\t4.0\t\t\t");
        assertEquals(List.of(new Annotation(1, 2, "bull"), new Annotation(3, 4, "")),
                RavenSelectionTable.read(f).annotations());
    }

    @Test
    void aHeaderOnlyTableIsEmptyAndValid() throws IOException {
        Path f = file("none.selections.txt", "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tNotes\t");
        assertEquals(0, RavenSelectionTable.read(f).size());
        assertEquals(Map.of(), RavenSelectionTable.readCombined(
                file("none2.selections.txt", "Begin File\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)"),
                RavenReadOptions.defaults()));
    }

    @Test
    void aBirdNetCombinedTableMapsRowsToRecordingsByBeginPath() throws IOException {
        // BirdNET-Analyzer's combined output: times run on across files, File Offset is in the file
        Path f = file("BirdNET_SelectionTable.txt",
                "Selection\tView\tChannel\tBegin Path\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)"
                        + "\tHigh Freq (Hz)\tCommon Name\tSpecies Code\tConfidence\tFile Offset (s)",
                "1\tSpectrogram 1\t1\t/data/site1/night1.wav\t12.0\t15.0\t150\t12000\tAllis shad\tallsha\t0.91\t12.0",
                "2\tSpectrogram 1\t1\t/data/site1/night1.wav\t300.0\t303.0\t150\t12000\tAllis shad\tallsha\t0.55\t300.0",
                "3\tSpectrogram 1\t1\tD:\\season\\night2.wav\t3606.0\t3609.0\t150\t12000\tAllis shad\tallsha\t0.8\t6.0");
        Map<String, AnnotationTable> by = RavenSelectionTable.readCombined(f,
                RavenReadOptions.defaults().withLabelColumn("Common Name"));
        assertEquals(List.of("night1.wav", "night2.wav"), List.copyOf(by.keySet()));
        assertEquals(List.of(new Annotation(12, 15, "Allis shad"), new Annotation(300, 303, "Allis shad")),
                by.get("night1.wav").annotations());
        assertEquals(List.of(new Annotation(6, 9, "Allis shad")), by.get("night2.wav").annotations());
        assertEquals(extras("Begin Path", "D:\\season\\night2.wav", "Species Code", "allsha", "Confidence", "0.8",
                "File Offset (s)", "6.0"), by.get("night2.wav").selections().get(0).extras());
        // one recording of it, as before
        assertEquals(List.of(new Annotation(6, 9, "")), RavenSelectionTable.read(f,
                RavenReadOptions.defaults().forRecording("night2.wav")).annotations());
    }

    @Test
    void aRavenMultiFileTableMapsRowsByBeginFile() throws IOException {
        Path f = file("season.selections.txt",
                "Selection\tView\tChannel\tBegin File\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)",
                "1\tWaveform 1\t1\tnight1.wav\t10\t10\t12",
                "1\tSpectrogram 1\t1\tnight1.wav\t10\t10\t12",
                "2\tSpectrogram 1\t1\tnight2.wav\t5\t3605\t3608");
        Map<String, AnnotationTable> by = RavenSelectionTable.readCombined(f, RavenReadOptions.defaults());
        assertEquals(List.of(Annotation.of(10, 12)), by.get("night1.wav").annotations());
        assertEquals(List.of(Annotation.of(5, 8)), by.get("night2.wav").annotations());
    }

    @Test
    void aCombinedTableNeedsItsFileColumnsAndCells() throws IOException {
        Path plain = file("plain.selections.txt", "Begin Time (s)\tEnd Time (s)", "1\t2");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> RavenSelectionTable.readCombined(plain, RavenReadOptions.defaults()));
        assertEquals("line 1", e.position());
        assertEquals("missing column 'Begin File' or 'Begin Path' (a table that covers many recordings names each"
                + " row's recording and its start in it); found columns: 'Begin Time (s)', 'End Time (s)'", e.reason());
        Path blank = file("blank.selections.txt", "Begin Path\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)",
                "n1.wav\t1\t1\t2", "\t1\t61\t62");
        e = assertThrows(InputFormatException.class,
                () -> RavenSelectionTable.readCombined(blank, RavenReadOptions.defaults()));
        assertEquals("line 3", e.position());
        assertEquals("Begin Path: expected a recording's file name, found an empty field", e.reason());
    }

    @Test
    void aColumnNamedLikeTheMissingColumnsMessageIsStillMissingThem() throws IOException {
        // found by the fuzzer: a header cell "Begin File' or 'Begin Path" once passed the check
        Path f = file("odd.selections.txt", "Begin File' or 'Begin Path\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)",
                "x\t1\t1\t2");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> RavenSelectionTable.readCombined(f, RavenReadOptions.defaults()));
        assertEquals("line 1", e.position());
        assertTrue(e.reason().startsWith("missing column 'Begin File' or 'Begin Path'"), e.reason());
    }
}
