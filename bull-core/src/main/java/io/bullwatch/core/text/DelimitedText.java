package io.bullwatch.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits and writes one line of delimiter-separated text (CSV, semicolon- or tab-separated).
 *
 * <p>Fields may be enclosed in double quotes, inside which the delimiter is literal and a doubled
 * quote {@code ""} stands for one quote (RFC 4180). A quoted field cannot span lines.
 */
public final class DelimitedText {

    private DelimitedText() {
    }

    /**
     * Splits a line into fields.
     *
     * @param line the line, without its terminator
     * @param delimiter the field separator, such as {@code ','}, {@code ';'} or {@code '\t'}
     * @return the fields, unquoted; never empty ({@code ""} gives one empty field)
     * @throws IllegalArgumentException if a quote is not closed or is followed by text other than
     *     the delimiter
     */
    public static List<String> split(String line, char delimiter) {
        Objects.requireNonNull(line, "line");
        if (delimiter == '"') {
            throw new IllegalArgumentException("the delimiter cannot be a double quote");
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            // Start of a field: skip blanks before an opening quote.
            int j = i;
            while (j < n && (line.charAt(j) == ' ') && delimiter != ' ') {
                j++;
            }
            if (j < n && line.charAt(j) == '"') {
                i = j + 1;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            closed = true;
                            i++;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException(
                            "field " + (fields.size() + 1) + " opens a quote that is not closed");
                }
                while (i < n && line.charAt(i) == ' ' && delimiter != ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new IllegalArgumentException("field " + (fields.size() + 1)
                            + " has text after its closing quote");
                }
            } else {
                while (i < n && line.charAt(i) != delimiter) {
                    field.append(line.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // skip the delimiter
        }
    }

    /**
     * Quotes a field if it contains the delimiter, a quote, or leading/trailing blanks.
     *
     * @param field the field
     * @param delimiter the field separator
     * @return the field as it should be written
     * @throws IllegalArgumentException if the field contains a line break
     */
    public static String quote(String field, char delimiter) {
        Objects.requireNonNull(field, "field");
        if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a field cannot contain a line break: '" + field + "'");
        }
        boolean needs = field.indexOf(delimiter) >= 0 || field.indexOf('"') >= 0
                || (!field.isEmpty() && (field.charAt(0) == ' '
                        || field.charAt(field.length() - 1) == ' '));
        if (!needs) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
