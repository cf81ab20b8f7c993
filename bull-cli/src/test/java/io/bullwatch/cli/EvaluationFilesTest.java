package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.evaluate.DetectionEvaluation;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.ScoredRecording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationFilesTest {

    /** 10 windows of 10 s; one bull [12, 16] found by the event [10, 20]; review 10 of 100 s. */
    private static ScoredRecording recording(String name, String site) {
        List<WindowScore> w = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            w.add(new WindowScore(10 * i, 10 * i + 10, i == 1 ? 0.9f : 0.1f));
        }
        RecordingDetection d = new RecordingDetection(name, 100, w, List.of(new DetectedEvent(10, 20, .9, 1)),
                EventRule.of(0.5));
        return new ScoredRecording(site, d, List.of(Annotation.of(12, 16)));
    }

    @Test
    void writesJsonPrAndOneTimelinePerRecording(@TempDir Path dir) throws IOException {
        List<ScoredRecording> recs = List.of(recording("a/night 1.wav", "A"), recording("b/night-2.WAV", "B"));
        EvaluationReport report = DetectionEvaluation.training().evaluate(recs);
        List<Path> files = EvaluationFiles.write(dir.resolve("report"), report, recs, Map.of("detector", "test"));
        assertEquals(List.of("evaluation.json", "pr.png", "timeline-a_night_1.png", "timeline-b_night-2.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        String json = Files.readString(files.get(0));
        assertTrue(json.startsWith("{\"run\":{\"detector\":\"test\"},\"labelRule\":"), json);
        assertTrue(json.contains("\"reductionFactor\":10.0"), json);
        for (Path png : files.subList(1, files.size())) {
            assertNotNull(ImageIO.read(png.toFile()), png + " is a PNG");
        }
    }

    @Test
    void tableHasOneRowPerSiteAndOverall() {
        List<ScoredRecording> recs = List.of(recording("n1", "A"), recording("n2", "B"));
        List<String> lines = EvaluationFiles.table(DetectionEvaluation.training().evaluate(recs));
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("site"));
        // overall: 2 bull windows found, 16 no-bull windows rejected: average recall 1;
        // 2 of 2 bulls found (event recall 1), none longer than 2 s missed; 20 s of 200 s: 6 min/hour, 10x
        assertEquals(List.of("overall", "2", "1.000", "1.000", "1.000", "1.000", "0", "6.0", "10.0x"),
                List.of(lines.get(3).trim().split("\\s+")));
    }

    @Test
    void fileNamesAreSafe() {
        assertEquals("site_night_1", EvaluationFiles.fileName("site/night 1.wav"));
        assertEquals("recording", EvaluationFiles.fileName(".wav"));
    }
}
