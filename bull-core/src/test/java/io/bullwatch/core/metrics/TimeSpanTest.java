package io.bullwatch.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import org.junit.jupiter.api.Test;

class TimeSpanTest {

    private static void assertOverlap(boolean expected, TimeSpan a, TimeSpan b) {
        assertEquals(expected, a.overlaps(b), a + " vs " + b);
        assertEquals(expected, b.overlaps(a), b + " vs " + a);
    }

    @Test
    void overlapRules() {
        TimeSpan span = TimeSpan.of(10, 14);
        assertOverlap(true, span, TimeSpan.of(13, 20));
        assertOverlap(true, span, TimeSpan.of(0, 100));
        assertOverlap(false, span, TimeSpan.of(14, 20)); // end to start: touching only
        assertOverlap(false, span, TimeSpan.of(5, 10));
        assertOverlap(true, span, TimeSpan.of(14, 14)); // a point on the edge
        assertOverlap(true, span, TimeSpan.of(12, 12));
        assertOverlap(false, span, TimeSpan.of(14.5, 14.5));
        assertOverlap(true, TimeSpan.of(3, 3), TimeSpan.of(3, 3));
        assertOverlap(false, TimeSpan.of(3, 3), TimeSpan.of(4, 4));
    }

    @Test
    void fromAnnotation() {
        TimeSpan s = TimeSpan.of(new Annotation(1.5, 4, "bull"));
        assertEquals(TimeSpan.of(1.5, 4), s);
        assertEquals(2.5, s.duration());
        assertFalse(s.isPoint());
        assertTrue(TimeSpan.of(2, 2).isPoint());
    }

    @Test
    void validation() {
        assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(3, 2));
        assertThrows(IllegalArgumentException.class, () -> TimeSpan.of(0, Double.NaN));
    }
}
