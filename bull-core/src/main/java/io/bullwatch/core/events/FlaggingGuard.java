package io.bullwatch.core.events;

import java.util.Locale;
import java.util.Optional;

/**
 * Warns when a night is flagged far beyond what calibration expects: a threshold calibrated at one
 * site can flood the expert at another (a weir flagged half the night, say), and the expert should
 * know before listening to all of it.
 *
 * <p>A night of at least {@value #MIN_WINDOWS} windows is reported when its flagged share exceeds
 * both three times the expected share and the expected share plus 10 points.
 */
public final class FlaggingGuard {

    /** Fewer windows say too little about a night. */
    public static final int MIN_WINDOWS = 12;

    private FlaggingGuard() {
    }

    /**
     * Checks one night.
     *
     * @param detection the night's detection
     * @param expected the flagged share calibration measured ({@link
     *     RecordingDetector#expectedFlaggedShare()})
     * @return the warning, for {@code summary.csv} and the log; empty when the night is as expected
     */
    public static Optional<String> check(RecordingDetection detection, double expected) {
        int windows = detection.windows().size();
        if (windows < MIN_WINDOWS || !(expected >= 0)) {
            return Optional.empty();
        }
        double share = detection.flaggedWindows() / (double) windows;
        if (share > 3 * expected && share > expected + 0.10) {
            return Optional.of(String.format(Locale.ROOT, "flagged %.0f %% of the windows against %.1f %% on"
                    + " the validation nights: the threshold may not transfer to this site (check some of the"
                    + " events; recalibrate on annotated nights from it, or raise --threshold)",
                    100 * share, 100 * expected));
        }
        return Optional.empty();
    }
}
