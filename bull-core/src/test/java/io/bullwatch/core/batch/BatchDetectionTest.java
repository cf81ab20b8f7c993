package io.bullwatch.core.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.EnergyDetector;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.TestRecordings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchDetectionTest {

    @TempDir
    Path tmp;
    Path in;

    /** Six inputs: three bad, one truncated in its data (readable), two good. */
    @BeforeEach
    void recordings() throws IOException {
        in = tmp.resolve("in");
        Files.createDirectories(in);
        byte[] garbage = new byte[5000];
        new Random(3).nextBytes(garbage);
        Files.write(in.resolve("a_corrupt.wav"), garbage);
        Files.write(in.resolve("b_empty.wav"), new byte[0]);
        TestRecordings.write(in.resolve("c_good.wav"), 8000, 60, 11, 20.0);
        TestRecordings.write(in.resolve("d/e_good.WAV"), 16000, 90, 12, 33.0, 70.0);
        Path full = TestRecordings.write(tmp.resolve("full.wav"), 8000, 75, 13, 50.0);
        byte[] bytes = Files.readAllBytes(full);
        Files.write(in.resolve("f_truncated_data.wav"), Arrays.copyOf(bytes, bytes.length / 2 + 1));
        Files.write(in.resolve("g_truncated_header.wav"), Arrays.copyOf(bytes, 30));
    }

    private static BatchDetection.Builder batch(RecordingDetector d, Path out, Path... inputs) {
        return BatchDetection.builder().setDetector(d).setOutputDir(out).addInputs(List.of(inputs)).optVersion("test");
    }

    @Test
    void badFilesCostOnlyThemselves() throws Exception {
        Path out = tmp.resolve("out");
        List<String> started = new ArrayList<>();
        BatchResult r = batch(EnergyDetector.of(15), out, in).optListener(new BatchListener() {
            @Override
            public void started(BatchInput input, int index, int total) {
                started.add(input.recording() + " " + index + "/" + total);
            }
        }).build().run();
        assertEquals(List.of("a_corrupt.wav 0/6", "b_empty.wav 1/6", "c_good.wav 2/6", "d/e_good.WAV 3/6",
                "f_truncated_data.wav 4/6", "g_truncated_header.wav 5/6"), started);
        assertEquals(3, r.done());
        assertEquals(0, r.skipped());
        assertEquals(3, r.failed());
        assertFalse(r.allDone());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(BatchDetection.SUMMARY_HEADER, summary.get(0));
        assertEquals(7, summary.size());
        Map<String, SummaryRow> rows = new TreeMap<>();
        for (String line : summary.subList(1, 7)) {
            SummaryRow row = SummaryRow.parse(line);
            rows.put(row.recording(), row);
        }
        for (String bad : List.of("a_corrupt.wav", "b_empty.wav", "g_truncated_header.wav")) {
            SummaryRow row = rows.get(bad);
            assertEquals(SummaryRow.Status.FAILED, row.status(), bad);
            assertTrue(row.error().contains(bad), row.error());
            assertFalse(Files.exists(out.resolve(bad.replace(".wav", ".bull.selections.txt"))));
        }
        assertTrue(rows.get("g_truncated_header.wav").error().contains("byte"), rows.get("g_truncated_header.wav").error());
        assertEquals(1, rows.get("c_good.wav").events());
        assertEquals(60.0, rows.get("c_good.wav").seconds(), 1e-9);
        assertEquals(2, rows.get("d/e_good.WAV").events());
        assertEquals(SummaryRow.Status.DONE, rows.get("f_truncated_data.wav").status(), "recovered");
        assertTrue(Files.isRegularFile(out.resolve("d/e_good.bull.selections.txt")));
        assertTrue(Files.isRegularFile(out.resolve("d/e_good.bull.labels.txt")));
        assertTrue(Files.isRegularFile(out.resolve("d/e_good.bull.windows.csv")));
        assertTrue(Files.isRegularFile(out.resolve(".bull/d/e_good.json")));
        String run = Files.readString(out.resolve("run.json"));
        assertTrue(run.contains("\"detector\": {\n    \"detector\": \"energy\"") && run.contains("\"threshold\": 15.0")
                && run.contains("\"java\"") && run.contains("\"bullwatch\": \"test\""), run);
    }

    @Test
    void crashBetweenFilesThenRerunGivesTheSameOutputs() throws Exception {
        Path reference = tmp.resolve("reference");
        batch(EnergyDetector.of(15), reference, in).build().run();

        Path out = tmp.resolve("out");
        AtomicInteger calls = new AtomicInteger();
        RecordingDetector crashing = wrap(EnergyDetector.of(15), file -> {
            if (calls.incrementAndGet() == 4) { // d/e_good: a, b failed and c_good done by then
                // an Error other than OutOfMemoryError (which fails one recording) stops the run
                throw new InternalError("simulated crash");
            }
        });
        assertThrows(InternalError.class, () -> batch(crashing, out, in).build().run());
        assertEquals(4, Files.readAllLines(out.resolve("summary.csv")).size(), "rows up to the crash");

        BatchResult r = batch(EnergyDetector.of(15), out, in).build().run();
        assertEquals(1, r.skipped());
        assertEquals(2, r.done());
        assertEquals(3, r.failed());
        assertSameOutputs(reference, out);
    }

    @Test
    void crashWhileWritingThenRerunGivesTheSameOutputs() throws Exception {
        Path reference = tmp.resolve("reference");
        batch(EnergyDetector.of(15), reference, in).build().run();
        Path out = tmp.resolve("out");
        batch(EnergyDetector.of(15), out, in).build().run();
        // Killed while writing e_good's windows: its marker is missing, a temp file is half written.
        Files.delete(out.resolve(".bull/d/e_good.json"));
        Files.writeString(out.resolve("d/.e_good.bull.windows.csv.5f3a9c.tmp"), "start,end,score,detected\n0.0,15");
        Files.writeString(out.resolve(".summary.csv.77.tmp"), "recording,sec");
        byte[] summaryBefore = Files.readAllBytes(out.resolve("summary.csv"));

        BatchResult r = batch(EnergyDetector.of(15), out, in).build().run();
        assertEquals(1, r.done());
        assertEquals(2, r.skipped());
        assertFalse(Files.exists(out.resolve("d/.e_good.bull.windows.csv.5f3a9c.tmp")));
        assertFalse(Files.exists(out.resolve(".summary.csv.77.tmp")));
        assertSameOutputs(reference, out);
        assertEquals(mask(new String(summaryBefore)), mask(Files.readString(out.resolve("summary.csv"))));

        // Nothing changed: everything done is skipped and the summary is byte-identical.
        byte[] summary = Files.readAllBytes(out.resolve("summary.csv"));
        BatchResult again = batch(EnergyDetector.of(15), out, in).build().run();
        assertEquals(0, again.done());
        assertEquals(3, again.skipped());
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.csv")));
    }

    @Test
    void changedParametersOrFilesAreDoneAgain() throws Exception {
        Path out = tmp.resolve("out");
        batch(EnergyDetector.of(15), out, in).build().run();
        BatchResult other = batch(EnergyDetector.of(20), out, in).build().run();
        assertEquals(3, other.done());
        assertEquals(0, other.skipped());

        Path good = in.resolve("c_good.wav");
        Files.setLastModifiedTime(good, FileTime.fromMillis(Files.getLastModifiedTime(good).toMillis() + 5000));
        Files.delete(out.resolve("f_truncated_data.bull.labels.txt"));
        BatchResult touched = batch(EnergyDetector.of(20), out, in).build().run();
        assertEquals(2, touched.done(), "the touched file and the one with a missing output");
        assertEquals(1, touched.skipped());
    }

    @Test
    void aFileThatTakesTooLongIsCutOff() throws Exception {
        Path out = tmp.resolve("out");
        AtomicInteger interrupted = new AtomicInteger();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        RecordingDetector slow = wrap(EnergyDetector.of(15), file -> {
            if (file.getFileName().toString().equals("c_good.wav")) {
                try {
                    // a detection that never ends on its own: only the timeout's interrupt stops it
                    assertFalse(never.await(10, java.util.concurrent.TimeUnit.MINUTES));
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw new java.io.InterruptedIOException("wait interrupted");
                }
            }
        });
        BatchResult r = batch(slow, out, in.resolve("c_good.wav"), in.resolve("d"))
                .optTimeout(Duration.ofMillis(500)).build().run();
        assertEquals(1, interrupted.get(), "the timed-out detection was interrupted");
        assertEquals(1, r.done());
        assertEquals(1, r.failed());
        assertEquals("failed", r.rows().get(0).status().text());
        assertEquals("timed out after 0.5 s", r.rows().get(0).error());
        assertEquals("e_good.WAV", r.rows().get(1).recording(), "relative to the folder given");
        assertTrue(Files.exists(out.resolve("e_good.bull.windows.csv")));
    }

    @Test
    void outputNameCollisionsFailInsteadOfOverwriting() throws Exception {
        Path other = tmp.resolve("other");
        TestRecordings.write(other.resolve("c_good.wav"), 8000, 30, 99);
        Path out = tmp.resolve("out");
        BatchResult r = batch(EnergyDetector.of(15), out, in.resolve("c_good.wav"), other, in.resolve("c_good.wav"))
                .build().run();
        assertEquals(2, r.rows().size(), "the same file given twice is processed once");
        assertEquals(1, r.done());
        assertEquals(1, r.failed());
        assertTrue(r.rows().get(1).error().contains("like those of"), r.rows().get(1).error());
        assertEquals(1, DetectionFiles.readWindows(out.resolve("c_good.bull.windows.csv")).size() == 10 ? 1 : 0,
                "the first input's outputs (60 s: 10 windows) are kept");
        // each keeps its row in summary.csv: the second, failed, under its path
        List<String> summary = Files.readAllLines(out.resolve(BatchDetection.SUMMARY));
        assertEquals(3, summary.size(), summary::toString);
        assertTrue(summary.get(1).startsWith("c_good.wav,") && summary.get(1).contains(",done,"), summary::toString);
        assertTrue(summary.get(2).startsWith(other.resolve("c_good.wav") + ",") && summary.get(2).contains(",failed,"),
                summary::toString);
    }

    @Test
    void aLaterRunDoesNotReplaceTheOutputsOfAnotherRecordingOfTheSameName() throws Exception {
        // two memory cards, each with a recording named by its start time
        Path a = TestRecordings.write(tmp.resolve("cardA/20240501_210000.WAV"), 8000, 30, 1, 10.0);
        Path b = TestRecordings.write(tmp.resolve("cardB/20240501_210000.WAV"), 8000, 40, 2, 20.0);
        Path out = tmp.resolve("out");
        assertEquals(1, batch(EnergyDetector.of(15), out, a).build().run().done());
        byte[] windows = Files.readAllBytes(out.resolve("20240501_210000.bull.windows.csv"));
        BatchResult r = batch(EnergyDetector.of(15), out, b).build().run();
        assertEquals(1, r.failed());
        assertTrue(r.rows().get(0).error().contains("another recording of the same name, " + a.toAbsolutePath()),
                r.rows().get(0).error());
        assertArrayEquals(windows, Files.readAllBytes(out.resolve("20240501_210000.bull.windows.csv")));
        // the same recording moved (same size and modification time) is the same recording: detected again,
        // not refused
        Path moved = tmp.resolve("archive/20240501_210000.WAV");
        Files.createDirectories(moved.getParent());
        Files.move(a, moved);
        BatchResult again = batch(EnergyDetector.of(15), out, moved).build().run();
        assertEquals(1, again.done(), again.rows()::toString);
        assertArrayEquals(windows, Files.readAllBytes(out.resolve("20240501_210000.bull.windows.csv")));
    }

    @Test
    void missingInputsFailAndTheBuilderChecksItsOptions() throws Exception {
        Path out = tmp.resolve("out");
        BatchResult r = batch(EnergyDetector.of(15), out, tmp.resolve("nope.wav")).build().run();
        assertEquals(1, r.failed());
        assertTrue(r.rows().get(0).error().contains("no such file"), r.rows().get(0).error());
        assertThrows(IllegalStateException.class, () -> BatchDetection.builder().setOutputDir(out).addInput(in).build());
        assertThrows(IllegalArgumentException.class, () -> BatchDetection.builder().optTimeout(Duration.ZERO));
    }

    /** Runs a hook before delegating. */
    interface Hook {
        void before(Path file) throws IOException;
    }

    private static RecordingDetector wrap(RecordingDetector d, Hook hook) {
        return new RecordingDetector() {
            @Override
            public RecordingDetection detect(Path file, Progress progress) throws IOException {
                hook.before(file);
                return d.detect(file, progress);
            }

            @Override
            public Map<String, Object> parameters() {
                return d.parameters();
            }
        };
    }

    /** The summary without its real_time_factor column. */
    private static String mask(String summary) {
        StringBuilder sb = new StringBuilder();
        for (String line : summary.split("\n")) {
            List<String> f = new ArrayList<>(io.bullwatch.core.text.DelimitedText.split(line, ','));
            f.set(4, "");
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    /** Same files; byte-identical except run.json, the lock and the real-time factors. */
    private static void assertSameOutputs(Path expected, Path actual) throws IOException {
        assertEquals(files(expected), files(actual));
        for (String f : files(expected)) {
            String a = Files.readString(expected.resolve(f));
            String b = Files.readString(actual.resolve(f));
            if (f.equals("summary.csv")) {
                assertEquals(mask(a), mask(b));
            } else if (f.startsWith(".bull/")) {
                assertEquals(a.replaceAll(",[0-9.]+,done", ",done"), b.replaceAll(",[0-9.]+,done", ",done"), f);
            } else {
                assertEquals(a, b, f);
            }
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("run.json") && !p.equals(".bull/lock")).sorted().toList();
        }
    }
}
