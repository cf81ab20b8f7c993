package io.bullwatch.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every expected number here is worked out by hand in the comments.
 *
 * <p>Recording "r1" (site A), 100 s, ten windows [10i, 10i + 10], threshold 0.5:
 * <pre>
 * window   0    1    2    3    4    5    6    7    8    9
 * score   .1   .9   .8   .2   .6   .3   .1   .7   .2   .4
 * flagged  -    x    x    -    x    -    -    x    -    -
 * label    N    B    N    N    N    ?    B    N    N    N
 * </pre>
 * Bulls: a = [12, 16] lies in window 1 only (4 s inside: bull). b = [59.5, 63.5] holds 0.5 s of
 * window 5 (less than the rule's 1 s: ambiguous) and 3.5 s of window 6 (bull).
 * Non-ambiguous windows: 9. TP = w1; FN = w6; FP = w2, w4, w7; TN = w0, w3, w8, w9.
 * Detected events: [10, 30] (overlaps a), [40, 50], [70, 80] (overlap nothing); b is missed and is
 * 4 s long, so it is a long miss. Review: 20 + 10 + 10 = 40 s of 100 s.
 *
 * <p>Recording "r2" (site B), 40 s, four windows, scores .2 .6 .1 .3, threshold 0.5, one bull
 * c = [21, 22.5] (1.5 s, wholly in window 2: bull). TP 0, FP 1 (w1), FN 1 (w2), TN 2. Detected:
 * [10, 20], which misses c; c is 1.5 s, not a long miss. Review 10 s of 40 s.
 */
class DetectionEvaluationTest {

    private static final double EPS = 1e-12;

    static ScoredRecording r1() {
        double[] s = {.1, .9, .8, .2, .6, .3, .1, .7, .2, .4};
        List<DetectedEvent> events = List.of(new DetectedEvent(10, 30, .9, 2),
                new DetectedEvent(40, 50, .6, 1), new DetectedEvent(70, 80, .7, 1));
        RecordingDetection d = new RecordingDetection("r1", 100, windows(s, 10), events, EventRule.of(0.5));
        return new ScoredRecording("A", d, List.of(Annotation.of(12, 16), Annotation.of(59.5, 63.5)));
    }

    static ScoredRecording r2() {
        double[] s = {.2, .6, .1, .3};
        RecordingDetection d = new RecordingDetection("r2", 40, windows(s, 10),
                List.of(new DetectedEvent(10, 20, .6, 1)), EventRule.of(0.5));
        return new ScoredRecording("B", d, List.of(Annotation.of(21, 22.5)));
    }

    private static List<WindowScore> windows(double[] scores, double length) {
        List<WindowScore> w = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            w.add(new WindowScore(i * length, (i + 1) * length, (float) scores[i]));
        }
        return w;
    }

    @Test
    void labelsWindowsLikeTrainingWithAmbiguousEdges() {
        WindowLabel[] labels = DetectionEvaluation.labelWindows(r1().detection().windows(),
                r1().truth(), DetectionEvaluation.training().rule());
        WindowLabel n = WindowLabel.NO_BULL;
        WindowLabel b = WindowLabel.BULL;
        assertEquals(List.of(n, b, n, n, n, WindowLabel.AMBIGUOUS, b, n, n, n), List.of(labels));
    }

    @Test
    void labelsWindowsInAnyOrderAndEventsLongerThanWindows() {
        // one 40 s event [5, 45] covers window [10, 20] whole; a short one sits at 90 s;
        // windows are given out of order
        List<WindowScore> w = List.of(new WindowScore(80, 95, 0f), new WindowScore(10, 20, 0f),
                new WindowScore(50, 60, 0f), new WindowScore(44.5, 50, 0f));
        List<Annotation> truth = List.of(Annotation.of(90, 91), Annotation.of(5, 45));
        WindowLabel[] labels = DetectionEvaluation.labelWindows(w, truth, DetectionEvaluation.training().rule());
        // [80,95] holds all of the 1 s event: bull; [10,20] holds 10 s: bull; [50,60] meets none;
        // [44.5,50] holds 0.5 s of the long event: ambiguous
        assertEquals(List.of(WindowLabel.BULL, WindowLabel.BULL, WindowLabel.NO_BULL, WindowLabel.AMBIGUOUS),
                List.of(labels));
    }

    @Test
    void oneRecordingByHand() {
        RecordingEvaluation e = DetectionEvaluation.training().evaluate(r1());
        assertEquals(new Confusion(1, 3, 1, 4), e.windows().confusion());
        assertEquals(1, e.windows().ambiguous());
        assertEquals(0.5, e.windows().bullRecall(), EPS);
        // no-bull recall 4/7
        assertEquals((0.5 + 4.0 / 7) / 2, e.windows().averageRecall(), EPS);
        assertEquals(0.25, e.windows().precision(), EPS);
        assertEquals(4.0 / 9, e.windows().flaggedFraction(), EPS);
        // AP: at .9 recall 1/2 with precision 1 (0.5); next bull at .1 where 2 of 9 flagged are
        // bulls: + 1/2 * 2/9
        assertEquals(0.5 + 1.0 / 9, e.windows().averagePrecision(), EPS);
        // AUC: bull .9 beats all 7 no-bulls; bull .1 ties one (.1): (7 + 0.5) / (2 * 7)
        assertEquals(7.5 / 14, e.windows().rocAuc(), EPS);

        assertEquals(2, e.events().trueEvents());
        assertEquals(3, e.events().detections());
        assertEquals(0.5, e.events().eventRecall(), EPS);
        assertEquals(1.0 / 3, e.events().eventPrecision(), EPS);
        assertEquals(List.of(new MissedEvent("r1", 59.5, 63.5)), e.events().missedLong());

        assertEquals(40, e.listening().reviewSeconds(), EPS);
        assertEquals(0.4, e.listening().flaggedFraction(), EPS);
        assertEquals(2.5, e.listening().reductionFactor(), EPS);
        assertEquals(24, e.listening().minutesPerHour(), EPS);
        assertEquals(0.5, e.threshold());
    }

    @Test
    void sitesAndOverallPoolWindowsAndAddEvents() {
        EvaluationReport report = DetectionEvaluation.training().evaluate(List.of(r1(), r2()));
        assertEquals(List.of("A", "B"), report.sites().stream().map(GroupEvaluation::name).toList());
        assertEquals(List.of("r1", "r2"), report.recordings().stream().map(RecordingEvaluation::name).toList());

        GroupEvaluation b = report.site("B").orElseThrow();
        assertEquals(new Confusion(0, 1, 1, 2), b.windows().confusion());
        assertEquals(0.0, b.events().eventRecall(), EPS);
        assertEquals(0, b.events().missedLong().size());
        assertEquals(1, b.events().missed().size());
        assertEquals(4.0, b.listening().reductionFactor(), EPS);

        GroupEvaluation all = report.overall();
        assertEquals(DetectionEvaluation.OVERALL, all.name());
        assertEquals(List.of("r1", "r2"), all.recordings());
        assertEquals(0.5, all.threshold());
        assertEquals(new Confusion(1, 4, 2, 6), all.windows().confusion());
        assertEquals(1, all.windows().ambiguous());
        // bull recall 1/3, no-bull recall 6/10
        assertEquals((1.0 / 3 + 0.6) / 2, all.windows().averageRecall(), EPS);
        assertEquals(0.2, all.windows().precision(), EPS);
        // pooled scores: bulls .9, .1, .1; no-bulls .1 .8 .2 .6 .7 .2 .4 .2 .6 .3.
        // AP: at .9, recall 1/3 precision 1; at .1 all 3 bulls among 13 flagged: + 2/3 * 3/13
        assertEquals(1.0 / 3 + 2.0 / 13, all.windows().averagePrecision(), EPS);
        // AUC: .9 beats 10; each .1 bull ties one .1 no-bull: (10 + 0.5 + 0.5) / (3 * 10)
        assertEquals(11.0 / 30, all.windows().rocAuc(), EPS);
        assertEquals(3, all.events().trueEvents());
        assertEquals(4, all.events().detections());
        assertEquals(1.0 / 3, all.events().eventRecall(), EPS);
        assertEquals(0.25, all.events().eventPrecision(), EPS);
        assertEquals(1, all.events().missedLong().size());
        assertEquals(140, all.listening().totalSeconds(), EPS);
        assertEquals(140.0 / 50, all.listening().reductionFactor(), EPS);
        assertEquals(60 * 50.0 / 140, all.listening().minutesPerHour(), EPS);
    }

    @Test
    void differentThresholdsGiveNaNGroupThresholdButEachConfusionAtItsOwn() {
        ScoredRecording r2 = r2();
        RecordingDetection d = r2.detection();
        // at 0.05 every window of r2 is flagged: TP 1 FP 3
        ScoredRecording low = new ScoredRecording("B", new RecordingDetection(d.name(), d.seconds(),
                d.windows(), d.events(), EventRule.of(0.05)), r2.truth());
        EvaluationReport report = DetectionEvaluation.training().evaluate(List.of(r1(), low));
        assertTrue(Double.isNaN(report.overall().threshold()));
        assertEquals(new Confusion(2, 6, 1, 4), report.overall().windows().confusion());
    }

    @Test
    void undefinedValuesAreNaN() {
        RecordingDetection d = new RecordingDetection("quiet", 30, windows(new double[] {.1, .2, .3}, 10),
                List.of(), EventRule.of(0.5));
        RecordingEvaluation e = DetectionEvaluation.training().evaluate(new ScoredRecording("C", d, List.of()));
        assertTrue(Double.isNaN(e.windows().bullRecall()));
        assertTrue(Double.isNaN(e.windows().precision()));
        assertTrue(Double.isNaN(e.windows().averagePrecision()));
        assertTrue(Double.isNaN(e.events().eventRecall()));
        assertTrue(Double.isNaN(e.events().eventPrecision()));
        assertTrue(Double.isNaN(e.listening().reductionFactor()));
        assertEquals(0, e.listening().minutesPerHour());
        Map<String, Object> m = e.toMap();
        assertTrue(Double.isNaN((Double) ((Map<?, ?>) m.get("events")).get("eventRecall")));
    }

    @Test
    void toMapIsOrderedAndComplete() {
        EvaluationReport report = DetectionEvaluation.training().evaluate(List.of(r1(), r2()));
        Map<String, Object> m = report.toMap();
        assertEquals(List.of("labelRule", "overall", "sites", "recordings"), List.copyOf(m.keySet()));
        Map<?, ?> overall = (Map<?, ?>) m.get("overall");
        assertEquals(List.of("name", "recordings", "threshold", "windows", "events", "listening"),
                List.copyOf(overall.keySet()));
        Map<?, ?> windows = (Map<?, ?>) overall.get("windows");
        assertEquals(13L, windows.get("windows")); // 9 + 4 non-ambiguous
        assertEquals(1L, windows.get("tp"));
        assertEquals(4L, windows.get("fp"));
        List<?> curve = (List<?>) windows.get("prCurve");
        // 8 distinct scores and the closing point; all move by more than 0.005
        assertEquals(9, curve.size());
        Map<?, ?> events = (Map<?, ?>) overall.get("events");
        assertEquals(1, events.get("missedLong"));
        assertEquals(List.of(Map.of("recording", "r1", "start", 59.5, "end", 63.5, "duration", 4.0)),
                events.get("missedLongEvents"));
        Map<?, ?> listening = (Map<?, ?>) overall.get("listening");
        assertEquals(2.8, (Double) listening.get("reductionFactor"), EPS);
        assertEquals(2, ((List<?>) m.get("sites")).size());
        assertEquals(2, ((List<?>) m.get("recordings")).size());
    }

    @Test
    void thinsTheCurveButKeepsBothEnds() {
        List<io.bullwatch.core.metrics.PrecisionRecallPoint> curve = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            curve.add(new io.bullwatch.core.metrics.PrecisionRecallPoint(i, 0.5, 1 - i / 1000.0));
        }
        List<io.bullwatch.core.metrics.PrecisionRecallPoint> thin = WindowMetrics.thinned(curve, 0.005);
        assertEquals(curve.get(0), thin.get(0));
        assertEquals(curve.get(1000), thin.get(thin.size() - 1));
        // recall moves 0.001 per point: every fifth point is kept (within rounding), 201 or so
        assertTrue(thin.size() >= 190 && thin.size() <= 202, "size " + thin.size());
    }

    @Test
    void rejectsNoRecordingsAndBadDurations() {
        assertThrows(IllegalArgumentException.class, () -> DetectionEvaluation.training().evaluate(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> DetectionEvaluation.of(LabelRule.anyOverlap()).withLongMissSeconds(-1));
    }
}
