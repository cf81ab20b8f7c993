package io.bullwatch.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.EnergyDetector;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.core.events.TestRecordings;
import io.bullwatch.core.events.WindowScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night whose background sits far from the model's sites gets its distance and a warning in
 * {@code summary.csv}; one near them gets its distance only; the network's view (embeddings) has a
 * column and a warning of its own; summaries written before the columns are still read.
 */
class BackgroundDistanceSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void theRatioAndWhenItIsFar() {
        SiteDistance near = new SiteDistance(1.5, 2.0, "weir");
        assertEquals(0.75, near.ratio(), 1e-12);
        assertFalse(near.far());
        assertTrue(near.warning().isEmpty());
        SiteDistance far = new SiteDistance(5.0, 2.0, "weir");
        assertTrue(far.far());
        assertEquals("background 2.5 times as far from the model's sites as they are from one another (nearest:"
                + " weir): the threshold was never checked on a background like this (check some of the events;"
                + " adapt the model to this site with bull adapt)", far.warning().orElseThrow());
        SiteDistance oneSite = new SiteDistance(5.0, Double.NaN, "weir");
        assertTrue(Double.isNaN(oneSite.ratio()));
        assertFalse(oneSite.far(), "a model of one site has no yardstick");
        assertThrows(IllegalArgumentException.class, () -> new SiteDistance(-1, 2, "weir"));
        assertThrows(IllegalArgumentException.class, () -> new SiteDistance(1, Double.POSITIVE_INFINITY, "weir"));
    }

    @Test
    void theSummaryCarriesTheDistanceAndWarnsWhenFar() throws IOException {
        Path in = tmp.resolve("in");
        TestRecordings.write(in.resolve("far.wav"), 8000, 120, 1, 10.0, 50.0);
        TestRecordings.write(in.resolve("near.wav"), 8000, 120, 2, 30.0);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve(BatchDetection.SUMMARY), SummaryRow.HEADER_WITHOUT_BACKGROUND + "\n"
                + "earlier.wav,60.000,2,0.50,100.0,done,,\n");
        RecordingDetector energy = EnergyDetector.of(6);
        RecordingDetector measuring = new RecordingDetector() {
            @Override
            public RecordingDetection detect(Path file, Progress progress) throws IOException {
                double distance = file.getFileName().toString().startsWith("far") ? 6.0 : 1.0;
                // the network's view: near for both
                return energy.detect(file, progress).withBackground(new SiteDistance(distance, 4.0, "rain"))
                        .withEmbedding(new SiteDistance(0.5, 2.0, "road"));
            }

            @Override
            public Map<String, Object> parameters() {
                return energy.parameters();
            }

            @Override
            public OptionalDouble expectedFlaggedShare() {
                return OptionalDouble.of(0.5); // never flooded here: only the background speaks
            }
        };
        BatchDetection.builder().setDetector(measuring).setOutputDir(out).addInputs(List.of(in))
                .optVersion("test").build().run();
        List<String> summary = Files.readAllLines(out.resolve(BatchDetection.SUMMARY));
        assertEquals(SummaryRow.HEADER, summary.get(0));
        assertTrue(SummaryRow.HEADER.endsWith(",warning,background,embedding"), SummaryRow.HEADER);
        assertEquals("earlier.wav,60.000,2,0.50,100.0,done,,,,", summary.get(1));
        SummaryRow far = SummaryRow.parse(summary.get(2));
        assertEquals("far.wav", far.recording());
        assertEquals(1.5, far.background(), 1e-12);
        assertEquals(0.25, far.embedding(), 1e-12);
        assertTrue(summary.get(2).endsWith(",1.50,0.25"), summary.get(2));
        assertTrue(far.warning().startsWith("background 1.5 times as far from the model's sites"), far.warning());
        SummaryRow near = SummaryRow.parse(summary.get(3));
        assertEquals(0.25, near.background(), 1e-12);
        assertEquals("", near.warning());
        // rows of every version read back
        assertEquals(far, SummaryRow.parse(far.toCsv()));
        assertTrue(Double.isNaN(SummaryRow.parse("a.wav,60.000,2,0.50,100.0,done,,").background()));
        SummaryRow nine = SummaryRow.parse("a.wav,60.000,2,0.50,100.0,done,,,1.25");
        assertEquals(1.25, nine.background(), 1e-12);
        assertTrue(Double.isNaN(nine.embedding()));
        assertTrue(Double.isNaN(SummaryRow.parse("a.wav,60.000,2,0.50,100.0,done,").background()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SummaryRow.parse("a.wav,60.000,2,0.50,100.0,done,,,1.0,0.5,extra"));
        assertTrue(e.getMessage().startsWith("expected 10 fields"), e.getMessage());
        // a summary of the version before the embedding column reads too
        assertEquals(1, SummaryRow.parseSummary(List.of(SummaryRow.HEADER_WITHOUT_EMBEDDING,
                "a.wav,60.000,2,0.50,100.0,done,,,1.25")).size());
    }

    @Test
    void aFloodedNightFarFromTheSitesGetsBothWarnings() {
        List<WindowScore> windows = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            windows.add(new WindowScore(5.0 * i, 5.0 * i + 15, 0.9f));
        }
        RecordingDetection d = RecordingDetection.of("n.wav", 515, windows, EventRule.of(0.5))
                .withBackground(new SiteDistance(3, 1, "road"));
        String w = d.warning(OptionalDouble.of(0.05));
        assertTrue(w.startsWith("flagged 100 % of the windows against 5.0 %"), w);
        assertTrue(w.contains("; background 3.0 times as far"), w);
        assertTrue(d.warning(OptionalDouble.empty()).startsWith("background 3.0 times"));
        // another rule keeps the distances
        assertEquals(d.background(), d.withRule(EventRule.of(0.95)).background());
        RecordingDetection seen = d.withEmbedding(new SiteDistance(4, 2, "weir"));
        assertEquals(seen.embedding(), seen.withRule(EventRule.of(0.95)).embedding());
        String both = seen.warning(OptionalDouble.empty());
        assertTrue(both.startsWith("background 3.0 times"), both);
        assertTrue(both.contains("; background as the network sees it (embeddings) 2.0 times as far from the"
                + " model's sites as they are from one another (nearest: weir)"), both);
    }
}
