package io.bullwatch.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.EnergyDetector;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.TestRecordings;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases a batch must survive besides bad WAV files: symbolic links, summaries across runs, a
 * full disk, and running out of memory on one recording.
 */
class BatchDetectionHardeningTest {

    @TempDir
    Path tmp;

    private static BatchDetection.Builder batch(RecordingDetector d, Path out, Path... inputs) {
        return BatchDetection.builder().setDetector(d).setOutputDir(out).addInputs(List.of(inputs))
                .optVersion("test");
    }

    private static Map<String, SummaryRow> summary(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(BatchDetection.SUMMARY));
        assertEquals(BatchDetection.SUMMARY_HEADER, lines.get(0));
        Map<String, SummaryRow> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            SummaryRow r = SummaryRow.parse(line);
            rows.put(r.recording(), r);
        }
        return rows;
    }

    @Test
    void symbolicLinksAreFollowedEachFileDetectedOnceAndBrokenLinksFail() throws IOException {
        Path dump = tmp.resolve("dump");
        Path r1 = TestRecordings.write(dump.resolve("r1.wav"), 8000, 40, 1, 20.0);
        Path r2 = TestRecordings.write(dump.resolve("r2.wav"), 8000, 40, 2, 10.0);
        TestRecordings.write(dump.resolve("sub/r3.wav"), 8000, 40, 3, 30.0);
        Path season = Files.createDirectories(tmp.resolve("season"));
        Files.createSymbolicLink(season.resolve("a.wav"), r1);
        Files.createSymbolicLink(season.resolve("b.wav"), r1);
        Files.createSymbolicLink(season.resolve("c.wav"), Path.of("../dump/r2.wav"));
        Files.createSymbolicLink(season.resolve("linked"), dump.resolve("sub"));
        Files.createSymbolicLink(season.resolve("loop"), season);
        Files.createSymbolicLink(season.resolve("gone.wav"), dump.resolve("missing.wav"));
        Files.createSymbolicLink(season.resolve("notes"), dump.resolve("nothing.txt"));
        Path out = tmp.resolve("out");

        BatchDetection b = batch(EnergyDetector.of(15), out, season, r2).build();
        BatchResult r = b.run();

        Map<String, SummaryRow> rows = summary(out);
        assertEquals(List.of("a.wav", "c.wav", "gone.wav", "linked/r3.wav", "loop"), List.copyOf(rows.keySet()));
        assertEquals(3, r.done());
        assertEquals(2, r.failed());
        assertEquals(SummaryRow.Status.DONE, rows.get("linked/r3.wav").status());
        assertTrue(Files.exists(out.resolve("linked/r3.bull.selections.txt")));
        assertTrue(rows.get("gone.wav").error().contains("gone.wav: a symbolic link to "
                + dump.resolve("missing.wav") + ", which does not exist"), rows.get("gone.wav").error());
        assertTrue(rows.get("loop").error().contains("(a loop); not followed"), rows.get("loop").error());
        // b.wav is a.wav's file, and r2 (given directly) is c.wav's: each detected once, reported
        assertEquals(2, r.duplicates().size());
        assertEquals("b.wav", r.duplicates().get(0).input().recording());
        assertEquals("a.wav", r.duplicates().get(0).sameAs().recording());
        assertEquals(r2, r.duplicates().get(1).input().file());
        assertEquals("c.wav", r.duplicates().get(1).sameAs().recording());
        assertTrue(r.duplicates().get(0).describe().endsWith("is the same file as " + season.resolve("a.wav")
                + "; detected once, as a.wav"), r.duplicates().get(0).describe());
        assertEquals(r.duplicates(), b.duplicates());
        assertFalse(Files.exists(out.resolve("b.bull.selections.txt")));

        // a link given directly that leads nowhere fails with the reason too
        BatchResult direct = batch(EnergyDetector.of(15), tmp.resolve("out2"), season.resolve("gone.wav"))
                .build().run();
        assertTrue(direct.rows().get(0).error().endsWith("which does not exist"), direct.rows().get(0).error());
    }

    @Test
    void theSummaryKeepsEveryRecordingAcrossRunsAndTheLatestRowWins() throws IOException {
        Path in = tmp.resolve("in");
        Path one = TestRecordings.write(in.resolve("one.wav"), 8000, 40, 1, 20.0);
        Path two = in.resolve("two.wav");
        Files.writeString(two, "not audio yet");
        Path three = TestRecordings.write(in.resolve("three.wav"), 8000, 40, 3, 12.0);
        Path out = tmp.resolve("out");

        batch(EnergyDetector.of(15), out, one, two).build().run();
        assertEquals(List.of("one.wav", "two.wav"), List.copyOf(summary(out).keySet()));
        assertEquals(SummaryRow.Status.FAILED, summary(out).get("two.wav").status());

        // one more file into the same folder: the earlier rows stay
        BatchResult r = batch(EnergyDetector.of(15), out, three).build().run();
        assertEquals(1, r.rows().size());
        assertEquals(List.of("one.wav", "two.wav", "three.wav"), List.copyOf(summary(out).keySet()));

        // two.wav repaired and detected again: its row is replaced where it was
        TestRecordings.write(two, 8000, 40, 2, 5.0);
        batch(EnergyDetector.of(15), out, two).build().run();
        Map<String, SummaryRow> rows = summary(out);
        assertEquals(List.of("one.wav", "two.wav", "three.wav"), List.copyOf(rows.keySet()));
        assertEquals(SummaryRow.Status.DONE, rows.get("two.wav").status());
        assertTrue(rows.values().stream().allMatch(x -> x.status() == SummaryRow.Status.DONE));
    }

    @Test
    void aFileNameWithALineBreakFailsAlone() throws IOException {
        Path in = tmp.resolve("names");
        TestRecordings.write(in.resolve("good.wav"), 8000, 40, 1, 20.0);
        TestRecordings.write(in.resolve("night\n1.wav"), 8000, 40, 2, 20.0);
        Path out = tmp.resolve("out-names");
        BatchResult r = batch(EnergyDetector.of(15), out, in).build().run();
        assertEquals(1, r.done());
        assertEquals(1, r.failed());
        Map<String, SummaryRow> rows = summary(out);
        assertEquals(List.of("good.wav", "night\\n1.wav"), List.copyOf(rows.keySet()));
        assertTrue(rows.get("night\\n1.wav").error().contains("the file name holds a line break"),
                rows.get("night\\n1.wav").error());
    }

    @Test
    void anUnreadableSummaryIsKeptAsideNotLost() throws IOException {
        Path one = TestRecordings.write(tmp.resolve("in/one.wav"), 8000, 40, 1, 20.0);
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve(BatchDetection.SUMMARY), "my own notes\nabout last night\n");
        batch(EnergyDetector.of(15), out, one).build().run();
        assertEquals(List.of("one.wav"), List.copyOf(summary(out).keySet()));
        assertEquals("my own notes\nabout last night\n", Files.readString(out.resolve("summary.csv.unreadable")));
        // a second one goes beside the first, never over it
        Files.writeString(out.resolve(BatchDetection.SUMMARY), "more notes\n");
        batch(EnergyDetector.of(15), out, one).build().run();
        assertEquals("my own notes\nabout last night\n", Files.readString(out.resolve("summary.csv.unreadable")));
        assertEquals("more notes\n", Files.readString(out.resolve("summary.csv.unreadable.2")));
    }

    /**
     * The energy detector, except that on the recording of that file name it does what a recording
     * too large for the heap does: it allocates 16 GiB arrays until none fits.
     */
    private static RecordingDetector exhaustingTheHeapOn(String fileName) {
        RecordingDetector energy = EnergyDetector.of(15);
        return new RecordingDetector() {
            @Override
            public RecordingDetection detect(Path file, Progress progress) throws IOException {
                if (file.getFileName().toString().equals(fileName)) {
                    long[][] hog = new long[64][];
                    for (int i = 0; i < hog.length; i++) {
                        hog[i] = new long[Integer.MAX_VALUE - 16];
                    }
                    throw new AssertionError("a heap of over 1 TiB: " + hog.length);
                }
                return energy.detect(file, progress);
            }

            @Override
            public Map<String, Object> parameters() {
                return energy.parameters();
            }
        };
    }

    /** An output folder on a file system of {@code bytes} (512-byte blocks) that really fills up. */
    private static FileSystem smallDisk(long bytes) {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(512).setMaxSize(bytes).build());
    }

    @Test
    void aFullDiskFailsTheRecordingNamingTheOutputAndTheBatchGoesOn() throws IOException {
        // a 40-minute recording's window scores (480 rows) do not fit; a 40-second one's do
        Path big = TestRecordings.write(tmp.resolve("in/a_big.wav"), 8000, 2400, 1, 100.0);
        Path small = TestRecordings.write(tmp.resolve("in/b_small.wav"), 8000, 40, 2, 20.0);
        try (FileSystem disk = smallDisk(16 * 512)) {
            Path out = disk.getPath("/out");
            BatchResult r = batch(EnergyDetector.of(15), out, big, small).build().run();
            Map<String, SummaryRow> rows = summary(out);
            assertEquals(SummaryRow.Status.FAILED, rows.get("a_big.wav").status());
            assertTrue(rows.get("a_big.wav").error().startsWith("cannot write the outputs: /out/a_big.bull."),
                    rows.get("a_big.wav").error());
            assertTrue(rows.get("a_big.wav").error().contains("out of disk space"), rows.get("a_big.wav").error());
            assertEquals(SummaryRow.Status.DONE, rows.get("b_small.wav").status());
            assertEquals(1, r.done());
            // the failed recording left no partial outputs behind
            try (Stream<Path> s = Files.list(out)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("a_big")));
            }
        }
    }

    @Test
    void noRoomAtAllStopsWithTheFileNamed() throws IOException {
        Path small = TestRecordings.write(tmp.resolve("in/small.wav"), 8000, 40, 2, 20.0);
        try (FileSystem disk = smallDisk(512)) {
            Path out = disk.getPath("/out");
            IOException e = assertThrows(IOException.class,
                    () -> batch(EnergyDetector.of(15), out, small).build().run());
            assertTrue(e.getMessage().startsWith("/out/"), e.getMessage());
            assertTrue(e.getMessage().contains("out of disk space"), e.getMessage());
        }
    }

    @Test
    void runningOutOfMemoryFailsOneRecordingAndTheBatchGoesOn() throws IOException {
        Path in = tmp.resolve("in");
        TestRecordings.write(in.resolve("a.wav"), 8000, 40, 1, 20.0);
        TestRecordings.write(in.resolve("b_huge.wav"), 8000, 40, 2, 20.0);
        TestRecordings.write(in.resolve("c.wav"), 8000, 40, 3, 20.0);
        Path out = tmp.resolve("out");
        BatchResult r = batch(exhaustingTheHeapOn("b_huge.wav"), out, in).build().run();
        Map<String, SummaryRow> rows = summary(out);
        assertEquals(2, r.done());
        assertEquals(1, r.failed());
        assertTrue(rows.get("b_huge.wav").error().contains("b_huge.wav: out of memory while detecting (Java heap"
                + " limit "), rows.get("b_huge.wav").error());
        assertEquals(SummaryRow.Status.DONE, rows.get("c.wav").status());
    }

    /** Every file under a folder (links not followed) with its bytes and modification time. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    files.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    files.put(key, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))) + " " + Files.getLastModifiedTime(p));
                } else {
                    files.put(key, "folder");
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /**
     * Chaos: one batch that meets every fault at once (corrupt, empty and truncated files, two links
     * to one file, a dangling link, a loop, a linked folder, a recording that exhausts the heap, one
     * whose outputs do not fit on the disk, and a summary from an earlier run). Every input ends
     * done or failed with a reason, the earlier row stays, and nothing else changes.
     */
    @Test
    void chaos() throws IOException {
        Path in = tmp.resolve("in");
        Path good = TestRecordings.write(in.resolve("good1.wav"), 8000, 40, 1, 20.0);
        byte[] garbage = new byte[3000];
        new java.util.Random(9).nextBytes(garbage);
        Files.write(in.resolve("corrupt.wav"), garbage);
        Files.write(in.resolve("empty.wav"), new byte[0]);
        Files.write(in.resolve("truncated.wav"), java.util.Arrays.copyOf(Files.readAllBytes(good), 30));
        TestRecordings.write(in.resolve("huge.wav"), 8000, 40, 4, 20.0);
        TestRecordings.write(in.resolve("long.wav"), 8000, 2400, 5, 100.0);
        Files.createSymbolicLink(in.resolve("link-dup.wav"), good);
        Files.createSymbolicLink(in.resolve("dangling.wav"), tmp.resolve("nowhere.wav"));
        Files.createSymbolicLink(in.resolve("loop"), in);
        Path other = tmp.resolve("other");
        TestRecordings.write(other.resolve("good2.wav"), 8000, 40, 6, 12.0);
        Files.createSymbolicLink(in.resolve("linkdir"), other);
        Path old = TestRecordings.write(tmp.resolve("earlier/old.wav"), 8000, 40, 7, 30.0);
        Map<String, String> before = snapshot(tmp);

        RecordingDetector energy = EnergyDetector.of(15);
        RecordingDetector chaotic = exhaustingTheHeapOn("huge.wav");
        try (FileSystem disk = smallDisk(28 * 512)) {
            Path out = disk.getPath("/out");
            batch(energy, out, old).build().run();
            BatchResult r = batch(chaotic, out, in).build().run();

            Map<String, SummaryRow> rows = summary(out);
            assertEquals(List.of("old.wav", "corrupt.wav", "dangling.wav", "empty.wav", "good1.wav", "huge.wav",
                    "linkdir/good2.wav", "long.wav", "loop", "truncated.wav"), List.copyOf(rows.keySet()));
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("corrupt.wav", "corrupt.wav");
            expected.put("dangling.wav", "which does not exist");
            expected.put("empty.wav", "empty.wav");
            expected.put("huge.wav", "out of memory while detecting");
            expected.put("long.wav", "cannot write the outputs: /out/long.bull.");
            expected.put("loop", "(a loop); not followed");
            expected.put("truncated.wav", "truncated.wav");
            for (SummaryRow row : rows.values()) {
                String why = expected.get(row.recording());
                if (why == null) {
                    assertEquals(SummaryRow.Status.DONE, row.status(), row.recording());
                    assertEquals("", row.error());
                    String stem = row.recording().replace(".wav", "");
                    for (String suffix : List.of(DetectionFiles.SELECTIONS_SUFFIX, DetectionFiles.LABELS_SUFFIX,
                            DetectionFiles.WINDOWS_SUFFIX)) {
                        assertTrue(Files.exists(out.resolve(stem + suffix)), stem + suffix);
                    }
                } else {
                    assertEquals(SummaryRow.Status.FAILED, row.status(), row.recording());
                    assertTrue(row.error().contains(why), row.recording() + ": " + row.error());
                    String stem = row.recording().replace(".wav", "");
                    assertFalse(Files.exists(out.resolve(stem + DetectionFiles.SELECTIONS_SUFFIX)), stem);
                }
            }
            assertEquals(List.of("link-dup.wav"), r.duplicates().stream().map(d -> d.input().recording()).toList());
            assertEquals(2, r.done());
            assertEquals(7, r.failed());
        }
        assertEquals(before, snapshot(tmp), "the inputs are unchanged");
    }
}
