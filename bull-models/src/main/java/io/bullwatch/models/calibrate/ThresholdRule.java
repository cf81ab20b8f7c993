package io.bullwatch.models.calibrate;

import io.bullwatch.core.metrics.ThresholdPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a decision threshold is chosen on validation scores.
 *
 * @param kind the rule
 * @param value the target bull recall for {@link Kind#BULL_RECALL}, the largest flagged fraction
 *     for {@link Kind#BUDGET}, NaN otherwise
 */
public record ThresholdRule(Kind kind, double value) {

    /** The rules. */
    public enum Kind {
        /** Maximise average recall (the seed). */
        AVERAGE_RECALL,
        /** The highest threshold whose bull recall reaches the target. */
        BULL_RECALL,
        /** Maximise F1. */
        F1,
        /** The highest bull recall whose flagged fraction stays within the budget. */
        BUDGET
    }

    /** Validates. */
    public ThresholdRule {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.BULL_RECALL || kind == Kind.BUDGET) && !(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(kind + " needs a value in (0, 1], got " + value);
        }
    }

    /** @return the seed's rule, maximum average recall */
    public static ThresholdRule averageRecall() {
        return new ThresholdRule(Kind.AVERAGE_RECALL, Double.NaN);
    }

    /** @param target bull recall in (0, 1] @return the rule */
    public static ThresholdRule bullRecall(double target) {
        return new ThresholdRule(Kind.BULL_RECALL, target);
    }

    /** @return maximum F1 */
    public static ThresholdRule f1() {
        return new ThresholdRule(Kind.F1, Double.NaN);
    }

    /** @param maxFlaggedFraction the listening budget in (0, 1] @return the rule */
    public static ThresholdRule budget(double maxFlaggedFraction) {
        return new ThresholdRule(Kind.BUDGET, maxFlaggedFraction);
    }

    /**
     * Parses the command-line form: {@code avg-recall}, {@code recall:0.95}, {@code f1},
     * {@code budget:0.1}.
     *
     * @param text the rule
     * @return the rule
     * @throws IllegalArgumentException if malformed, with the allowed forms
     */
    public static ThresholdRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("avg-recall")) {
                return averageRecall();
            }
            if (t.equals("f1")) {
                return f1();
            }
            if (t.startsWith("recall:")) {
                return bullRecall(Double.parseDouble(t.substring(7)));
            }
            if (t.startsWith("budget:")) {
                return budget(Double.parseDouble(t.substring(7)));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("unknown threshold rule '" + text
                + "'; allowed: avg-recall, recall:T (0 < T <= 1), f1, budget:F (0 < F <= 1)");
    }

    /**
     * Chooses a threshold.
     *
     * @param sweep validation scores and labels
     * @return the chosen point, empty when no threshold fits (no bulls, or nothing within budget)
     */
    public Optional<ThresholdPoint> choose(ThresholdSweep sweep) {
        return switch (kind) {
            case AVERAGE_RECALL -> sweep.maxAverageRecall();
            case BULL_RECALL -> sweep.forBullRecall(value);
            case F1 -> sweep.maxF1();
            case BUDGET -> sweep.maxBullRecallWithinBudget(value);
        };
    }

    /** @return the command-line form */
    @Override
    public String toString() {
        return switch (kind) {
            case AVERAGE_RECALL -> "avg-recall";
            case BULL_RECALL -> "recall:" + fmt(value);
            case F1 -> "f1";
            case BUDGET -> "budget:" + fmt(value);
        };
    }

    private static String fmt(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
