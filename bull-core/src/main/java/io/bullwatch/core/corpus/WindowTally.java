package io.bullwatch.core.corpus;

import io.bullwatch.core.annotation.Annotation;
import java.util.BitSet;
import java.util.List;

/**
 * Counts windows and positive windows of one recording for corpus statistics.
 *
 * <p>Window {@code k} covers {@code [k * hop, k * hop + length)}; only whole windows inside the
 * recording count. A window is positive when an event overlaps it for a positive time
 * ({@code max(start, windowStart) < min(end, windowEnd)}), or, for an event of zero length, when
 * the event's instant lies in it. An event that only touches a window's edge does not make it
 * positive.
 */
final class WindowTally {

    /** Slack for floating-point durations such as 0.3 - 0.1 = 0.19999999999999998. */
    private static final double EPS = 1e-9;

    private WindowTally() {
    }

    static void check(double lengthSeconds, double hopSeconds) {
        if (!Double.isFinite(lengthSeconds) || lengthSeconds <= 0) {
            throw new IllegalArgumentException(
                    "window length must be finite and > 0 s, got " + lengthSeconds);
        }
        if (!Double.isFinite(hopSeconds) || hopSeconds <= 0) {
            throw new IllegalArgumentException(
                    "window hop must be finite and > 0 s, got " + hopSeconds);
        }
    }

    /** Number of whole windows in a recording: 0 if shorter than one window. */
    static long windows(double durationSeconds, double lengthSeconds, double hopSeconds) {
        check(lengthSeconds, hopSeconds);
        if (durationSeconds + EPS < lengthSeconds) {
            return 0;
        }
        return (long) Math.floor((durationSeconds - lengthSeconds) / hopSeconds + EPS) + 1;
    }

    /** Number of windows that at least one event overlaps. */
    static long positives(double durationSeconds, double lengthSeconds, double hopSeconds,
            List<Annotation> events) {
        long n = windows(durationSeconds, lengthSeconds, hopSeconds);
        if (n == 0 || events.isEmpty()) {
            return 0;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many windows to count: " + n);
        }
        BitSet positive = new BitSet((int) n);
        for (Annotation e : events) {
            // Candidate windows, widened by one on each side; the exact test decides.
            long first = Math.max(0, (long) Math.floor((e.start() - lengthSeconds) / hopSeconds));
            long last = Math.min(n - 1, (long) Math.ceil(e.end() / hopSeconds));
            for (long k = first; k <= last; k++) {
                double from = k * hopSeconds;
                double to = from + lengthSeconds;
                boolean hit = e.end() > e.start()
                        ? Math.max(e.start(), from) < Math.min(e.end(), to)
                        : from <= e.start() && e.start() < to;
                if (hit) {
                    positive.set((int) k);
                }
            }
        }
        return positive.cardinality();
    }
}
