package io.bullwatch.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Range checks of numeric options: a value outside its range is a usage error (exit code 2) whose
 * message names the option, the range and the value given.
 */
final class Ranges {

    private Ranges() {
    }

    /**
     * @param spec the command
     * @param option the option's name, e.g. {@code --threads}
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @throws CommandLine.ParameterException if the value is outside [min, max]
     */
    static void whole(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(spec, option, max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "a whole number >= " + min : "a whole number from " + min + " to " + max,
                    Long.toString(value));
        }
    }

    /**
     * @param spec the command
     * @param option the option's name
     * @param value the value given
     * @throws CommandLine.ParameterException unless the value is a finite number {@code > 0}
     */
    static void positive(CommandSpec spec, String option, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw bad(spec, option, "a number > 0", format(value));
        }
    }

    /**
     * @param spec the command
     * @param option the option's name
     * @param value the value given
     * @throws CommandLine.ParameterException unless the value is a finite number {@code >= 0}
     */
    static void nonNegative(CommandSpec spec, String option, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw bad(spec, option, "a number >= 0", format(value));
        }
    }

    /**
     * @param spec the command
     * @param option the option's name
     * @param value the value given
     * @param min the smallest value allowed
     * @param max the largest value allowed
     * @throws CommandLine.ParameterException unless {@code min <= value <= max}
     */
    static void between(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw bad(spec, option, "a number from " + format(min) + " to " + format(max), format(value));
        }
    }

    /**
     * A range written {@code LOW:HIGH} (for example {@code --snr 0:15}).
     *
     * @param spec the command
     * @param option the option's name
     * @param text the value given
     * @return {@code {low, high}}
     * @throws CommandLine.ParameterException unless both are finite numbers and {@code low <= high}
     */
    static double[] pair(CommandSpec spec, String option, String text) {
        String[] parts = text.split(":", -1);
        if (parts.length == 2) {
            try {
                double lo = Double.parseDouble(parts[0].trim());
                double hi = Double.parseDouble(parts[1].trim());
                if (Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi) {
                    return new double[] {lo, hi};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw bad(spec, option, "LOW:HIGH, two numbers with LOW <= HIGH", text);
    }

    /**
     * @param spec the command
     * @param option the option's name
     * @param value the value given
     * @throws CommandLine.ParameterException unless the value is a finite number
     */
    static void finite(CommandSpec spec, String option, double value) {
        if (!Double.isFinite(value)) {
            throw bad(spec, option, "a finite number", format(value));
        }
    }

    private static CommandLine.ParameterException bad(CommandSpec spec, String option, String expected,
            String got) {
        return new CommandLine.ParameterException(spec.commandLine(), option + " must be " + expected + ", got "
                + got);
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Double.toString(v);
    }
}
