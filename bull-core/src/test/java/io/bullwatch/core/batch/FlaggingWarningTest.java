package io.bullwatch.core.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.EnergyDetector;
import io.bullwatch.core.events.FlaggingGuard;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.TestRecordings;
import io.bullwatch.core.events.WindowScore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night flagged far beyond what calibration expects is reported in {@code summary.csv}; a summary
 * written before the warning column is still read and merged.
 */
class FlaggingWarningTest {

    @TempDir
    Path tmp;

    private static RecordingDetection night(int windows, int flagged) {
        List<WindowScore> w = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            w.add(new WindowScore(5.0 * i, 5.0 * i + 15, i < flagged ? 0.9f : 0.1f));
        }
        return RecordingDetection.of("n.wav", 5.0 * windows + 10, w,
                io.bullwatch.core.events.EventRule.of(0.5));
    }

    @Test
    void theGuardsThresholds() {
        assertTrue(FlaggingGuard.check(night(100, 50), 0.08).orElseThrow()
                .startsWith("flagged 50 % of the windows against 8.0 % on the validation nights"));
        assertTrue(FlaggingGuard.check(night(100, 24), 0.08).isEmpty(), "not above three times 8 %");
        assertTrue(FlaggingGuard.check(night(100, 10), 0.01).isEmpty(), "not 10 points above 1 %");
        assertTrue(FlaggingGuard.check(night(100, 12), 0.01).isPresent(), "12 % is 11 points above 1 %");
        assertTrue(FlaggingGuard.check(night(11, 11), 0.01).isEmpty(), "too few windows to judge");
    }

    @Test
    void aFloodedNightIsReportedInTheSummaryAndAnOldSummaryIsStillMerged() throws IOException {
        Path in = tmp.resolve("in");
        TestRecordings.write(in.resolve("loud.wav"), 8000, 120, 1, 10.0, 30.0, 50.0, 70.0, 90.0);
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve(BatchDetection.SUMMARY), SummaryRow.HEADER_WITHOUT_WARNING + "\n"
                + "earlier.wav,60.000,2,0.50,100.0,done,\n");
        RecordingDetector everything = EnergyDetector.of(-100); // flags every window
        RecordingDetector expecting = new RecordingDetector() {
            @Override
            public RecordingDetection detect(Path file, Progress progress) throws IOException {
                return everything.detect(file, progress);
            }

            @Override
            public Map<String, Object> parameters() {
                return everything.parameters();
            }

            @Override
            public OptionalDouble expectedFlaggedShare() {
                return OptionalDouble.of(0.05);
            }
        };
        BatchDetection.builder().setDetector(expecting).setOutputDir(out).addInputs(List.of(in))
                .optVersion("test").build().run();
        List<String> summary = Files.readAllLines(out.resolve(BatchDetection.SUMMARY));
        assertEquals(SummaryRow.HEADER, summary.get(0));
        assertEquals("earlier.wav,60.000,2,0.50,100.0,done,,,,", summary.get(1));
        SummaryRow row = SummaryRow.parse(summary.get(2));
        assertEquals("loud.wav", row.recording());
        assertTrue(row.warning().startsWith("flagged 100 % of the windows against 5.0 %"), row.warning());
        assertFalse(Files.exists(out.resolve(BatchDetection.SUMMARY + ".unreadable")));
        // a warning with commas survives the CSV
        SummaryRow back = SummaryRow.parse(row.toCsv());
        assertEquals(row, back);
    }

    @Test
    void aRecordingTooShortForOneWindowIsDoneWithAWarningNotAQuietNight() throws IOException {
        Path in = tmp.resolve("in");
        TestRecordings.write(in.resolve("short.wav"), 8000, 14.5, 1);
        TestRecordings.write(in.resolve("long.wav"), 8000, 40, 2);
        Path out = tmp.resolve("out");
        BatchDetection.builder().setDetector(EnergyDetector.of(-100)).setOutputDir(out).addInputs(List.of(in))
                .optVersion("test").build().run();
        List<String> summary = Files.readAllLines(out.resolve(BatchDetection.SUMMARY));
        SummaryRow shortRow = summary.stream().skip(1).map(SummaryRow::parse)
                .filter(r -> r.recording().equals("short.wav")).findFirst().orElseThrow();
        assertEquals(SummaryRow.Status.DONE, shortRow.status());
        assertEquals(0, shortRow.events());
        assertEquals("nothing scored: the recording (14.500 s) is shorter than one of the model's windows",
                shortRow.warning());
        SummaryRow longRow = summary.stream().skip(1).map(SummaryRow::parse)
                .filter(r -> r.recording().equals("long.wav")).findFirst().orElseThrow();
        assertFalse(longRow.warning().contains("nothing scored"), longRow.warning());
    }
}
