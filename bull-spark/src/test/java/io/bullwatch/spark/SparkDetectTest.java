package io.bullwatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.batch.BatchDetection;
import io.bullwatch.core.batch.BatchResult;
import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.background.BackgroundProfile;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.detect.Detector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkDetect} on Spark's {@code local[2]} master against {@code bull detect}'s engine
 * ({@link BatchDetection}) on the same recordings: the same files byte for byte, the same summary
 * (but the real-time factor), Parquet tables that hold exactly the windows and events of those
 * files, a corrupt file that fails alone, a rerun that skips, and the leftovers of a killed task
 * redone without duplicates.
 */
class SparkDetectTest {

    private static final int RATE = 8000;
    /** 32 mels, nFft 1024, hop 1024 at 8 kHz: a 15 s window is 32 x 118. */
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(1024).optNMels(32).optFMax(4000).build();

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path bundle;
    private static Path recordings;
    private static double threshold;

    @BeforeAll
    static void setUp() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("bullwatch-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        bundle = bundle(dir.resolve("model"));
        recordings = dir.resolve("recordings");
        Random rnd = new Random(3);
        wav(recordings.resolve("night1.wav"), 75, rnd);
        wav(recordings.resolve("upstream/night2.wav"), 62, rnd);
        wav(recordings.resolve("night3.WAV"), 40, rnd);
        Files.writeString(recordings.resolve("broken.wav"), "not a recording", StandardCharsets.US_ASCII);
        // a threshold that flags some windows of this untrained network: the median score
        try (Detector d = Detector.load(bundle, new JobSettings("", null, 0, 2, 60, 1).options());
                AudioSource night1 = WavFile.open(recordings.resolve("night1.wav"))) {
            float[] s = d.scoreWindows(night1);
            float[] sorted = s.clone();
            Arrays.sort(sorted);
            threshold = sorted[sorted.length / 2];
        }
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void writesWhatBullDetectWritesAndTablesOfIt() throws IOException {
        Path reference = dir.resolve("reference");
        BatchResult expected;
        try (Detector d = Detector.load(bundle, settings().options())) {
            expected = BatchDetection.builder().setDetector(d).setOutputDir(reference).addInput(recordings).build().run();
        }
        assertEquals(3, expected.done());
        assertEquals(1, expected.failed());
        Path out = dir.resolve("spark");
        SparkDetectResult r = job(out).run(spark);
        assertEquals(3, r.done());
        assertEquals(0, r.skipped());
        assertEquals(1, r.failed(), "the corrupt file fails alone");
        assertEquals(expected.events(), r.events());
        assertTrue(r.events() > 0, "the threshold flags something");

        // the per-recording files, byte for byte
        Map<String, byte[]> ref = outputs(reference);
        assertEquals(ref.keySet(), outputs(out).keySet());
        assertEquals(9, ref.size());
        for (Map.Entry<String, byte[]> e : outputs(out).entrySet()) {
            assertArrayEquals(ref.get(e.getKey()), e.getValue(), e.getKey());
        }
        // the summary, but the real-time factor
        List<String> refSummary = summaryWithoutSpeed(reference);
        assertEquals(refSummary, summaryWithoutSpeed(out));
        assertTrue(refSummary.stream().anyMatch(l -> l.startsWith("broken.wav,") && l.contains("not a WAV file")),
                refSummary.toString());

        // the tables hold exactly what the files hold
        List<Row> windows = spark.read().parquet(out.resolve("tables/windows").toString()).collectAsList();
        int expectedWindows = 0;
        for (String name : List.of("night1", "upstream/night2", "night3")) {
            List<WindowScore> file = DetectionFiles.readWindows(out.resolve(name + DetectionFiles.WINDOWS_SUFFIX));
            String recording = name.equals("night3") ? "night3.WAV" : name + ".wav";
            List<Row> rows = windows.stream().filter(w -> w.getString(0).equals(recording))
                    .sorted(Comparator.comparingDouble(w -> w.getDouble(1))).toList();
            assertEquals(file.size(), rows.size(), recording);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(file.get(i).start(), rows.get(i).getDouble(1));
                assertEquals(file.get(i).end(), rows.get(i).getDouble(2));
                assertEquals(file.get(i).score(), rows.get(i).getFloat(3));
                assertEquals(file.get(i).isFlagged(threshold), rows.get(i).getBoolean(4));
            }
            expectedWindows += file.size();
        }
        assertEquals(expectedWindows, windows.size());
        assertEquals(labelLines(out), eventLines(spark.read().parquet(out.resolve("tables/events").toString())
                .collectAsList()));
        List<Row> summary = spark.read().parquet(out.resolve("tables/summary").toString()).collectAsList();
        assertEquals(4, summary.size());
        assertEquals(1, summary.stream().filter(s -> s.getString(4).equals("failed")).count());
        // both background distances, as summary.csv has them (null where it has none)
        Map<String, SummaryRow> rows = SummaryRow.parseSummary(Files.readAllLines(out.resolve(BatchDetection.SUMMARY)));
        for (Row s : summary) {
            SummaryRow row = rows.get(s.getString(0));
            for (int[] column : new int[][] {{7, 0}, {8, 1}}) {
                double ratio = column[1] == 0 ? row.background() : row.embedding();
                if (Double.isNaN(ratio)) {
                    assertTrue(s.isNullAt(column[0]), s::toString);
                } else {
                    assertEquals(ratio, s.getDouble(column[0]), 0.005, s::toString);
                }
            }
        }
        assertEquals(3, rows.values().stream().filter(x -> !Double.isNaN(x.embedding())).count(), rows::toString);
    }

