package io.bullwatch.models.calibrate;

import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A threshold chosen by a rule on validation scores, with the validation confusion it gives.
 *
 * @param rule the rule
 * @param threshold the threshold: a window is flagged when its score is {@code >=} it
 * @param validation the validation confusion at that threshold
 */
public record Calibration(ThresholdRule rule, double threshold, Confusion validation) {

    /** Validates. */
    public Calibration {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(validation, "validation");
    }

    /**
     * Calibrates.
     *
     * @param rule the rule
     * @param scores validation scores
     * @param bulls validation labels
     * @return the calibration
     * @throws IllegalArgumentException if the rule finds no threshold (for example no bull windows,
     *     or a budget below every threshold's flagged fraction)
     */
    public static Calibration of(ThresholdRule rule, float[] scores, boolean[] bulls) {
        ThresholdPoint p = rule.choose(scores, bulls).orElseThrow(() -> new IllegalArgumentException(
                "threshold rule " + rule + " finds no threshold on " + scores.length
                        + " validation windows (" + countBulls(bulls) + " bull)"));
        return new Calibration(rule, p.threshold(), p.confusion());
    }

    /**
     * Minutes an expert listens per night when every flagged window is heard once, windows
     * overlapping: flagged fraction times the night's length.
     *
     * @param confusion where the flagged fraction comes from
     * @param nightHours the night's length in hours
     * @return minutes per night, NaN for an empty confusion
     */
    public static double listeningMinutes(Confusion confusion, double nightHours) {
        return confusion.flaggedFraction() * nightHours * 60;
    }

    /**
     * Every rule's threshold and cost on the same scores: a table for reports.
     *
     * @param rules the rules
     * @param scores validation scores
     * @param bulls labels
     * @param nightHours night length for the listening cost
     * @return one line per rule
     */
    public static List<String> compare(List<ThresholdRule> rules, float[] scores, boolean[] bulls,
            double nightHours) {
        List<String> lines = new ArrayList<>();
        for (ThresholdRule r : rules) {
            lines.add(r.choose(scores, bulls).map(p -> String.format(Locale.ROOT,
                    "%-19s threshold %.4f  bull recall %.3f  avg recall %.3f  precision %.3f  "
                            + "flagged %.1f %%  %.0f min per %.0f h night",
                    r, p.threshold(), p.confusion().bullRecall(), p.confusion().averageRecall(),
                    p.confusion().precision(), 100 * p.confusion().flaggedFraction(),
                    listeningMinutes(p.confusion(), nightHours), nightHours))
                    .orElse(String.format(Locale.ROOT, "%-19s no threshold fits", r)));
        }
        return lines;
    }

    private static long countBulls(boolean[] bulls) {
        long n = 0;
        for (boolean b : bulls) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
