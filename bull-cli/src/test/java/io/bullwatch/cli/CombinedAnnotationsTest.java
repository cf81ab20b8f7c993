package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AudacityLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bull evaluate --annotations TABLE}: one BirdNET-style combined table for a whole corpus
 * gives the same evaluation as an annotation file beside each recording, and rows that name a
 * recording outside the corpus are reported.
 */
class CombinedAnnotationsTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void oneTableForTheWholeCorpusEvaluatesAsFilesBesideEachRecording() throws IOException {
        Path corpus = dir.resolve("nights");
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", corpus.toString()), err::toString);
        Path beside = dir.resolve("beside");
        assertEquals(0, run("evaluate", "--model", "energy:15", "--data", corpus.toString(), "--split", "all",
                "--out", beside.toString()), err::toString);

        // the labels beside each recording, moved into one table with Begin Path and File Offset
        List<String> rows = new ArrayList<>(List.of("Selection\tView\tChannel\tBegin Path\tBegin Time (s)"
                + "\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)\tCommon Name\tConfidence\tFile Offset (s)"));
        int n = 0;
        double before = 0;
        List<Path> labels;
        try (Stream<Path> s = Files.walk(corpus)) {
            labels = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        for (Path txt : labels) {
            String wav = "/recorder/dump/" + txt.getFileName().toString().replace(".txt", ".wav");
            for (Annotation a : AudacityLabels.read(txt).annotations()) {
                n++;
                rows.add(String.format(Locale.ROOT, "%d\tSpectrogram 1\t1\t%s\t%.6f\t%.6f\t0\t8000\tshad\t0.9\t%.6f",
                        n, wav, before + a.start(), before + a.end(), a.start()));
            }
            before += 180;
            Files.delete(txt);
        }
        rows.add((n + 1) + "\tSpectrogram 1\t1\t/recorder/dump/elsewhere.wav\t999\t1000\t0\t8000\tshad\t0.5\t3");
        Path table = Files.write(dir.resolve("BirdNET_CombinedTable.txt"), rows);
        assertTrue(n > 10, "the synthetic corpus has bulls: " + n);

        err.getBuffer().setLength(0);
        Path combined = dir.resolve("combined");
        assertEquals(0, run("evaluate", "--model", "energy:15", "--data", corpus.toString(), "--split", "all",
                "--annotations", table.toString(), "--out", combined.toString()), err::toString);
        assertTrue(err.toString().contains("bull evaluate: BirdNET_CombinedTable.txt: 1 selection(s) name the"
                + " recording 'elsewhere.wav', which is not in manifest.csv; not used"), err.toString());
        List<String> expected = metrics(beside);
        assertTrue(expected.stream().anyMatch(l -> l.contains("\"averageRecall\"")), expected::toString);
        assertEquals(expected, metrics(combined));

        // without the table, the corpus has no annotations left: refused, naming a recording
        assertEquals(1, run("evaluate", "--model", "energy:15", "--data", corpus.toString(), "--split", "all"));
    }

    /** evaluation.json without the lines that name annotation files. */
    private static List<String> metrics(Path report) throws IOException {
        return Files.readAllLines(report.resolve("evaluation.json")).stream()
                .filter(l -> !l.contains(".txt") && !l.contains("\"out") && !l.contains("\"annotation"))
                .toList();
    }

    @Test
    void whatLoadingTheCorpusAdjustedIsPrinted() throws IOException {
        Path corpus = dir.resolve("nights");
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--seed", "3", "--threads", "1", "--out", corpus.toString()), err::toString);
        Path labels;
        try (Stream<Path> s = Files.walk(corpus)) {
            labels = s.filter(p -> p.toString().endsWith(".txt")).sorted().findFirst().orElseThrow();
        }
        // a bull annotated past the end of its 180 s recording
        Files.writeString(labels, "170\t190\tbull\n", java.nio.file.StandardOpenOption.APPEND);
        err.getBuffer().setLength(0);
        assertEquals(0, run("evaluate", "--model", "energy:15", "--data", corpus.toString(), "--split", "all",
                "--out", dir.resolve("report").toString()), err::toString);
        assertTrue(err.toString().contains("bull evaluate: " + corpus.relativize(labels).toString().replace('\\', '/')
                + ": event 'bull' 170.000 to 190.000 s ends after the end of the recording (180.000 s);"
                + " clipped to 180.000 s"), err.toString());
    }
}
