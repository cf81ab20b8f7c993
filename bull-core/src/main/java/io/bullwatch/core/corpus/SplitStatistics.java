package io.bullwatch.core.corpus;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Totals of one split of a corpus.
 *
 * <p>Windows are counted per recording: window {@code k} covers
 * {@code [k * hop, k * hop + length)} seconds, only whole windows inside the recording count (a
 * recording shorter than one window has none), and a window is positive when an event overlaps it
 * for a positive time (an event of zero length: when its instant lies in the window). Touching a
 * window's edge is not overlapping.
 *
 * @param split the split
 * @param recordings number of recordings
 * @param sites number of distinct sites
 * @param hours total duration in hours
 * @param events number of events (after clipping and merging)
 * @param windows number of whole windows
 * @param positiveWindows number of windows that an event overlaps
 */
public record SplitStatistics(Split split, int recordings, int sites, double hours, int events,
        long windows, long positiveWindows) {

    /** Validates. */
    public SplitStatistics {
        Objects.requireNonNull(split, "split");
        if (recordings < 0 || sites < 0 || events < 0 || windows < 0 || positiveWindows < 0
                || positiveWindows > windows || !(hours >= 0)) {
            throw new IllegalArgumentException("inconsistent statistics: recordings=" + recordings
                    + ", sites=" + sites + ", hours=" + hours + ", events=" + events
                    + ", windows=" + windows + ", positiveWindows=" + positiveWindows);
        }
    }

    /**
     * Sums up recordings.
     *
     * @param split the split they form
     * @param recordings the recordings
     * @param windowSeconds window length in seconds, finite and {@code > 0}
     * @param hopSeconds window hop in seconds, finite and {@code > 0}
     * @return the totals
     * @throws IllegalArgumentException if the length or hop is not finite and positive
     */
    public static SplitStatistics of(Split split, List<CorpusRecording> recordings,
            double windowSeconds, double hopSeconds) {
        WindowTally.check(windowSeconds, hopSeconds);
        Set<String> sites = new HashSet<>();
        double seconds = 0;
        int events = 0;
        long windows = 0;
        long positives = 0;
        for (CorpusRecording r : recordings) {
            sites.add(r.site());
            seconds += r.durationSeconds();
            events += r.events().size();
            windows += WindowTally.windows(r.durationSeconds(), windowSeconds, hopSeconds);
            positives += WindowTally.positives(r.durationSeconds(), windowSeconds, hopSeconds,
                    r.events());
        }
        return new SplitStatistics(split, recordings.size(), sites.size(), seconds / 3600.0,
                events, windows, positives);
    }

    /**
     * The share of positive windows.
     *
     * @return {@code positiveWindows / windows}, or {@code 0} when there are no windows
     */
    public double positiveShare() {
        return windows == 0 ? 0.0 : (double) positiveWindows / windows;
    }
}
