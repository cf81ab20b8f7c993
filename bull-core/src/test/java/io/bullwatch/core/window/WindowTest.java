package io.bullwatch.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void secondsFromFrames() {
        // frames 220500..882000 at 44100 Hz: 220500/44100 = 5 s, 882000/44100 = 20 s
        Window w = new Window(1, 220_500, 882_000);
        assertEquals(661_500, w.lengthFrames());
        assertEquals(5.0, w.startSeconds(44_100));
        assertEquals(20.0, w.endSeconds(44_100));
        assertEquals(12.5, w.centreSeconds(44_100));
    }

    @Test
    void paddingPastTheRecordingEnd() {
        Window w = new Window(0, 100, 200);
        assertFalse(w.isPadded(200)); // ends exactly at the end of the recording
        assertEquals(0, w.paddedFrames(500));
        assertTrue(w.isPadded(199));
        assertEquals(1, w.paddedFrames(199));
        assertEquals(70, w.paddedFrames(130)); // 200 - 130
        assertEquals(100, w.paddedFrames(50)); // starts after the end: all padding
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new Window(-1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Window(0, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Window(0, 10, 10));
        Window w = new Window(0, 0, 10);
        assertThrows(IllegalArgumentException.class, () -> w.startSeconds(0));
        assertThrows(IllegalArgumentException.class, () -> w.endSeconds(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> w.paddedFrames(-1));
    }
}
