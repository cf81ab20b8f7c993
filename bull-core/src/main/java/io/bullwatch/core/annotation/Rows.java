package io.bullwatch.core.annotation;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.text.Decimals;
import java.nio.file.Path;

/** Shared checks of the readers, turning bad cells into errors that name file and line. */
final class Rows {

    private Rows() {
    }

    /**
     * Parses a time in seconds.
     *
     * @param file the file
     * @param line the 1-based line
     * @param what the field's name, as the message should show it
     * @param text the cell text
     * @return the time, finite and {@code >= 0}
     * @throws InputFormatException when it is not
     */
    static double seconds(Path file, int line, String what, String text)
            throws InputFormatException {
        double v = number(file, line, what, text);
        if (v < 0) {
            throw InputFormatException.atLine(file, line,
                    what + ": times must be >= 0 s, found " + text.strip());
        }
        return v;
    }

    /**
     * Parses a finite decimal number (point or comma).
     *
     * @param file the file
     * @param line the 1-based line
     * @param what the field's name
     * @param text the cell text
     * @return the value
     * @throws InputFormatException when the text is not a finite number
     */
    static double number(Path file, int line, String what, String text)
            throws InputFormatException {
        try {
            return Decimals.parse(text);
        } catch (IllegalArgumentException e) {
            throw InputFormatException.atLine(file, line, what + ": " + e.getMessage());
        }
    }

    /**
     * Builds the event after checking that it does not end before it starts.
     *
     * @param file the file
     * @param line the 1-based line
     * @param start start in seconds, already checked
     * @param end end in seconds, already checked
     * @param label the label
     * @return the annotation
     * @throws InputFormatException if {@code end < start}
     */
    static Annotation event(Path file, int line, double start, double end, String label)
            throws InputFormatException {
        if (end < start) {
            throw InputFormatException.atLine(file, line, "end (" + Decimals.format(end, 6)
                    + " s) is before start (" + Decimals.format(start, 6)
                    + " s); expected end >= start");
        }
        return new Annotation(start, end, label);
    }

    /**
     * Rejects labels that would break a line-oriented file.
     *
     * @param label the label to write
     * @param delimiterName the field separator's name for the message, or {@code null} when
     *     the separator is allowed (quoted formats)
     * @param delimiter the field separator
     * @return the label
     * @throws IllegalArgumentException if it contains a line break or the separator
     */
    static String writableLabel(String label, String delimiterName, char delimiter) {
        if (label.indexOf('\n') >= 0 || label.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cannot write '"
                    + label.replace("\n", "\\n").replace("\r", "\\r")
                    + "': labels and cells cannot contain a line break");
        }
        if (delimiterName != null && label.indexOf(delimiter) >= 0) {
            throw new IllegalArgumentException("cannot write '" + label
                    + "': labels and cells cannot contain a " + delimiterName);
        }
        return label;
    }
}