    @Test
    void aRerunSkipsAndTheLeftoversOfAKilledTaskAreRedoneWithoutDuplicates() throws IOException {
        Path out = dir.resolve("rerun");
        SparkDetectResult first = job(out).run(spark);
        assertEquals(3, first.done());
        Map<String, byte[]> before = outputs(out);
        long windowRows = spark.read().parquet(out.resolve("tables/windows").toString()).count();

        SparkDetectResult again = job(out).run(spark);
        assertEquals(0, again.done());
        assertEquals(3, again.skipped());
        assertEquals(1, again.failed());
        assertEquals(first.events(), again.events());
        assertOutputsEqual(before, outputs(out));
        assertEquals(windowRows, spark.read().parquet(out.resolve("tables/windows").toString()).count());

        // what a task killed while committing night2 leaves: no marker, a half-written temporary
        // file, and an output of its own that it had replaced already (here: spoilt)
        Files.delete(out.resolve(".bull/upstream/night2.json"));
        Path temp = out.resolve("upstream/.night2.bull.windows.csv.17" + HadoopFiles.TEMP_SUFFIX);
        Files.writeString(temp, "start,end,sc");
        Files.writeString(out.resolve("upstream/night2.bull.labels.txt"), "spoilt\n");
        SparkDetectResult resumed = job(out).run(spark);
        assertEquals(1, resumed.done());
        assertEquals(2, resumed.skipped());
        assertFalse(Files.exists(temp), "a killed run's temporary file is deleted");
        assertOutputsEqual(before, outputs(out));
        List<Row> windows = spark.read().parquet(out.resolve("tables/windows").toString()).collectAsList();
        assertEquals(windowRows, windows.size());
        Set<String> keys = new HashSet<>();
        for (Row w : windows) {
            assertTrue(keys.add(w.getString(0) + "@" + w.getDouble(1)), "no window twice: " + w);
        }
        List<String> rows = Files.readAllLines(out.resolve(SparkDetect.SUMMARY));
        assertEquals(5, rows.size(), "one summary row per recording across runs: " + rows);
    }

    @Test
    void aMissingInputFailsAloneAFileGivenTwiceIsDetectedOnceAndAnUnreadableSummaryIsKept() throws IOException {
        Path out = dir.resolve("missing");
        Files.createDirectories(out);
        Files.writeString(out.resolve(SparkDetect.SUMMARY), "not,a,summary\n");
        String night3 = recordings.resolve("night3.WAV").toString();
        SparkDetectResult r = SparkDetect.builder().setModel(bundle).setOutput(out.toString())
                .addInput(night3).addInput(dir.resolve("nowhere.wav").toString()).addInput(night3)
                .optThreshold(threshold).build().run(spark);
        assertEquals(1, r.done());
        assertEquals(1, r.failed());
        assertEquals(2, r.rows().size());
        SummaryRow missing = r.rows().get(1);
        assertEquals("nowhere.wav", missing.recording());
        assertTrue(missing.error().contains("nowhere.wav: no such file or folder"), missing.error());
        assertTrue(Files.isRegularFile(out.resolve("night3" + DetectionFiles.WINDOWS_SUFFIX)));
        assertEquals("not,a,summary\n", Files.readString(out.resolve(SparkDetect.SUMMARY + ".unreadable")),
                "an unreadable summary is kept aside, not overwritten");
        assertEquals(3, Files.readAllLines(out.resolve(SparkDetect.SUMMARY)).size());
    }

