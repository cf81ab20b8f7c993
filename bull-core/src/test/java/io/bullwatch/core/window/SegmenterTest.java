package io.bullwatch.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SegmenterTest {

    private static final int RATE = 44_100;
    /** 3 h = 10800 s; 10800 * 44100 = 476,280,000 frames. */
    private static final long THREE_HOURS = 476_280_000L;

    @Test
    void threeHoursAt44kExactly() {
        // window 15 s = 661,500 frames, hop 5 s = 220,500 frames.
        // last start <= 476,280,000 - 661,500 = 475,618,500 = 2157 * 220,500 exactly,
        // so windows 0..2157: 2158 windows, the last ending exactly at the end of the recording.
        Segmenter drop = Segmenter.of(WindowSpec.SEED, RATE, THREE_HOURS);
        assertEquals(661_500, drop.windowFrames());
        assertEquals(2158, drop.count());
        Window last = drop.window(2157);
        assertEquals(475_618_500L, last.startFrame());
        assertEquals(THREE_HOURS, last.endFrame());
        assertFalse(last.isPadded(THREE_HOURS));
        // nothing left over, so PAD adds nothing
        Segmenter pad = Segmenter.of(WindowSpec.SEED, RATE, THREE_HOURS, TailPolicy.PAD);
        assertEquals(2158, pad.count());
        assertEquals(2158, pad.fullWindowCount());
    }

    @Test
    void threeHoursPlusOneFrame() {
        long n = THREE_HOURS + 1;
        // next start would be 2158 * 220,500 = 475,839,000 > 475,618,501 = n - 661,500: still 2158
        assertEquals(2158, Segmenter.of(WindowSpec.SEED, RATE, n).count());
        Segmenter pad = Segmenter.of(WindowSpec.SEED, RATE, n, TailPolicy.PAD);
        assertEquals(2159, pad.count());
        assertEquals(2158, pad.fullWindowCount());
        Window tail = pad.window(2158);
        assertEquals(475_839_000L, tail.startFrame());
        assertEquals(476_500_500L, tail.endFrame()); // + 661,500
        // 476,500,500 - 476,280,001 = 220,499 frames of zeros
        assertEquals(220_499L, tail.paddedFrames(n));
    }

    @Test
    void threeHoursMinusOneFrame() {
        long n = THREE_HOURS - 1;
        // last start <= 475,618,499: floor(475,618,499 / 220,500) = 2156, so 2157 windows,
        // the last ending at 2156 * 220,500 + 661,500 = 476,059,500 < n
        Segmenter drop = Segmenter.of(WindowSpec.SEED, RATE, n);
        assertEquals(2157, drop.count());
        assertEquals(476_059_500L, drop.window(2156).endFrame());
        Segmenter pad = Segmenter.of(WindowSpec.SEED, RATE, n, TailPolicy.PAD);
        assertEquals(2158, pad.count());
        Window tail = pad.window(2157);
        assertEquals(475_618_500L, tail.startFrame());
        assertEquals(1, tail.paddedFrames(n)); // ends at 476,280,000, one frame past the end
    }

    @Test
    void recordingShorterThanOneWindow() {
        long tenSeconds = 441_000; // 10 s < 15 s
        assertEquals(0, Segmenter.of(WindowSpec.SEED, RATE, tenSeconds).count());
        assertTrue(Segmenter.of(WindowSpec.SEED, RATE, tenSeconds).toList().isEmpty());
        Segmenter pad = Segmenter.of(WindowSpec.SEED, RATE, tenSeconds, TailPolicy.PAD);
        assertEquals(1, pad.count());
        assertEquals(0, pad.fullWindowCount());
        assertEquals(new Window(0, 0, 661_500), pad.window(0));
        assertEquals(220_500, pad.window(0).paddedFrames(tenSeconds)); // 661,500 - 441,000
    }

    @Test
    void emptyRecordingHasNoWindowsUnderEitherPolicy() {
        assertEquals(0, Segmenter.of(WindowSpec.SEED, RATE, 0).count());
        assertEquals(0, Segmenter.of(WindowSpec.SEED, RATE, 0, TailPolicy.PAD).count());
    }

    @Test
    void exactlyOneWindow() {
        assertEquals(1, Segmenter.of(WindowSpec.SEED, RATE, 661_500).count());
        assertEquals(1, Segmenter.of(WindowSpec.SEED, RATE, 661_500, TailPolicy.PAD).count());
    }

    @Test
    void fractionalHopIsRoundedPerIndex() {
        // 1 s windows every 0.4 s at 7 Hz: 7 frames per window, 2.8 frames per hop.
        // starts round(2.8 i): 0, 3 (2.8), 6 (5.6), 8 (8.4), 11 (11.2), 14, 17 (16.8), 20 (19.6),
        // 22 (22.4), 25 (25.2)
        // 30 frames: full windows need start <= 23, i.e. i <= 8: 9 windows; the last ends at 29 < 30
        Segmenter drop = Segmenter.of(WindowSpec.of(1.0, 0.4), 7, 30);
        assertEquals(7, drop.windowFrames());
        List<Long> starts = drop.stream().map(Window::startFrame).collect(Collectors.toList());
        assertEquals(List.of(0L, 3L, 6L, 8L, 11L, 14L, 17L, 20L, 22L), starts);
        Segmenter pad = Segmenter.of(WindowSpec.of(1.0, 0.4), 7, 30, TailPolicy.PAD);
        assertEquals(10, pad.count());
        assertEquals(new Window(9, 25, 32), pad.window(9));
        assertEquals(2, pad.window(9).paddedFrames(30));
    }

    @Test
    void startsDoNotAccumulateRoundingError() {
        // 0.1 s hop at 44.1 kHz = 4410 frames. Window 1,000,000 starts at 4,410,000,000 exactly.
        long n = 4_410_000_000L + 44_100; // room for that window, 1 s long
        Segmenter s = Segmenter.of(WindowSpec.of(1.0, 0.1), RATE, n);
        assertEquals(1_000_001, s.count());
        assertEquals(4_410_000_000L, s.window(1_000_000).startFrame());
        assertEquals(n, s.window(1_000_000).endFrame());
        // Adding a rounded hop instead would drift: with 2.8 frames per hop (0.4 s at 7 Hz),
        // 9 hops of round(2.8) = 3 frames reach 27, while window 9 starts at round(25.2) = 25.
        assertEquals(25, Segmenter.of(WindowSpec.of(1.0, 0.4), 7, 40).window(9).startFrame());
    }

    @Test
    void iteratorStreamAndListAgree() {
        // 100 s at 100 Hz with the seed spec: starts 0, 5, ..., 85 s: (100 - 15) / 5 + 1 = 18
        Segmenter s = Segmenter.of(WindowSpec.SEED, 100, 10_000);
        assertEquals(18, s.count());
        List<Window> fromIterator = new ArrayList<>();
        s.forEach(fromIterator::add);
        assertEquals(s.toList(), fromIterator);
        assertEquals(s.toList(), s.stream().collect(Collectors.toList()));
        for (int i = 0; i < s.count(); i++) {
            assertEquals(i, fromIterator.get(i).index());
            assertEquals(500L * i, fromIterator.get(i).startFrame());
            assertEquals(500L * i + 1500, fromIterator.get(i).endFrame());
        }
        Iterator<Window> it = s.iterator();
        for (int i = 0; i < 18; i++) {
            it.next();
        }
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertThrows(IndexOutOfBoundsException.class, () -> s.window(18));
        assertThrows(IndexOutOfBoundsException.class, () -> s.window(-1));
    }

    @Test
    void centredWindowStaysInsideTheRecording() {
        // 100 s at 44.1 kHz = 4,410,000 frames
        Segmenter s = Segmenter.of(WindowSpec.SEED, RATE, 4_410_000);
        // centre 50 s: 2,205,000 - 661,500 / 2 = 2,205,000 - 330,750 = 1,874,250 (42.5 s)
        assertEquals(new Window(18, 1_874_250, 2_535_750), s.centredOn(50.0, 18));
        // centre 3 s would start before 0: moved to 0
        assertEquals(new Window(18, 0, 661_500), s.centredOn(3.0, 18));
        // centre 99 s would end after 100 s: moved to end at 4,410,000 (start 3,748,500 = 85 s)
        assertEquals(new Window(18, 3_748_500, 4_410_000), s.centredOn(99.0, 18));
        // in a recording shorter than a window it starts at 0 and is padded
        Segmenter shortOne = Segmenter.of(WindowSpec.SEED, RATE, 441_000);
        assertEquals(new Window(0, 0, 661_500), shortOne.centredOn(5.0, 0));
    }

    @Test
    void rejectsHopsThatRoundBadly() {
        // 1 s windows every 1 s at 2.4 Hz: 2 frames per window (round 2.4) but 2.4 frames per hop
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> Segmenter.of(WindowSpec.of(1.0, 1.0), 2.4, 100));
        assertTrue(gap.getMessage().contains("exceeds the window"), gap.getMessage());
        // a hop under one frame would repeat windows
        assertThrows(IllegalArgumentException.class,
                () -> Segmenter.of(WindowSpec.of(1.0, 0.001), 100, 1000));
        assertThrows(IllegalArgumentException.class,
                () -> Segmenter.of(WindowSpec.SEED, 0, 1000));
        assertThrows(IllegalArgumentException.class,
                () -> Segmenter.of(WindowSpec.SEED, RATE, -1));
        assertThrows(NullPointerException.class,
                () -> Segmenter.of(WindowSpec.SEED, RATE, 10, null));
    }

    @Test
    void hopEqualToLengthIsAcceptedDespiteFloatingNoise() {
        // 1.1 * 44100 is 48510.00000000001 in doubles; that hop must not count as exceeding the
        // 48510-frame window. 11 s = 485,100 frames hold 10 back-to-back windows.
        Segmenter s = Segmenter.of(WindowSpec.of(1.1, 1.1), RATE, 485_100);
        assertEquals(48_510, s.windowFrames());
        assertEquals(10, s.count());
        assertEquals(436_590, s.window(9).startFrame()); // 9 * 48,510
        assertEquals(485_100, s.window(9).endFrame());
    }
}
