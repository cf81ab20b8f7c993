package io.bullwatch.core.window;

import static io.bullwatch.core.window.WindowLabel.AMBIGUOUS;
import static io.bullwatch.core.window.WindowLabel.BULL;
import static io.bullwatch.core.window.WindowLabel.NO_BULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Seed windows (15 s every 5 s) at 100 Hz. A 60 s recording has (60 - 15) / 5 + 1 = 10 windows:
 * [0,15] [5,20] [10,25] [15,30] [20,35] [25,40] [30,45] [35,50] [40,55] [45,60].
 */
class WindowLabellerTest {

    private static final int RATE = 100;
    private static final Segmenter SIXTY_SECONDS = Segmenter.of(WindowSpec.SEED, RATE, 6_000);

    private static List<WindowLabel> labels(WindowLabelling labelling) {
        return labelling.windows().stream().map(LabelledWindow::label).collect(Collectors.toList());
    }

    private static List<WindowLabel> expected(String code) {
        List<WindowLabel> out = new ArrayList<>();
        for (char c : code.toCharArray()) {
            out.add(c == 'B' ? BULL : c == 'A' ? AMBIGUOUS : NO_BULL);
        }
        return out;
    }

    @Test
    void seedRuleVersusAnyOverlap() {
        // A [12,14]: inside windows 0, 1, 2.
        // B [30,33]: start 30 lies in [15,30] (edge), [20,35], [25,40], [30,45] -> windows 3..6;
        //            positive overlap only with [20,35], [25,40], [30,45] -> windows 4..6.
        List<Annotation> events = List.of(Annotation.of(12, 14), Annotation.of(30, 33));
        WindowLabelling seed = WindowLabeller.seed().label(SIXTY_SECONDS, events);
        assertEquals(expected("BBBBBBBNNN"), labels(seed));
        WindowLabelling any = WindowLabeller.of(LabelRule.anyOverlap()).label(SIXTY_SECONDS, events);
        assertEquals(expected("BBBNBBBNNN"), labels(any));
        assertTrue(seed.allEventsLabelled());
        assertEquals(7, seed.count(BULL));
        assertEquals(3, seed.count(NO_BULL));
        assertEquals(2, seed.countedEvents());
        for (int i = 0; i < 10; i++) {
            assertEquals(i, seed.windows().get(i).window().index());
            assertFalse(seed.windows().get(i).extra());
        }
    }

    @Test
    void eventEndingExactlyAtAWindowStart() {
        // [2,10]: start 2 in [0,15]; end 10 in [0,15], [5,20] and, on its start edge, [10,25]
        List<Annotation> events = List.of(Annotation.of(2, 10));
        assertEquals(expected("BBBNNNNNNN"),
                labels(WindowLabeller.seed().label(SIXTY_SECONDS, events)));
        // anyOverlap: [10,25] shares 0 s with it
        assertEquals(expected("BBNNNNNNNN"),
                labels(WindowLabeller.of(LabelRule.anyOverlap()).label(SIXTY_SECONDS, events)));
    }

    @Test
    void eventLongerThanTheWindows() {
        // C [20,58]: start 20 lies in [5,20] [10,25] [15,30] [20,35] -> windows 1..4;
        // end 58 lies only in [45,60] -> window 9. Windows 5..8 lie wholly inside C.
        List<Annotation> events = List.of(Annotation.of(20, 58));
        assertEquals(expected("NBBBBNNNNB"),
                labels(WindowLabeller.seed().label(SIXTY_SECONDS, events)));
        // anyOverlap: [5,20] only touches 20 -> N; windows 2..9 overlap C
        assertEquals(expected("NNBBBBBBBB"),
                labels(WindowLabeller.of(LabelRule.anyOverlap()).label(SIXTY_SECONDS, events)));
        // the seed rule with a band from 0 s marks the covered windows ambiguous
        WindowLabelling banded = WindowLabeller.of(LabelRule.seedTouches().withAmbiguousOverlapAbove(0))
                .label(SIXTY_SECONDS, events);
        assertEquals(expected("NBBBBAAAAB"), labels(banded));
        assertEquals(4, banded.count(AMBIGUOUS));
    }

