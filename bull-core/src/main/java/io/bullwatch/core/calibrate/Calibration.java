package io.bullwatch.core.calibrate;

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
     * An expert's listening cost as reports print it, such as {@code "7.0 min per 0.3 h night"}:
     * minutes with one decimal under 10 minutes and whole minutes from there, the night in hours
     * with one decimal (two under 0.1 h, so that a clip of a few minutes does not read "0.0 h").
     * Locale-independent.
     *
     * @param minutes minutes of listening per night ({@link #listeningMinutes})
     * @param nightHours the night's length in hours
     * @return the cost in words
     */
    public static String formatListening(double minutes, double nightHours) {
        return String.format(Locale.ROOT, minutes < 9.95 ? "%.1f min" : "%.0f min", minutes)
                + String.format(Locale.ROOT, nightHours < 0.095 ? " per %.2f h night" : " per %.1f h night",
                        nightHours);
    }

    /**
     * Every rule's threshold and cost on the same scores: a table for reports.
     *
     * @param rules the rules
     * @param scores validation scores
     * @param bulls labels
     * @param nightHours night length for the listening cost
     * @return one line per rule, its cost as {@link #formatListening} writes it
     */
    public static List<String> compare(List<ThresholdRule> rules, float[] scores, boolean[] bulls,
            double nightHours) {
        List<String> lines = new ArrayList<>();
        for (ThresholdRule r : rules) {
            lines.add(r.choose(scores, bulls).map(p -> String.format(Locale.ROOT,
                    "%-19s threshold %.4f  bull recall %.3f  avg recall %.3f  precision %.3f  "
                            + "flagged %.1f %%  %s",
                    r, p.threshold(), p.confusion().bullRecall(), p.confusion().averageRecall(),
                    p.confusion().precision(), 100 * p.confusion().flaggedFraction(),
                    formatListening(listeningMinutes(p.confusion(), nightHours), nightHours)))
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
