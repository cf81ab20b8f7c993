package io.bullwatch.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowSpecTest {

    @Test
    void seedIsFifteenSecondsEveryFive() {
        assertSame(WindowSpec.SEED, WindowSpec.defaults());
        assertEquals(15.0, WindowSpec.SEED.lengthSeconds());
        assertEquals(5.0, WindowSpec.SEED.hopSeconds());
        assertEquals(10.0, WindowSpec.SEED.overlapSeconds());
    }

    @Test
    void hopEqualToLengthIsAllowed() {
        assertEquals(0.0, WindowSpec.of(10, 10).overlapSeconds());
    }

    @Test
    void rejectsBadValuesWithMessages() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(10, 12));
        assertTrue(e.getMessage().contains("must not exceed the window length"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(10, 0));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class,
                () -> WindowSpec.of(Double.POSITIVE_INFINITY, 1));
    }
}