    @Test
    void ambiguousBandAcrossWindows() {
        // D [13,17] with minOverlapSeconds(3), ambiguous above 0 s:
        // [0,15]: 2 s -> A; [5,20]: 4 s -> B; [10,25]: 4 s -> B; [15,30]: 2 s -> A; others 0.
        LabelRule rule = LabelRule.minOverlapSeconds(3).withAmbiguousOverlapAbove(0);
        WindowLabelling l = WindowLabeller.of(rule).label(SIXTY_SECONDS, List.of(Annotation.of(13, 17)));
        assertEquals(expected("ABBANNNNNN"), labels(l));
    }

    @Test
    void bullFromOneEventBeatsAmbiguousFromAnother() {
        // E [12,14] makes [0,15] positive (2 s wholly inside); F [14.5,19] gives it 0.5 s only
        LabelRule rule = LabelRule.minOverlapSeconds(3).withAmbiguousOverlapAbove(0);
        WindowLabelling l = WindowLabeller.of(rule)
                .label(SIXTY_SECONDS, List.of(Annotation.of(12, 14), Annotation.of(14.5, 19)));
        assertEquals(BULL, l.windows().get(0).label());
    }

    @Test
    void eventInTheTailIsUnlabelledWhenDroppedAndLabelledWhenPadded() {
        // 62 s = 6200 frames: full windows still end at [45,60]; the tail 60..62 s is in none.
        // G [60.5,61.5] starts after the last full window ends.
        List<Annotation> events = List.of(Annotation.of(12, 14), Annotation.of(60.5, 61.5));
        Segmenter drop = Segmenter.of(WindowSpec.SEED, RATE, 6_200);
        WindowLabelling dropped = WindowLabeller.seed().label(drop, events);
        assertEquals(10, dropped.windows().size());
        assertEquals(List.of(Annotation.of(60.5, 61.5)), dropped.unlabelledEvents());
        assertFalse(dropped.allEventsLabelled());

        // PAD adds window 10 = [50,65] (frames 5000..6500, 300 frames of zeros): G is inside
        Segmenter pad = Segmenter.of(WindowSpec.SEED, RATE, 6_200, TailPolicy.PAD);
        WindowLabelling padded = WindowLabeller.seed().label(pad, events);
        assertEquals(11, padded.windows().size());
        LabelledWindow last = padded.windows().get(10);
        assertEquals(new Window(10, 5_000, 6_500), last.window());
        assertTrue(last.window().isPadded(6_200));
        assertEquals(BULL, last.label());
        assertTrue(padded.allEventsLabelled());
    }

    @Test
    void extraWindowsAreCentredOnUnlabelledEvents() {
        // In the DROP case above G [60.5,61.5] is unlabelled. Its centre is 61 s = frame 6100;
        // 6100 - 1500 / 2 = 5350, but a window must end by 6200, so it starts at 4700 (47 s).
        Segmenter drop = Segmenter.of(WindowSpec.SEED, RATE, 6_200);
        WindowLabelling l = WindowLabeller.seed().withExtraWindows(true)
                .label(drop, List.of(Annotation.of(60.5, 61.5)));
        assertEquals(11, l.windows().size());
        LabelledWindow extra = l.windows().get(10);
        assertEquals(new LabelledWindow(new Window(10, 4_700, 6_200), BULL, true), extra);
        assertEquals(1, l.extraCount());
        assertEquals(1, l.unlabelledEvents().size()); // still reported
    }

    @Test
    void eventsNoWindowCanTakeAreReportedWithACentredWindow() {
        // minEventFraction(1) needs the whole event inside a 15 s window; C [20,58] is 38 s long.
        // Its centre 39 s = frame 3900; 3900 - 750 = 3150 -> extra window [31.5, 46.5].
        WindowLabelling l = WindowLabeller.of(LabelRule.minEventFraction(1)).withExtraWindows(true)
                .label(SIXTY_SECONDS, List.of(Annotation.of(20, 58), Annotation.of(12, 14)));
        assertEquals(List.of(Annotation.of(20, 58)), l.unlabelledEvents());
        assertEquals(11, l.windows().size());
        assertEquals(new Window(10, 3_150, 4_650), l.windows().get(10).window());
        assertEquals(expected("BBBNNNNNNNB"), labels(l)); // [12,14] wholly inside windows 0..2
    }