    @Test
    void aLaterRunKeepsTheOutputsOfAnotherRecordingOfTheSameName() throws IOException {
        Path out = dir.resolve("two-cards");
        Random rnd = new Random(5);
        Path a = dir.resolve("cardA/20240501_210000.WAV");
        Path b = dir.resolve("cardB/20240501_210000.WAV");
        wav(a, 30, rnd);
        wav(b, 35, rnd);
        SparkDetect.Builder first = SparkDetect.builder().setModel(bundle).setOutput(out.toString())
                .addInput(a.toString()).optThreshold(threshold);
        assertEquals(1, first.build().run(spark).done());
        byte[] windows = Files.readAllBytes(out.resolve("20240501_210000" + DetectionFiles.WINDOWS_SUFFIX));
        SparkDetectResult r = SparkDetect.builder().setModel(bundle).setOutput(out.toString())
                .addInput(b.toString()).optThreshold(threshold).build().run(spark);
        assertEquals(1, r.failed());
        assertTrue(r.rows().get(0).error().contains("another recording of the same name"), r.rows().get(0).error());
        assertArrayEquals(windows, Files.readAllBytes(out.resolve("20240501_210000" + DetectionFiles.WINDOWS_SUFFIX)));
        // the summary saved by a spreadsheet (Windows line ends, a byte-order mark) still reads: its rows stay
        Path summary = out.resolve(SparkDetect.SUMMARY);
        List<String> rows = Files.readAllLines(summary);
        Files.writeString(summary, "\uFEFF" + String.join("\r\n", rows) + "\r\n");
        assertEquals(1, first.build().run(spark).skipped());
        assertFalse(Files.exists(out.resolve(SparkDetect.SUMMARY + ".unreadable")));
        assertEquals(rows.size(), Files.readAllLines(summary).size());
    }

