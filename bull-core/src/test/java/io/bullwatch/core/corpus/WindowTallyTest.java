package io.bullwatch.core.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bullwatch.core.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTallyTest {

    @Test
    void countsWholeWindowsOnly() {
        assertEquals(0, WindowTally.windows(14.9, 15, 5));
        assertEquals(1, WindowTally.windows(15, 15, 5));
        assertEquals(1, WindowTally.windows(19.99, 15, 5));
        assertEquals(2, WindowTally.windows(20, 15, 5));
        assertEquals(718, WindowTally.windows(3600, 15, 5));
        assertEquals(240, WindowTally.windows(3600, 15, 15));
        // 0.3 - 0.1 = 0.19999999999999998 in doubles: still three windows of 0.1 s.
        assertEquals(3, WindowTally.windows(0.3, 0.1, 0.1));
        assertEquals(0, WindowTally.windows(0, 15, 5));
    }

    @Test
    void positiveWhenAnEventOverlapsForAPositiveTime() {
        // 40 s, windows [0,15) [5,20) [10,25) [15,30) [20,35) [25,40).
        assertEquals(0, WindowTally.positives(40, 15, 5, List.of()));
        // [14,16] overlaps [0,15), [5,20), [10,25) and [15,30).
        assertEquals(4, WindowTally.positives(40, 15, 5, List.of(Annotation.of(14, 16))));
        // Ends exactly where window 3 starts: windows 0..2 only overlap [0,15).
        assertEquals(3, WindowTally.positives(40, 15, 5, List.of(Annotation.of(0, 15))));
        // Starts at 40, the end of the recording: overlaps nothing.
        assertEquals(0, WindowTally.positives(40, 15, 5, List.of(Annotation.of(40, 41))));
        // Instants: 15 lies in [5,20), [10,25), [15,30); 0 lies in [0,15) only.
        assertEquals(3, WindowTally.positives(40, 15, 5, List.of(Annotation.of(15, 15))));
        assertEquals(1, WindowTally.positives(40, 15, 5, List.of(Annotation.of(0, 0))));
        // [1,2] and [1.5,3] both hit only [0,15), which counts once; [26,39] hits [15,30),
        // [20,35) and [25,40).
        assertEquals(4, WindowTally.positives(40, 15, 5,
                List.of(Annotation.of(1, 2), Annotation.of(1.5, 3), Annotation.of(26, 39))));
    }

    @Test
    void refusesBadWindows() {
        assertThrows(IllegalArgumentException.class, () -> WindowTally.windows(10, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> WindowTally.windows(10, 15, -1));
        assertThrows(IllegalArgumentException.class,
                () -> WindowTally.windows(10, 15, Double.NaN));
    }
}
