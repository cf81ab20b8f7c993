package io.bullwatch.core.review;

import io.bullwatch.core.events.WindowScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a night into the stretches an expert judges for counting: every detected event, and every
 * hop-long cell of the night that no event overlaps. Each bull of the night then belongs to exactly
 * one stretch: the event it lies in, or the cell it begins in. A cell's score is the lowest score of
 * the windows that cover it whole (the rule by which the detector refines an event's bounds), or,
 * at the end of a night where no window covers a cell whole, of the windows that overlap it.
 */
public final class CountUnits {

    private CountUnits() {
    }

    /**
     * The stretches of a night.
     *
     * @param windows every window score of the night ({@code NAME.bull.windows.csv}), in any order
     * @param events the detected events as {@code {start, end, score}} (the night's Raven table)
     * @return the events, then the cells in order of time
     * @throws IllegalArgumentException if there are no windows, or their starts do not lie on one hop
     */
    public static List<CountUnit> of(List<WindowScore> windows, List<double[]> events) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(events, "events");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a night without window scores has nothing to count");
        }
        List<WindowScore> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingDouble(WindowScore::start));
        double hop = hop(sorted);
        double nightEnd = sorted.stream().mapToDouble(WindowScore::end).max().orElseThrow();
        List<CountUnit> out = new ArrayList<>();
        double[][] spans = new double[events.size()][];
        for (int i = 0; i < events.size(); i++) {
            double[] e = events.get(i);
            out.add(new CountUnit(UnitKind.EVENT, e[0], e[1], Math.min(1, Math.max(0, e[2]))));
            spans[i] = new double[] {e[0], e[1]};
        }
        Arrays.sort(spans, Comparator.comparingDouble(s -> s[0]));
        int cells = (int) Math.ceil(nightEnd / hop - 1e-9);
        // windows sorted by start and of one length: those ending after a cell's start begin at
        // an index that only moves forward from cell to cell
        double[] ends = sorted.stream().mapToDouble(WindowScore::end).toArray();
        for (int i = 1; i < ends.length; i++) {
            ends[i] = Math.max(ends[i], ends[i - 1]);
        }
        int first = 0;
        for (int c = 0; c < cells; c++) {
            double from = c * hop;
            double to = Math.min(nightEnd, (c + 1) * hop);
            while (first < ends.length && ends[first] <= from) {
                first++;
            }
            if (to - from < 1e-6 || overlapsEvent(spans, from, to)) {
                continue;
            }
            out.add(new CountUnit(UnitKind.CELL, from, to, cellScore(sorted, first, from, to)));
        }
        return out;
    }

    /** The windows' hop: the most common step between consecutive starts. */
    static double hop(List<WindowScore> sorted) {
        if (sorted.size() == 1) {
            return sorted.get(0).end() - sorted.get(0).start();
        }
        double[] steps = new double[sorted.size() - 1];
        for (int i = 1; i < sorted.size(); i++) {
            steps[i - 1] = sorted.get(i).start() - sorted.get(i - 1).start();
        }
        Arrays.sort(steps);
        double hop = steps[steps.length / 2];
        if (!(hop > 0)) {
            int i = 1;
            while (i < sorted.size() - 1 && sorted.get(i).start() > sorted.get(i - 1).start()) {
                i++;
            }
            throw new IllegalArgumentException("window starts must step forward; found two windows starting at "
                    + sorted.get(i).start() + " s");
        }
        return hop;
    }

    private static boolean overlapsEvent(double[][] spans, double from, double to) {
        for (double[] s : spans) {
            if (s[0] >= to) {
                break;
            }
            if (s[1] > from + 1e-6 && s[0] < to - 1e-6) {
                return true;
            }
        }
        return false;
    }

    private static double cellScore(List<WindowScore> sorted, int first, double from, double to) {
        double covering = Double.POSITIVE_INFINITY;
        double overlapping = Double.POSITIVE_INFINITY;
        for (int i = first; i < sorted.size(); i++) {
            WindowScore w = sorted.get(i);
            if (w.start() >= to) {
                break;
            }
            if (w.end() <= from) {
                continue;
            }
            overlapping = Math.min(overlapping, w.score());
            if (w.start() <= from + 1e-6 && w.end() >= to - 1e-6) {
                covering = Math.min(covering, w.score());
            }
        }
        double s = Double.isFinite(covering) ? covering : overlapping;
        return Double.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
    }
}
