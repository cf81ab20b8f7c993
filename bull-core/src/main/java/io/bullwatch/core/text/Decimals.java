package io.bullwatch.core.text;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Locale-independent decimal numbers for text files.
 *
 * <p>Parsing accepts a point or a comma as the decimal separator (so {@code 12.5} and {@code 12,5}
 * are the same number, as spreadsheet programs in many European locales write them), an optional
 * sign and an optional exponent ({@code 1.5e3}). It rejects thousands separators ({@code 1,234.5}),
 * hexadecimal, Java suffixes ({@code 1d}), empty text, and non-finite values. Formatting always
 * uses a point.
 */
public final class Decimals {

    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(?:\\d+(?:[.,]\\d*)?|[.,]\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE =
            Pattern.compile("[+-]?(?:nan|inf|infinity|∞)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private Decimals() {
    }

    /**
     * Parses a decimal number written with a point or a comma.
     *
     * @param text the text; surrounding white space is ignored
     * @return the finite value
     * @throws IllegalArgumentException naming the text when it is not a finite decimal number;
     *     the message reads {@code "expected a number, found 'x'"} or
     *     {@code "expected a finite number, found 'NaN'"}
     */
    public static double parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("expected a number, found an empty field");
        }
        if (NON_FINITE.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a finite number, found '" + t + "'");
        }
        if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a number, found '" + t + "'");
        }
        double v = Double.parseDouble(t.replace(',', '.'));
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("expected a finite number, found '" + t + "'");
        }
        return v;
    }

    /**
     * Whether {@link #parse(String)} would accept the text.
     *
     * @param text the text
     * @return {@code true} if it is a finite decimal number
     */
    public static boolean isNumber(String text) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        return NUMBER.matcher(t).matches()
                && Double.isFinite(Double.parseDouble(t.replace(',', '.')));
    }

    /**
     * Parses a whole number, such as a count.
     *
     * @param text the text; surrounding white space is ignored
     * @return the value
     * @throws IllegalArgumentException when the text is not an integer in the {@code long} range;
     *     the message reads {@code "expected a whole number, found 'x'"}
     */
    public static long parseLong(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw new IllegalArgumentException("expected a whole number, found '" + t + "'");
        }
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found '" + t + "'", e);
        }
    }

    /**
     * Formats a number with a fixed count of decimals and a point, whatever the default locale.
     *
     * @param value the value
     * @param decimals digits after the point, {@code 0..17}
     * @return for example {@code "12.500000"} for {@code (12.5, 6)}
     * @throws IllegalArgumentException if {@code decimals} is out of range
     */
    public static String format(double value, int decimals) {
        if (decimals < 0 || decimals > 17) {
            throw new IllegalArgumentException("decimals must be in 0..17, got " + decimals);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