    @Test
    void twoInputsOfTheSameNameKeepTheirOwnRowsAndALineBreakInANameFailsAlone() throws IOException {
        Path out = dir.resolve("same-name");
        Random rnd = new Random(7);
        Path a = dir.resolve("siteA/x.wav");
        Path b = dir.resolve("siteB/x.wav");
        Path odd = dir.resolve("siteC/night\n1.wav");
        wav(a, 30, rnd);
        wav(b, 30, rnd);
        wav(odd, 30, rnd);
        SparkDetectResult r = SparkDetect.builder().setModel(bundle).setOutput(out.toString())
                .addInput(a.toString()).addInput(b.toString()).addInput(odd.toString()).optThreshold(threshold)
                .build().run(spark);
        assertEquals(1, r.done());
        assertEquals(2, r.failed());
        List<String> summary = Files.readAllLines(out.resolve(SparkDetect.SUMMARY));
        assertEquals(4, summary.size(), summary::toString);
        assertTrue(summary.get(1).startsWith("x.wav,") && summary.get(1).contains(",done,"), summary::toString);
        assertTrue(summary.stream().anyMatch(l -> l.contains("siteB/x.wav") && l.contains(",failed,")),
                summary::toString);
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("night\\n1.wav,") && l.contains("line break")),
                summary::toString);
    }

    @Test
    void refusesABrokenBundleBeforeAnyTask() throws IOException {
        Path broken = dir.resolve("broken-model");
        Files.createDirectories(broken);
        Files.copy(bundle.resolve(ModelBundle.MODEL_JSON), broken.resolve(ModelBundle.MODEL_JSON));
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> SparkDetect.builder()
                .setModel(broken).setOutput(dir.resolve("never").toString()).addInput(recordings.toString())
                .build().run(spark));
        assertTrue(e.getMessage().contains(ModelBundle.PARAMETERS), e.getMessage());
    }

    private static SparkDetect job(Path out) {
        return SparkDetect.builder().setModel(bundle).setOutput(out.toString()).addInput(recordings.toString())
                .optThreshold(threshold).build();
    }

    private static JobSettings settings() {
        return new JobSettings("", threshold, 0, 2, 60, 1);
    }

    private static void assertOutputsEqual(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
    }

    /** The {@code *.bull.*} files under a folder, by relative path. */
    private static Map<String, byte[]> outputs(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (Files.isRegularFile(p) && p.getFileName().toString().contains(".bull.")
                        && !rel.startsWith(".bull") && !rel.startsWith("tables")
                        && !p.getFileName().toString().startsWith(".")) {
                    m.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    private static List<String> summaryWithoutSpeed(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(BatchDetection.SUMMARY))) {
            if (line.startsWith("recording,")) {
                lines.add(line);
                continue;
            }
            SummaryRow r = SummaryRow.parse(line);
            lines.add(new SummaryRow(r.recording(), r.seconds(), r.events(), r.minutesToReview(), Double.NaN,
                    r.status(), r.error(), r.warning(), r.background(), r.embedding()).toCsv());
        }
        return lines;
    }

    /** Every Audacity label line of the outputs, prefixed with its recording's stem, sorted. */
    private static List<String> labelLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String stem : List.of("night1", "upstream/night2", "night3")) {
            for (String l : Files.readAllLines(out.resolve(stem + DetectionFiles.LABELS_SUFFIX))) {
                lines.add(stem + " " + l);
            }
        }
        lines.sort(null);
        return lines;
    }

    /** The event table's rows as the Audacity label lines they stand for. */
    private static List<String> eventLines(List<Row> events) {
        List<String> lines = new ArrayList<>();
        for (Row e : events) {
            String recording = e.getString(0);
            String stem = recording.substring(0, recording.lastIndexOf('.'));
            lines.add(stem + " " + Decimals.format(e.getDouble(2), 6) + "\t" + Decimals.format(e.getDouble(3), 6)
                    + "\t" + DetectionFiles.LABEL + " " + Decimals.format(e.getDouble(4), 4));
        }
        lines.sort(null);
        return lines;
    }

    static void wav(Path file, int seconds, Random rnd) throws IOException {
        Files.createDirectories(file.getParent());
        float[] s = new float[seconds * RATE];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (0.05 * rnd.nextGaussian());
        }
        // a few loud bursts, a second or two each
        for (int b = 0; b < seconds / 15; b++) {
            int at = rnd.nextInt(s.length - 2 * RATE);
            int len = RATE + rnd.nextInt(RATE);
            for (int i = 0; i < len; i++) {
                s[at + i] += (float) (0.5 * rnd.nextGaussian() * Math.sin(Math.PI * i / len));
            }
        }
        WavWriter.write(file, s, RATE, SampleEncoding.PCM_SIGNED_16);
    }

    /**
     * A width-reduced compact network with seeded random parameters, saved as a bundle whose training
     * sites' backgrounds (two made-up sites, on bands and on the network's 32 embedding dimensions) let
     * detection measure both background distances.
     */
    static Path bundle(Path dir) throws IOException {
        FeatureDims dims = new FeatureDims(1, MEL.nMels(), (int) MEL.frames(Math.round(WindowSpec.SEED.lengthSeconds() * RATE)));
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            Engine.getInstance().setRandomSeed(7);
            net.initialize(m, dims);
            new ModelBundle(Backbone.COMPACT, net.options(), dims, net.countTrainableParameters(),
                    FeaturePipeline.of(MEL, WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING), 0.5, "test",
                    Map.of(ModelBundle.BACKGROUND, twoSites(SiteReference.DESCRIPTOR, MEL.nMels()).toJson(),
                            ModelBundle.EMBEDDING, twoSites(SiteReference.EMBEDDING_DESCRIPTOR, 32).toJson()),
                    Map.of()).save(dir, net.block());
        }
        return dir;
    }

    private static SiteReference twoSites(String descriptor, int dims) {
        List<SiteReference.Recording> recordings = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            double[] mean = new double[dims];
            double[] std = new double[dims];
            Arrays.fill(mean, k);
            Arrays.fill(std, 1 + k);
            recordings.add(new SiteReference.Recording("site" + k, "r" + k, new BackgroundProfile(mean, std)));
        }
        return SiteReference.of(descriptor, recordings);
    }
}
