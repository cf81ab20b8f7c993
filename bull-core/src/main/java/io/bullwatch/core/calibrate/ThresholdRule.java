package io.bullwatch.core.calibrate;

import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * How a decision threshold is chosen on validation scores.
 *
 * <p>{@link Kind#AVERAGE_RECALL} and {@link Kind#BULL_RECALL} can be <em>smoothed</em>
 * ({@code smooth:avg-recall}, {@code smooth:recall:0.95}): they are then applied to the
 * kernel-smoothed recalls of {@link SmoothedRates} instead of the validation site's step
 * functions, which keeps the threshold away from the edge just under the lowest bull score kept, so
 * it transfers better to new sites. {@code bull train} uses {@code smooth:avg-recall} by default.
 *
 * @param kind the rule
 * @param value the target bull recall for {@link Kind#BULL_RECALL}, the largest flagged fraction
 *     for {@link Kind#BUDGET}, NaN otherwise
 * @param smoothed whether the rule is applied to smoothed recalls (average and bull recall only)
 */
public record ThresholdRule(Kind kind, double value, boolean smoothed) {

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
        if (smoothed && kind != Kind.AVERAGE_RECALL && kind != Kind.BULL_RECALL) {
            throw new IllegalArgumentException("only avg-recall and recall:T can be smoothed, not " + kind);
        }
        if (smoothed && kind == Kind.BULL_RECALL && value >= 1) {
            throw new IllegalArgumentException("a smoothed bull recall target must be below 1, got " + value);
        }
    }

    /**
     * An unsmoothed rule.
     *
     * @param kind the rule
     * @param value its value (see the record's components)
     */
    public ThresholdRule(Kind kind, double value) {
        this(kind, value, false);
    }

    /**
     * The same rule on smoothed recalls.
     *
     * @return the smoothed rule
     * @throws IllegalArgumentException for F1 and budget rules, which are not smoothed
     */
    public ThresholdRule smooth() {
        return new ThresholdRule(kind, value, true);
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
     * {@code budget:0.1}, and {@code smooth:avg-recall}, {@code smooth:recall:0.95}.
     *
     * @param text the rule
     * @return the rule
     * @throws IllegalArgumentException if malformed, with the allowed forms
     */
    public static ThresholdRule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith(SMOOTH) && (t.equals(SMOOTH + "avg-recall") || t.startsWith(SMOOTH + "recall:"))) {
            return parse(t.substring(SMOOTH.length())).smooth();
        }
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
                + "'; allowed: avg-recall, recall:T (0 < T <= 1), f1, budget:F (0 < F <= 1), "
                + "smooth:avg-recall, smooth:recall:T (0 < T < 1)");
    }

    /**
     * Chooses a threshold.
     *
     * @param scores validation scores
     * @param bulls validation labels
     * @return the chosen point with its validation confusion, empty when no threshold fits (no
     *     bulls, or nothing within budget); a smoothed rule with fewer than two windows of a class
     *     falls back to the unsmoothed rule, with a warning
     */
    public Optional<ThresholdPoint> choose(float[] scores, boolean[] bulls) {
        if (!smoothed) {
            return choose(ThresholdSweep.of(scores, bulls));
        }
        SmoothedRates rates;
        try {
            rates = SmoothedRates.of(scores, bulls);
        } catch (IllegalArgumentException e) {
            // Too few windows of a class to smooth: the unsmoothed rule still gives a threshold.
            LoggerFactory.getLogger(ThresholdRule.class).warn("{}: {}; using the unsmoothed rule",
                    this, e.getMessage());
            return new ThresholdRule(kind, value, false).choose(ThresholdSweep.of(scores, bulls));
        }
        double t = kind == Kind.AVERAGE_RECALL ? rates.maxAverageRecallThreshold()
                : rates.bullRecallThreshold(value);
        return Optional.of(new ThresholdPoint(t, Confusion.of(scores, bulls, t)));
    }

    /**
     * Chooses a threshold on the validation sweep (unsmoothed: a smoothed rule needs the scores,
     * see {@link #choose(float[], boolean[])}).
     *
     * @param sweep validation scores and labels
     * @return the chosen point, empty when no threshold fits (no bulls, or nothing within budget)
     * @throws IllegalStateException if this rule is smoothed
     */
    public Optional<ThresholdPoint> choose(ThresholdSweep sweep) {
        if (smoothed) {
            throw new IllegalStateException(this + " needs the validation scores, not a sweep");
        }
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
        return (smoothed ? SMOOTH : "") + switch (kind) {
            case AVERAGE_RECALL -> "avg-recall";
            case BULL_RECALL -> "recall:" + fmt(value);
            case F1 -> "f1";
            case BUDGET -> "budget:" + fmt(value);
        };
    }

    private static final String SMOOTH = "smooth:";

    private static String fmt(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
