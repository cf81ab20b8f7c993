package io.bullwatch.core.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns window scores into events: the stretches an expert listens to.
 *
 * <p>Steps, for windows in any order (they are sorted by start):
 * <ol>
 *   <li><b>Merge</b>: flagged windows ({@code score >= threshold}) that overlap or touch form one
 *       span, the union of their intervals.</li>
 *   <li><b>Refine</b> (optional): an unflagged window says "no bull in here", so every part of the
 *       span that an unflagged window covers is cut away. With the seed's 15 s windows every 5 s,
 *       a bull at 20-24 s fires the windows starting at 10, 15 and 20 s; the windows at 5 and 25 s
 *       stay quiet, and the span 10-35 s is cut to 20-25 s. A span can split into several parts
 *       (two bulls at both ends of one window); when the cut would leave a flagged window with no
 *       part of any event (contradictory scores, such as one isolated flagged window between quiet
 *       neighbours that cover it), the span is kept whole rather than lose it.</li>
 *   <li><b>Join</b>: parts closer than the rule's merge gap become one event.</li>
 *   <li><b>Durations</b>: an event shorter than the minimum is widened symmetrically (clipped to
 *       {@code [0, recording end]}); one longer than the maximum is cut into equal consecutive
 *       parts.</li>
 *   <li><b>Score</b>: the maximum or mean score of the flagged windows overlapping the event.</li>
 * </ol>
 * Nothing flagged is ever dropped: every flagged window overlaps at least one event.
 */
public final class EventMerger {

    private EventMerger() {
    }

    /**
     * Merges flagged windows into events.
     *
     * @param windows the scored windows of one recording
     * @param rule threshold and options
     * @param recordingSeconds the recording's length, the upper limit for widened events
     * @return the events, in time order
     */
    public static List<DetectedEvent> merge(List<WindowScore> windows, EventRule rule,
            double recordingSeconds) {
        Objects.requireNonNull(rule, "rule");
        List<WindowScore> sorted = new ArrayList<>(windows);
        sorted.sort((a, b) -> a.start() != b.start() ? Double.compare(a.start(), b.start())
                : Double.compare(a.end(), b.end()));
        double limit = recordingSeconds;
        for (WindowScore w : sorted) {
            limit = Math.max(limit, w.end());
        }
        List<double[]> parts = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            if (!sorted.get(i).isFlagged(rule.threshold())) {
                i++;
                continue;
            }
            double start = sorted.get(i).start();
            double end = sorted.get(i).end();
            int j = i + 1;
            for (; j < sorted.size(); j++) {
                WindowScore w = sorted.get(j);
                if (w.start() > end) {
                    break;
                }
                if (w.isFlagged(rule.threshold())) {
                    end = Math.max(end, w.end());
                }
            }
            List<double[]> pieces = new ArrayList<>();
            pieces.add(new double[] {start, end});
            if (rule.refine()) {
                List<double[]> cut = pieces;
                for (WindowScore w : sorted) {
                    if (w.end() <= start || w.start() >= end || w.isFlagged(rule.threshold())) {
                        continue;
                    }
                    cut = subtract(cut, w.start(), w.end());
                }
                if (coversEveryFlagged(cut, sorted, rule.threshold(), start, end)) {
                    pieces = cut;
                }
            }
            parts.addAll(pieces);
            i = j;
        }
        List<double[]> joined = new ArrayList<>();
        for (double[] p : parts) {
            double[] last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
            if (last != null && p[0] - last[1] <= rule.mergeGapSeconds()) {
                last[1] = Math.max(last[1], p[1]);
            } else {
                joined.add(p.clone());
            }
        }
        List<DetectedEvent> events = new ArrayList<>();
        for (double[] p : joined) {
            double start = p[0];
            double end = p[1];
            double missing = rule.minDurationSeconds() - (end - start);
            if (missing > 0) {
                start -= missing / 2;
                end += missing / 2;
                if (start < 0) {
                    end = Math.min(limit, end - start);
                    start = 0;
                }
                if (end > limit) {
                    start = Math.max(0, start - (end - limit));
                    end = limit;
                }
            }
            int pieces = (int) Math.max(1, Math.ceil((end - start) / rule.maxDurationSeconds() - 1e-9));
            double step = (end - start) / pieces;
            for (int k = 0; k < pieces; k++) {
                double s = start + k * step;
                double e = k == pieces - 1 ? end : start + (k + 1) * step;
                events.add(scored(sorted, rule, s, e));
            }
        }
        return List.copyOf(events);
    }

    private static DetectedEvent scored(List<WindowScore> sorted, EventRule rule, double start, double end) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (WindowScore w : sorted) {
            if (w.isFlagged(rule.threshold()) && w.start() < end && w.end() > start) {
                max = Math.max(max, w.score());
                sum += w.score();
                n++;
            }
        }
        double score = n == 0 ? rule.threshold()
                : rule.aggregate() == EventRule.Aggregate.MAX ? max : sum / n;
        return new DetectedEvent(start, end, score, n);
    }

    /** Whether every flagged window inside {@code [start, end]} overlaps one of the pieces. */
    private static boolean coversEveryFlagged(List<double[]> pieces, List<WindowScore> sorted,
            double threshold, double start, double end) {
        for (WindowScore w : sorted) {
            if (!w.isFlagged(threshold) || w.start() < start || w.end() > end) {
                continue;
            }
            boolean covered = false;
            for (double[] p : pieces) {
                covered |= p[0] < w.end() && p[1] > w.start();
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Removes {@code [from, to]} from disjoint, sorted intervals, keeping pieces of length > 0. */
    private static List<double[]> subtract(List<double[]> pieces, double from, double to) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : pieces) {
            if (to <= p[0] || from >= p[1]) {
                out.add(p);
                continue;
            }
            if (from > p[0]) {
                out.add(new double[] {p[0], from});
            }
            if (to < p[1]) {
                out.add(new double[] {to, p[1]});
            }
        }
        return out;
    }
}
