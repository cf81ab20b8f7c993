package io.bullwatch.core.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Answers "does any of these spans overlap this one?" ({@link TimeSpan#overlaps}) in
 * {@code O(log n)} after an {@code O(n log n)} build.
 *
 * <p>Spans sorted by start carry the running maximum of their ends: among the spans starting
 * before a point, one reaches past it exactly when that running maximum does. Points are kept
 * apart, because a point inside a span's closed interval overlaps it while a span touching
 * another's edge does not.
 */
final class SpanIndex {

    /** All spans: starts ascending, with running maximum of ends. */
    private final double[] allStarts;
    private final double[] allMaxEnds;
    /** Spans of positive length: starts ascending, with running maximum of ends. */
    private final double[] spanStarts;
    private final double[] spanMaxEnds;
    /** Points, ascending. */
    private final double[] points;

    SpanIndex(List<TimeSpan> spans) {
        TimeSpan[] sorted = spans.toArray(new TimeSpan[0]);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.start(), b.start()));
        int pointCount = 0;
        for (TimeSpan s : sorted) {
            if (s.isPoint()) {
                pointCount++;
            }
        }
        allStarts = new double[sorted.length];
        allMaxEnds = new double[sorted.length];
        spanStarts = new double[sorted.length - pointCount];
        spanMaxEnds = new double[sorted.length - pointCount];
        points = new double[pointCount];
        double maxAll = Double.NEGATIVE_INFINITY;
        double maxSpan = Double.NEGATIVE_INFINITY;
        int s = 0;
        int p = 0;
        for (int i = 0; i < sorted.length; i++) {
            TimeSpan span = sorted[i];
            maxAll = Math.max(maxAll, span.end());
            allStarts[i] = span.start();
            allMaxEnds[i] = maxAll;
            if (span.isPoint()) {
                points[p++] = span.start();
            } else {
                maxSpan = Math.max(maxSpan, span.end());
                spanStarts[s] = span.start();
                spanMaxEnds[s] = maxSpan;
                s++;
            }
        }
    }

    /** Whether any indexed span overlaps {@code query}. */
    boolean anyOverlaps(TimeSpan query) {
        if (query.isPoint()) {
            // a span overlaps a point t when start <= t <= end
            int k = countAtMost(allStarts, query.start());
            return k > 0 && allMaxEnds[k - 1] >= query.start();
        }
        // a span of positive length overlaps when start < query.end and end > query.start
        int k = countBelow(spanStarts, query.end());
        if (k > 0 && spanMaxEnds[k - 1] > query.start()) {
            return true;
        }
        // a point overlaps when query.start <= t <= query.end
        int first = countBelow(points, query.start());
        return first < points.length && points[first] <= query.end();
    }

    /** Number of leading values {@code < x} in an ascending array. */
    private static int countBelow(double[] ascending, double x) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Number of leading values {@code <= x} in an ascending array. */
    private static int countAtMost(double[] ascending, double x) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
