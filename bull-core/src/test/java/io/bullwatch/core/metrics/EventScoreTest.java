package io.bullwatch.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventScoreTest {

    private static final double EPS = 1e-12;

    /** Events [10,14] [20,21] [30,38] point 50 [60,63]. */
    private static final List<TimeSpan> TRUTH = List.of(TimeSpan.of(10, 14), TimeSpan.of(20, 21),
            TimeSpan.of(30, 38), TimeSpan.of(50, 50), TimeSpan.of(60, 63));

    /**
     * [12,16] finds [10,14]; [21,25] only touches [20,21]; [35,55] finds [30,38] and the point 50;
     * [70,75] finds nothing; the point 63 lies on the end of [60,63] and finds it.
     */
    private static final List<TimeSpan> DETECTED = List.of(TimeSpan.of(12, 16), TimeSpan.of(21, 25),
            TimeSpan.of(35, 55), TimeSpan.of(70, 75), TimeSpan.of(63, 63));

    @Test
    void handCheckedExample() {
        EventScore s = EventScore.of(TRUTH, DETECTED);
        assertEquals(5, s.trueEvents());
        assertEquals(5, s.detections());
        assertEquals(List.of(TimeSpan.of(20, 21)), s.missedEvents());
        assertEquals(List.of(TimeSpan.of(21, 25), TimeSpan.of(70, 75)), s.falseDetections());
        assertEquals(4, s.foundEvents());
        assertEquals(3, s.correctDetections());
        assertEquals(0.8, s.eventRecall(), EPS); // 4 / 5
        assertEquals(0.6, s.eventPrecision(), EPS); // 3 / 5
        assertEquals(1, s.missedLongerThan(0.5)); // [20,21] lasts 1 s
        assertEquals(0, s.missedLongerThan(1.0)); // strictly longer only
        assertEquals(0, s.missedLongerThan(2.0));
    }

    @Test
    void orderOfInputsDoesNotMatter() {
        List<TimeSpan> truth = new ArrayList<>(TRUTH);
        List<TimeSpan> detected = new ArrayList<>(DETECTED);
        Collections.reverse(truth);
        Collections.shuffle(detected, new Random(3));
        assertEquals(EventScore.of(TRUTH, DETECTED), EventScore.of(truth, detected));
    }

    @Test
    void oneLongDetectionFindsSeveralEvents() {
        EventScore s = EventScore.of(TRUTH, List.of(TimeSpan.of(0, 100)));
        assertEquals(1.0, s.eventRecall());
        assertEquals(1.0, s.eventPrecision());
    }

    @Test
    void longDetectionStartingEarlyIsSeenPastShorterOnes() {
        // sorted by start: [0,100] then [1,2]; the running maximum of ends must keep 100
        EventScore s = EventScore.of(List.of(TimeSpan.of(50, 51)),
                List.of(TimeSpan.of(1, 2), TimeSpan.of(0, 100)));
        assertEquals(1.0, s.eventRecall());
        assertEquals(0.5, s.eventPrecision()); // [1,2] finds nothing
    }

    @Test
    void emptyInputs() {
        EventScore none = EventScore.of(List.of(), List.of());
        assertTrue(Double.isNaN(none.eventRecall()));
        assertTrue(Double.isNaN(none.eventPrecision()));
        assertEquals(0, none.missedLongerThan(0));

        EventScore noDetections = EventScore.of(TRUTH, List.of());
        assertEquals(0.0, noDetections.eventRecall());
        assertTrue(Double.isNaN(noDetections.eventPrecision()));
        // missed events longer than 2 s: [10,14] (4 s) and [30,38] (8 s); [60,63] lasts 3 s
        assertEquals(3, noDetections.missedLongerThan(2.0));

        EventScore noTruth = EventScore.of(List.of(), DETECTED);
        assertTrue(Double.isNaN(noTruth.eventRecall()));
        assertEquals(0.0, noTruth.eventPrecision());
    }

    @Test
    void agreesWithCheckingEveryPair() {
        Random random = new Random(11L);
        for (int trial = 0; trial < 300; trial++) {
            List<TimeSpan> truth = randomSpans(random);
            List<TimeSpan> detected = randomSpans(random);
            EventScore s = EventScore.of(truth, detected);
            int found = 0;
            for (TimeSpan t : truth) {
                if (detected.stream().anyMatch(t::overlaps)) {
                    found++;
                }
            }
            int correct = 0;
            for (TimeSpan d : detected) {
                if (truth.stream().anyMatch(d::overlaps)) {
                    correct++;
                }
            }
            assertEquals(found, s.foundEvents(), "trial " + trial);
            assertEquals(correct, s.correctDetections(), "trial " + trial);
        }
    }

    @Test
    void rejectsBadDuration() {
        EventScore s = EventScore.of(TRUTH, DETECTED);
        assertThrows(IllegalArgumentException.class, () -> s.missedLongerThan(-1));
        assertThrows(IllegalArgumentException.class, () -> s.missedLongerThan(Double.NaN));
    }

    /** Spans on a 1 s grid, many of them points, so edges often coincide. */
    private static List<TimeSpan> randomSpans(Random random) {
        List<TimeSpan> spans = new ArrayList<>();
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
            int start = random.nextInt(40);
            int length = random.nextInt(3) == 0 ? 0 : random.nextInt(random.nextInt(4) == 0 ? 30 : 5);
            spans.add(TimeSpan.of(start, start + length));
        }
        return spans;
    }
}
