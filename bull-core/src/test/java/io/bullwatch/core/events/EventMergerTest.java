package io.bullwatch.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventMergerTest {

    /** The seed's windows (15 s every 5 s) over 60 s with the given scores. */
    private static List<WindowScore> seedWindows(float... scores) {
        List<WindowScore> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new WindowScore(5.0 * i, 5.0 * i + 15, scores[i]));
        }
        return out;
    }

    private static EventRule plain(double threshold) {
        return new EventRule(threshold, false, 0, 0, Double.POSITIVE_INFINITY, EventRule.Aggregate.MAX);
    }

    @Test
    void overlappingFlaggedWindowsBecomeOneSpan() {
        // windows 2,3,4 start at 10, 15, 20 s
        List<DetectedEvent> e = EventMerger.merge(seedWindows(0.1f, 0.2f, 0.9f, 0.7f, 0.6f, 0.1f, 0.1f),
                plain(0.5), 45);
        assertEquals(List.of(new DetectedEvent(10, 35, 0.9f, 3)), e);
    }

    @Test
    void refiningCutsAwayWhatQuietWindowsCover() {
        // a bull at 20-24 s fires windows starting at 10, 15, 20; windows at 5 and 25 are quiet
        EventRule rule = new EventRule(0.5, true, 0, 0, Double.POSITIVE_INFINITY, EventRule.Aggregate.MEAN);
        List<DetectedEvent> e = EventMerger.merge(seedWindows(0.1f, 0.2f, 0.9f, 0.7f, 0.6f, 0.1f, 0.1f), rule, 45);
        assertEquals(1, e.size());
        assertEquals(20, e.get(0).start(), 1e-12);
        assertEquals(25, e.get(0).end(), 1e-12);
        assertEquals((0.9 + 0.7 + 0.6) / 3, e.get(0).score(), 1e-6);
        assertEquals(3, e.get(0).windows());
    }

    @Test
    void refiningCanSplitASpanInTwo() {
        // bulls at 10-15 and 30-35: windows at 0, 5, 10 and 20, 25, 30 fire; the one at 15
        // (covering 15-30) and the one at 35 do not
        EventRule rule = new EventRule(0.5, true, 0, 0, Double.POSITIVE_INFINITY, EventRule.Aggregate.MAX);
        List<DetectedEvent> e = EventMerger.merge(
                seedWindows(0.7f, 0.8f, 0.7f, 0.1f, 0.6f, 0.55f, 0.6f, 0f), rule, 50);
        assertEquals(2, e.size());
        assertEquals(0, e.get(0).start(), 1e-12);
        assertEquals(15, e.get(0).end(), 1e-12);
        assertEquals(0.8, e.get(0).score(), 1e-6);
        assertEquals(30, e.get(1).start(), 1e-12);
        assertEquals(35, e.get(1).end(), 1e-12);
        assertEquals(0.6, e.get(1).score(), 1e-6);
    }

    @Test
    void anIsolatedWindowThatRefiningWouldEraseIsKeptWhole() {
        EventRule rule = new EventRule(0.5, true, 0, 0, Double.POSITIVE_INFINITY, EventRule.Aggregate.MAX);
        List<DetectedEvent> e = EventMerger.merge(seedWindows(0f, 0f, 0.8f, 0f, 0f), rule, 35);
        assertEquals(List.of(new DetectedEvent(10, 25, 0.8f, 1)), e);
        // two flagged windows whose every second a quiet window covers: the whole span is kept
        List<DetectedEvent> split = EventMerger.merge(seedWindows(0f, 0f, 0.8f, 0.1f, 0.6f, 0f, 0f), rule, 45);
        assertEquals(List.of(new DetectedEvent(10, 35, 0.8f, 2)), split);
    }

    @Test
    void gapJoinsNearbyEventsAndTouchingOnesAlwaysJoin() {
        List<WindowScore> w = List.of(new WindowScore(0, 2, 0.9f), new WindowScore(2, 4, 0.9f),
                new WindowScore(4, 6, 0f), new WindowScore(6, 8, 0.9f), new WindowScore(8, 10, 0f),
                new WindowScore(10, 12, 0f), new WindowScore(12, 14, 0.9f));
        List<DetectedEvent> none = EventMerger.merge(w, plain(0.5), 14);
        assertEquals(3, none.size());
        assertEquals(0, none.get(0).start());
        assertEquals(4, none.get(0).end());
        EventRule gap2 = new EventRule(0.5, false, 2, 0, Double.POSITIVE_INFINITY, EventRule.Aggregate.MAX);
        List<DetectedEvent> joined = EventMerger.merge(w, gap2, 14);
        assertEquals(2, joined.size());
        assertEquals(0, joined.get(0).start());
        assertEquals(8, joined.get(0).end());
        assertEquals(12, joined.get(1).start());
    }

    @Test
    void shortEventsAreWidenedWithinTheRecordingAndLongOnesCut() {
        List<WindowScore> w = List.of(new WindowScore(0, 1, 0.9f), new WindowScore(1, 5, 0f),
                new WindowScore(5, 6, 0.7f), new WindowScore(6, 9, 0f), new WindowScore(9, 10, 0.6f));
        EventRule min4 = new EventRule(0.5, false, 0, 4, Double.POSITIVE_INFINITY, EventRule.Aggregate.MAX);
        List<DetectedEvent> e = EventMerger.merge(w, min4, 10);
        // at the start: 0-1 widened to 0-4 (cannot go below 0); 5-6 to 3.5-7.5; 9-10 to 6-10
        assertEquals(3, e.size());
        assertEquals(0, e.get(0).start(), 1e-12);
        assertEquals(4, e.get(0).end(), 1e-12);
        assertEquals(3.5, e.get(1).start(), 1e-12);
        assertEquals(7.5, e.get(1).end(), 1e-12);
        assertEquals(6, e.get(2).start(), 1e-12);
        assertEquals(10, e.get(2).end(), 1e-12);
        assertEquals(0.7, e.get(1).score(), 1e-6);
        assertEquals(1, e.get(1).windows());

        List<WindowScore> longRun = seedWindows(0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f); // 0-45 s
        EventRule max20 = new EventRule(0.5, true, 0, 0, 20, EventRule.Aggregate.MAX);
        List<DetectedEvent> parts = EventMerger.merge(longRun, max20, 45);
        assertEquals(3, parts.size());
        assertEquals(0, parts.get(0).start(), 1e-12);
        assertEquals(15, parts.get(0).end(), 1e-12);
        assertEquals(45, parts.get(2).end(), 1e-12);
    }

    @Test
    void everyFlaggedWindowOverlapsAnEventAndOrderDoesNotMatter() {
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 200; trial++) {
            float[] s = new float[40];
            for (int i = 0; i < s.length; i++) {
                s[i] = random.nextFloat();
            }
            List<WindowScore> w = seedWindows(s);
            EventRule rule = EventRule.of(0.7);
            List<DetectedEvent> events = EventMerger.merge(w, rule, 5.0 * 39 + 15);
            List<WindowScore> shuffled = new ArrayList<>(w);
            java.util.Collections.shuffle(shuffled, random);
            assertEquals(events, EventMerger.merge(shuffled, rule, 5.0 * 39 + 15));
            for (WindowScore x : w) {
                if (x.isFlagged(0.7)) {
                    assertTrue(events.stream().anyMatch(e -> e.start() < x.end() && e.end() > x.start()),
                            "flagged window " + x + " lost");
                }
            }
            for (int k = 1; k < events.size(); k++) {
                assertTrue(events.get(k).start() >= events.get(k - 1).end(), "events overlap: " + events);
            }
        }
    }

    @Test
    void nothingFlaggedGivesNoEventsAndBadRulesAreRefused() {
        assertTrue(EventMerger.merge(seedWindows(0.1f, 0.2f), EventRule.of(0.5), 20).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new EventRule(0.5, true, 0, 10, 5, EventRule.Aggregate.MAX));
        assertThrows(IllegalArgumentException.class,
                () -> new EventRule(Double.NaN, true, 0, 0, 5, EventRule.Aggregate.MAX));
        assertThrows(IllegalArgumentException.class, () -> new WindowScore(5, 5, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new WindowScore(0, 5, Float.NaN));
    }
}
