package io.bullwatch.core.window;

import static io.bullwatch.core.window.WindowLabel.AMBIGUOUS;
import static io.bullwatch.core.window.WindowLabel.BULL;
import static io.bullwatch.core.window.WindowLabel.NO_BULL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import org.junit.jupiter.api.Test;

/** All cases use the window [10 s, 25 s]. */
class LabelRuleTest {

    private static final double WS = 10.0;
    private static final double WE = 25.0;

    private static WindowLabel label(LabelRule rule, double start, double end) {
        return rule.label(WS, WE, Annotation.of(start, end));
    }

    @Test
    void seedTouchesCountsEdgesAndMissesCoveringEvents() {
        LabelRule seed = LabelRule.seedTouches();
        assertEquals(BULL, label(seed, 24, 26)); // start inside
        assertEquals(BULL, label(seed, 8, 11)); // end inside
        assertEquals(BULL, label(seed, 12, 14)); // wholly inside
        assertEquals(BULL, label(seed, 25, 28)); // starts exactly at the window end: 25 <= 25
        assertEquals(BULL, label(seed, 7, 10)); // ends exactly at the window start: 10 <= 10
        assertEquals(NO_BULL, label(seed, 5, 30)); // covers the window: neither edge inside
        assertEquals(NO_BULL, label(seed, 25.5, 28));
        assertEquals(NO_BULL, label(seed, 2, 9.5));
    }

    @Test
    void anyOverlapNeedsPositiveOverlap() {
        LabelRule any = LabelRule.anyOverlap();
        assertEquals(BULL, label(any, 24, 26)); // 1 s inside
        assertEquals(BULL, label(any, 5, 30)); // covers the window: 15 s inside
        assertEquals(NO_BULL, label(any, 25, 28)); // touches the end: 0 s
        assertEquals(NO_BULL, label(any, 7, 10)); // touches the start: 0 s
        assertEquals(NO_BULL, label(any, 30, 31));
    }

    @Test
    void pointEventsCountInsideTheClosedWindowUnderEveryRule() {
        LabelRule[] rules = {
            LabelRule.seedTouches(), LabelRule.anyOverlap(), LabelRule.minOverlapSeconds(2),
            LabelRule.minEventFraction(1), LabelRule.minOverlapSeconds(2).withAmbiguousOverlapAbove(0)
        };
        for (LabelRule r : rules) {
            assertEquals(BULL, label(r, 25, 25), r.toString()); // on the edge
            assertEquals(BULL, label(r, 17, 17), r.toString());
            assertEquals(NO_BULL, label(r, 25.5, 25.5), r.toString());
        }
    }

    @Test
    void minOverlapSeconds() {
        LabelRule two = LabelRule.minOverlapSeconds(2);
        assertEquals(NO_BULL, label(two, 24, 30)); // 25 - 24 = 1 s < 2 s
        assertEquals(BULL, label(two, 23, 30)); // 25 - 23 = 2 s, the boundary counts
        assertEquals(BULL, label(two, 11, 12)); // a 1 s event wholly inside: min(2, 1) = 1 s
        assertEquals(NO_BULL, label(two, 24.5, 25.5)); // 1 s event, 0.5 s inside < min(2, 1)
        assertEquals(BULL, label(two, 0, 40)); // 40 s event covering the window: 15 s inside
        assertEquals(NO_BULL, label(two, 25, 27)); // touching only
    }

    @Test
    void minEventFraction() {
        LabelRule half = LabelRule.minEventFraction(0.5);
        assertEquals(BULL, label(half, 22, 28)); // 3 s of 6 s = 0.5
        assertEquals(NO_BULL, label(half, 22.5, 28.5)); // 2.5 s of 6 s < 0.5
        assertEquals(NO_BULL, label(half, 0, 40)); // 15 s of 40 s = 0.375
        assertEquals(BULL, label(half, 5, 30)); // 15 s of 25 s = 0.6
        LabelRule whole = LabelRule.minEventFraction(1);
        assertEquals(BULL, label(whole, 10, 25)); // exactly the window
        assertEquals(NO_BULL, label(whole, 9.9, 12));
    }

    @Test
    void ambiguousBandByOverlap() {
        LabelRule rule = LabelRule.minOverlapSeconds(2).withAmbiguousOverlapAbove(0.5);
        assertEquals(BULL, label(rule, 23, 30)); // 2 s
        assertEquals(AMBIGUOUS, label(rule, 24, 30)); // 1 s: in (0.5, 2)
        assertEquals(NO_BULL, label(rule, 24.5, 30)); // 0.5 s: not above the lower bound
        assertEquals(NO_BULL, label(rule, 26, 30)); // outside

        // the seed rule misses covering events; a band from 0 makes them ambiguous instead
        LabelRule seedBand = LabelRule.seedTouches().withAmbiguousOverlapAbove(0);
        assertEquals(AMBIGUOUS, label(seedBand, 5, 30));
        assertEquals(BULL, label(seedBand, 25, 28)); // the seed's edge touch stays positive
    }

    @Test
    void ambiguousBandByFraction() {
        LabelRule rule = LabelRule.minEventFraction(0.5).withAmbiguousFractionAbove(0.25);
        assertEquals(AMBIGUOUS, label(rule, 0, 40)); // 0.375 in (0.25, 0.5)
        assertEquals(BULL, label(rule, 22, 28)); // 0.5
        assertEquals(NO_BULL, label(rule, 23.5, 29.5)); // 1.5 s of 6 s = 0.25, not above
        assertEquals(NO_BULL, label(rule, 26, 26)); // a point outside is never ambiguous
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> LabelRule.minOverlapSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> LabelRule.minOverlapSeconds(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LabelRule.minEventFraction(0));
        assertThrows(IllegalArgumentException.class, () -> LabelRule.minEventFraction(1.01));
        assertThrows(IllegalArgumentException.class,
                () -> LabelRule.anyOverlap().withAmbiguousOverlapAbove(-1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelRule.minEventFraction(0.5).withAmbiguousFractionAbove(1));
        assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
    }

    @Test
    void rulesDescribeThemselvesAndCompareByValue() {
        assertEquals("minOverlapSeconds(2.0).withAmbiguousOverlapAbove(0.5)",
                LabelRule.minOverlapSeconds(2).withAmbiguousOverlapAbove(0.5).toString());
        assertEquals("seedTouches()", LabelRule.seedTouches().toString());
        assertEquals(LabelRule.minEventFraction(0.5), LabelRule.minEventFraction(0.5));
    }

    @Test
    void labelsCombineWithBullStrongest() {
        assertEquals(BULL, NO_BULL.combine(BULL));
        assertEquals(BULL, AMBIGUOUS.combine(BULL));
        assertEquals(AMBIGUOUS, NO_BULL.combine(AMBIGUOUS));
        assertEquals(NO_BULL, NO_BULL.combine(NO_BULL));
        assertFalse(AMBIGUOUS.isTrainable());
        assertTrue(NO_BULL.isTrainable());
        assertTrue(BULL.isBull());
    }
}
