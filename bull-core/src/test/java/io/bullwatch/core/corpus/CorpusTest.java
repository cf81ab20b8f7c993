package io.bullwatch.core.corpus;

import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.Annotation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

    @TempDir
    Path dir;

    private final Map<String, Double> durations = Map.of(
            "x1.wav", 60.0, "y1.wav", 32.0, "z1.wav", 10.0, "w1.wav", 3600.0, "x2.wav", 30.0);
    private final RecordingProbe probe = p -> {
        long frames = Math.round(durations.get(p.getFileName().toString()) * 44_100);
        return new AudioInfo(p, "RIFF", 44_100, 1, 16, SampleEncoding.PCM_SIGNED_16, frames, List.of());
    };

    @BeforeEach
    void folder() throws IOException {
        for (String name : durations.keySet()) {
            write(name, "");
        }
        write("x1.txt", "12\t14\tbull\n50\t65\tbull\n");
        write("y1.selections.txt", "Selection\tView\tBegin Time (s)\tEnd Time (s)\n"
                + "1\tWaveform 1\t20\t20\n1\tSpectrogram 1\t20\t20\n2\tSpectrogram 1\t30\t31\n");
        write("w1.csv", "start,end\n1,2\n");
        write("x2.txt", "");
    }

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private Path manifest(String content) throws IOException {
        return write("manifest.csv", content);
    }

    private Corpus fourSites() throws IOException {
        return Corpus.load(manifest("recording,site,split,bulls\n"
                + "x1.wav,X,train,\n"
                + "y1.wav,Y,train,2\n"
                + "z1.wav,Z,validation,0\n"
                + "w1.wav,W,test,3\n"), probe);
    }

    @Test
    void loadsDurationsAndCleanedAnnotations() throws IOException {
        Corpus c = fourSites();
        assertEquals(4, c.recordings().size());
        CorpusRecording x1 = c.recordings().get(0);
        assertEquals("x1.wav", x1.name());
        assertEquals("X", x1.site());
        assertEquals(dir.toAbsolutePath().resolve("x1.wav"), x1.recording());
        assertEquals(60.0, x1.durationSeconds());
        assertEquals(Optional.of(dir.resolve("x1.txt").toAbsolutePath()),
                x1.annotationFile().map(Path::toAbsolutePath));
        assertEquals(List.of(new Annotation(12, 14, "bull"), new Annotation(50, 60, "bull")),
                x1.events());
        assertEquals(List.of(Annotation.of(20, 20), Annotation.of(30, 31)),
                c.recordings().get(1).events());
        assertEquals(Optional.empty(), c.recordings().get(2).annotationFile());
        assertEquals(List.of(), c.recordings().get(2).events());
        assertEquals(List.of(Annotation.of(1, 2)), c.recordings().get(3).events());
        assertEquals(Set.of("X", "Y", "Z", "W"), c.sites());
        assertEquals(List.of(
                "x1.txt: event 'bull' 50.000 to 65.000 s ends after the end of the recording"
                        + " (60.000 s); clipped to 60.000 s",
                "manifest.csv: line 5: bulls is 3 but w1.csv has 1 events after clipping and"
                        + " merging; using the annotation file"), c.warnings());
    }

    @Test
    void aCorpusFolderLoadsAsItsManifestAndAFolderWithoutOneIsNamed() throws IOException {
        Corpus byFile = fourSites();
        Corpus byFolder = Corpus.load(dir, probe);
        assertEquals(byFile.recordings(), byFolder.recordings());
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("not-a-corpus"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> Corpus.load(empty, probe));
        assertEquals(empty, e.file());
        assertTrue(e.reason().startsWith("a folder without manifest.csv; expected a corpus folder"), e.reason());
    }

    @Test
    void recordingWithoutAnnotationsNeedsBullsZero() throws IOException {
        Path m = manifest("recording,site\nx1.wav,X\nz1.wav,Z\n");
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> Corpus.load(m, probe));
        assertEquals(m, e.file());
        assertEquals("line 3", e.position());
        assertEquals("no annotation file for recording 'z1.wav' (looked for z1.txt, "
                + "z1.selections.txt, z1.Table.1.selections.txt, z1.csv); add one, or set its "
                + "bulls column to 0 if it has no bulls", e.reason());

        Path m2 = manifest("recording,site,bulls\nz1.wav,Z,1\n");
        assertThrows(InputFormatException.class, () -> Corpus.load(m2, probe));
        // An empty annotation file is a valid "no bulls" statement.
        Corpus c = Corpus.load(manifest("recording,site\nx2.wav,X\n"), probe);
        assertEquals(List.of(), c.recordings().get(0).events());
    }

    @Test
    void malformedAnnotationFileIsNamedWithItsLine() throws IOException {
        write("x1.txt", "12\t14\tbull\n15\t13\tbull\n");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> Corpus.load(manifest("recording,site\nx1.wav,X\n"), probe));
        assertEquals(dir.resolve("x1.txt"), e.file());
        assertEquals("line 2", e.position());
    }

    @Test
    void refusesRecordingsWithoutAudio() throws IOException {
        Path m = manifest("recording,site\nx1.wav,X\n");
        InputFormatException e = assertThrows(InputFormatException.class,
                () -> Corpus.load(m, p -> new AudioInfo(p, "RIFF", 44_100, 1, 16,
                        SampleEncoding.PCM_SIGNED_16, 0, List.of())));
        assertEquals("line 2", e.position());
        assertEquals("recording 'x1.wav' holds no audio frames; expected a recording of a night",
                e.reason());
        IOException failure = new IOException("not a WAV file");
        assertEquals(failure, assertThrows(IOException.class, () -> Corpus.load(m, p -> {
            throw failure;
        })));
    }

    @Test
    void explicitSplitsFollowTheManifest() throws IOException {
        CorpusSplits s = fourSites().explicitSplits();
        assertEquals(List.of("x1.wav", "y1.wav"),
                s.recordings(Split.TRAIN).stream().map(CorpusRecording::name).toList());
        assertEquals(Set.of("Z"), s.sites(Split.VALIDATION));
        assertEquals(Set.of("W"), s.sites(Split.TEST));
    }

    @Test
    void explicitSplitsRefuseASiteInTwoSplits() throws IOException {
        Corpus c = Corpus.load(manifest("recording,site,split\n"
                + "x1.wav,X,train\n"
                + "y1.wav,Y,test\n"
                + "x2.wav,X,test\n"), probe);
        InputFormatException e = assertThrows(InputFormatException.class, c::explicitSplits);
        assertEquals("line 4", e.position());
        assertEquals("site 'X' is in test here ('x2.wav') but in train at line 2 ('x1.wav');"
                + " expected each site in one split", e.reason());
    }

    @Test
    void explicitSplitsNeedASplitForEveryRecording() throws IOException {
        Corpus noColumn = Corpus.load(manifest("recording,site\nx1.wav,X\n"), probe);
        InputFormatException e = assertThrows(InputFormatException.class,
                noColumn::explicitSplits);
        assertEquals("", e.position());
        assertEquals("no 'split' column; add one (train, validation or test per recording) or"
                + " split by leaving sites out", e.reason());

        Corpus blank = Corpus.load(manifest("recording,site,split\nx1.wav,X,train\n"
                + "x2.wav,X,\n"), probe);
        e = assertThrows(InputFormatException.class, blank::explicitSplits);
        assertEquals("line 3", e.position());
        assertEquals("recording 'x2.wav' has no split; expected train, validation or test",
                e.reason());
    }

    @Test
    void leavesSitesOut() throws IOException {
        Corpus c = fourSites();
        CorpusSplits s = c.leaveSitesOut(Set.of("y"), Set.of("W"));
        assertEquals(List.of("x1.wav", "z1.wav"),
                s.recordings(Split.TRAIN).stream().map(CorpusRecording::name).toList());
        assertEquals(Set.of("Y"), s.sites(Split.VALIDATION));
        assertEquals(Set.of("W"), s.sites(Split.TEST));

        CorpusSplits testOnly = c.leaveSitesOut(Set.of(), Set.of("X"));
        assertEquals(List.of(), testOnly.recordings(Split.VALIDATION));
        assertEquals(Set.of("Y", "Z", "W"), testOnly.sites(Split.TRAIN));
    }

    @Test
    void leaveSitesOutRefusesBadSiteSets() throws IOException {
        Corpus c = fourSites();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> c.leaveSitesOut(Set.of("Loire"), Set.of()));
        assertEquals("unknown site 'Loire'; the corpus has: X, Y, Z, W", unknown.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> c.leaveSitesOut(Set.of("X"), Set.of("x")));
        assertEquals("site 'X' cannot be both a validation and a test site", both.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> c.leaveSitesOut(Set.of("X", "Y"), Set.of("Z", "W")));
        assertEquals("no site left for training: all of X, Y, Z, W are held out",
                none.getMessage());
    }

    @Test
    void splitsRefuseARecordingOrSiteInTwoSplits() throws IOException {
        List<CorpusRecording> r = fourSites().recordings();
        Map<Split, List<CorpusRecording>> twice = new EnumMap<>(Split.class);
        twice.put(Split.TRAIN, List.of(r.get(0)));
        twice.put(Split.TEST, List.of(r.get(0)));
        assertEquals("recording 'x1.wav' is in both train and test", assertThrows(
                IllegalArgumentException.class, () -> new CorpusSplits(twice)).getMessage());

        Corpus sameSite = Corpus.load(manifest("recording,site\nx1.wav,X\nx2.wav,X\n"), probe);
        Map<Split, List<CorpusRecording>> site = new EnumMap<>(Split.class);
        site.put(Split.TRAIN, List.of(sameSite.recordings().get(0)));
        site.put(Split.VALIDATION, List.of(sameSite.recordings().get(1)));
        assertEquals("site 'X' is in both train ('x1.wav') and validation ('x2.wav')",
                assertThrows(IllegalArgumentException.class, () -> new CorpusSplits(site))
                        .getMessage());
    }

    @Test
    void statisticsPerSplit() throws IOException {
        List<SplitStatistics> stats = fourSites().explicitSplits().statistics(WindowSpec.SEED, LabelRule.anyOverlap());
        // train: x1 60 s -> windows at 0..45 (10); [12,14] hits 0, 5, 10; [50,60] hits 40, 45.
        //        y1 32 s -> windows at 0, 5, 10, 15 (4); the instant 20 lies in 10 and 15 and on the
        //        closed end of window 5 ([5,20]: point labels count edges, see LabelRule) -> 3;
        //        [30,31] only touches the end of window 15 -> none. 3 + 2 + 3 = 8 of 14.
        assertEquals(new SplitStatistics(Split.TRAIN, 2, 2, 92.0 / 3600, 4, 14, 8), stats.get(0));
        assertEquals(8.0 / 14, stats.get(0).positiveShare());
        // validation: z1 is shorter than a window.
        assertEquals(new SplitStatistics(Split.VALIDATION, 1, 1, 10.0 / 3600, 0, 0, 0),
                stats.get(1));
        assertEquals(0.0, stats.get(1).positiveShare());
        // test: w1 3600 s -> (3600 - 15) / 5 + 1 = 718 windows; [1,2] lies only in window 0.
        assertEquals(new SplitStatistics(Split.TEST, 1, 1, 1.0, 1, 718, 1), stats.get(2));
        assertEquals(1.0 / 718, stats.get(2).positiveShare());
    }

    @Test
    void loadsRealWavFilesWithTheDefaultProbe() throws IOException {
        Path real = dir.resolve("real");
        Files.createDirectories(real);
        WavWriter.write(real.resolve("a.wav"), new float[8000 * 40], 8000, SampleEncoding.PCM_SIGNED_16);
        WavWriter.write(real.resolve("b.wav"), new float[8000 * 20], 8000, SampleEncoding.PCM_SIGNED_16);
        Files.writeString(real.resolve("a.txt"), "3\t5\tbull\n");
        Files.writeString(real.resolve("manifest.csv"), "recording,site,split,bulls\na.wav,A,train,\nb.wav,B,test,0\n");
        Corpus c = Corpus.load(real.resolve("manifest.csv"));
        assertEquals(40.0, c.recordings().get(0).durationSeconds());
        assertEquals(8000, c.recordings().get(0).audio().sampleRate());
        List<SplitStatistics> stats = c.explicitSplits().statistics(WindowSpec.SEED, LabelRule.anyOverlap());
        // a: 40 s -> windows at 0, 5, ..., 25 (6); [3,5] overlaps [0,15] only
        assertEquals(new SplitStatistics(Split.TRAIN, 1, 1, 40.0 / 3600, 1, 6, 1), stats.get(0));
        // b: 20 s -> windows at 0 and 5; no annotation file, allowed by bulls=0
        assertEquals(new SplitStatistics(Split.TEST, 1, 1, 20.0 / 3600, 0, 2, 0), stats.get(2));
    }

    @Test
    void oneCombinedTableAnnotatesTheWholeCorpus() throws IOException {
        Path table = write("season.selections.txt",
                "Selection\tView\tChannel\tBegin Path\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)\n"
                + "1\tSpectrogram 1\t1\t/dump/x1.wav\t12\t12\t14\n"
                + "2\tSpectrogram 1\t1\t/dump/x1.wav\t50\t50\t52\n"
                + "3\tSpectrogram 1\t1\tC:\\dump\\Y1.WAV\t20\t80\t81\n"
                + "4\tSpectrogram 1\t1\tother.wav\t1\t200\t201\n"
                + "5\tSpectrogram 1\t1\tother.wav\t3\t202\t203\n");
        CorpusManifest m = CorpusManifest.read(manifest("recording,site\nx1.wav,X\ny1.wav,Y\nz1.wav,Z\n"));
        Corpus c = Corpus.load(m, probe, table);
        assertEquals(List.of(Annotation.of(12, 14), Annotation.of(50, 52)), c.recordings().get(0).events());
        assertEquals(List.of(Annotation.of(20, 21)), c.recordings().get(1).events(), "names match ignoring case");
        assertEquals(List.of(), c.recordings().get(2).events(), "a recording the table does not name has no bulls");
        assertEquals(Optional.of(table), c.recordings().get(0).annotationFile());
        assertEquals(List.of("season.selections.txt: 2 selection(s) name the recording 'other.wav', which is not in"
                + " manifest.csv; not used"), c.warnings().stream().filter(w -> w.contains("other.wav")).toList());
    }

    @Test
    void aCombinedTableCannotTellApartTwoRecordingsOfOneName() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        write("a/x1.wav", "");
        write("b/x1.wav", "");
        Path table = write("t.selections.txt", "Begin File\tFile Offset (s)\tBegin Time (s)\tEnd Time (s)\n"
                + "x1.wav\t1\t1\t2\n");
        CorpusManifest m = CorpusManifest.read(manifest("recording,site\na/x1.wav,A\nb/x1.wav,B\n"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> Corpus.load(m, probe, table));
        assertEquals("line 3", e.position());
        assertEquals("recordings 'a/x1.wav' and 'b/x1.wav' have the same file name, so the rows of"
                + " t.selections.txt that name it cannot be told apart; rename one, or annotate each recording in"
                + " a file beside it", e.reason());
    }
}