    @Test
    void labelFilterChoosesWhichEventsCount() {
        List<Annotation> events = List.of(
                new Annotation(12, 14, "bull"), new Annotation(40, 42, "heron"));
        WindowLabelling all = WindowLabeller.seed().label(SIXTY_SECONDS, events);
        // heron [40,42]: start 40 lies in [25,40] (edge) [30,45] [35,50] [40,55] -> windows 5..8
        assertEquals(expected("BBBNNBBBBN"), labels(all));
        WindowLabelling bulls = WindowLabeller.seed().withLabels("bull").label(SIXTY_SECONDS, events);
        assertEquals(expected("BBBNNNNNNN"), labels(bulls));
        assertEquals(1, bulls.countedEvents());
        assertEquals(1, bulls.ignoredEvents());
        WindowLabelling byPredicate = WindowLabeller.seed()
                .withLabelFilter(label -> label.startsWith("her")).label(SIXTY_SECONDS, events);
        assertEquals(expected("NNNNNBBBBN"), labels(byPredicate));
    }

    @Test
    void unsortedEventsGiveTheSameResult() {
        List<Annotation> sorted = List.of(
                Annotation.of(3, 4), Annotation.of(12, 14), Annotation.of(20, 58), Annotation.of(44, 45));
        List<Annotation> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        WindowLabeller labeller = WindowLabeller.of(LabelRule.minEventFraction(0.5));
        assertEquals(labeller.label(SIXTY_SECONDS, sorted), labeller.label(SIXTY_SECONDS, shuffled));
    }

    @Test
    void noWindowsMeansEveryEventIsUnlabelled() {
        Segmenter shortOne = Segmenter.of(WindowSpec.SEED, RATE, 1_000); // 10 s, DROP
        WindowLabelling l = WindowLabeller.seed().label(shortOne, List.of(Annotation.of(2, 3)));
        assertTrue(l.windows().isEmpty());
        assertEquals(1, l.unlabelledEvents().size());
    }

    @Test
    void onePassAgreesWithCheckingEveryPair() {
        // Random recordings with long and short events; the expected labels come from asking the
        // rule about every (window, event) pair, the O(windows * events) definition.
        Random random = new Random(20240501L);
        LabelRule[] rules = {
            LabelRule.seedTouches(), LabelRule.anyOverlap(),
            LabelRule.minOverlapSeconds(2).withAmbiguousOverlapAbove(0.5),
            LabelRule.minEventFraction(0.6).withAmbiguousFractionAbove(0.1)
        };
        for (int trial = 0; trial < 200; trial++) {
            long frames = 1_000 + random.nextInt(30_000); // 10 s .. 310 s at 100 Hz
            Segmenter s = Segmenter.of(WindowSpec.SEED, RATE, frames,
                    random.nextBoolean() ? TailPolicy.DROP : TailPolicy.PAD);
            List<Annotation> events = new ArrayList<>();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                // half-second grid, so that events often start or end exactly on a window edge
                double start = random.nextInt((int) (frames / 50) + 1) * 0.5;
                int halfSeconds = random.nextInt(5) == 0 ? random.nextInt(120) : random.nextInt(16);
                events.add(Annotation.of(start, start + halfSeconds * 0.5));
            }
            LabelRule rule = rules[trial % rules.length];
            WindowLabelling l = WindowLabeller.of(rule).label(s, events);
            List<Annotation> positive = new ArrayList<>();
            for (Window w : s) {
                WindowLabel want = NO_BULL;
                for (Annotation e : events) {
                    WindowLabel got = rule.label(w.startSeconds(RATE), w.endSeconds(RATE), e);
                    want = want.combine(got);
                    if (got == BULL) {
                        positive.add(e);
                    }
                }
                assertEquals(want, l.windows().get(w.index()).label(),
                        "trial " + trial + " window " + w.index());
            }
            for (Annotation e : events) {
                assertEquals(!positive.contains(e), l.unlabelledEvents().contains(e),
                        "trial " + trial + " event " + e);
            }
        }
    }
}
