package io.bullwatch.core.corpus;

import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.WindowLabel;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowLabelling;
import io.bullwatch.core.window.WindowSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Totals of one split of a corpus.
 *
 * <p>Windows are cut per recording by a {@link Segmenter} (whole windows only: a recording
 * shorter than one window has none) and labelled by a {@link LabelRule}; a window counts as
 * positive when the rule makes it {@link WindowLabel#BULL}.
 *
 * @param split the split
 * @param recordings number of recordings
 * @param sites number of distinct sites
 * @param hours total duration in hours
 * @param events number of events (after clipping and merging)
 * @param windows number of whole windows
 * @param positiveWindows number of windows labelled bull
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
     * @param spec window length and hop
     * @param rule how events label windows
     * @return the totals
     */
    public static SplitStatistics of(Split split, List<CorpusRecording> recordings,
            WindowSpec spec, LabelRule rule) {
        Objects.requireNonNull(spec, "spec");
        WindowLabeller labeller = WindowLabeller.of(rule);
        Set<String> sites = new HashSet<>();
        double seconds = 0;
        int events = 0;
        long windows = 0;
        long positives = 0;
        for (CorpusRecording r : recordings) {
            sites.add(r.site());
            seconds += r.durationSeconds();
            events += r.events().size();
            Segmenter segmenter = Segmenter.of(spec, r.audio().sampleRate(), r.audio().frames());
            WindowLabelling labelling = labeller.label(segmenter, r.events());
            windows += labelling.windows().size();
            positives += labelling.count(WindowLabel.BULL);
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
