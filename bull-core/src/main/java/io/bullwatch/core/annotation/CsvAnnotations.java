package io.bullwatch.core.annotation;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.DelimitedText;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes plain CSV annotation files: {@code start,end[,label]} per line, times in
 * seconds, with an optional header row.
 *
 * <p>The first non-blank line is a header when its first field is not a number; headers are
 * skipped and columns are taken by position (start, end, label), whatever their names. The
 * delimiter is found on the first non-blank line: a comma, or a semicolon with decimal commas as
 * spreadsheet programs write CSV in many European locales ({@code 12,5;14;bull}), or a tab. Fields
 * may be quoted ({@code "bull, loud"}); labels lose surrounding blanks; extra empty fields at the
 * end of a row are ignored. Blank lines, any line ending and a byte-order mark are accepted.
 */
public final class CsvAnnotations {

    private CsvAnnotations() {
    }

    /**
     * Reads a CSV annotation file.
     *
     * @param file the file
     * @return its events in file order
     * @throws InputFormatException naming file and line for a row or header with fewer than two or
     *     more than three fields, an unclosed quote, a time that is not a finite number, a negative
     *     time, or an end before its start
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = TextFiles.readLines(file);
        List<Selection> rows = new ArrayList<>();
        Character delimiter = null;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            boolean first = delimiter == null;
            if (first) {
                delimiter = detectDelimiter(line);
            }
            List<String> fields = fields(file, lineNo, line, delimiter);
            if (fields.stream().allMatch(String::isBlank)) {
                continue; // a spreadsheet's empty row: ";;"
            }
            if (first && !Decimals.isNumber(fields.get(0))) {
                continue; // header row
            }
            double start = Rows.seconds(file, lineNo, "start", fields.get(0));
            double end = Rows.seconds(file, lineNo, "end", fields.get(1));
            String label = fields.size() == 3 ? fields.get(2).strip() : "";
            rows.add(Selection.of(Rows.event(file, lineNo, start, end, label)));
        }
        return new AnnotationTable(file, AnnotationFormat.CSV, rows);
    }

    private static List<String> fields(Path file, int lineNo, String line, char delimiter)
            throws InputFormatException {
        List<String> fields;
        try {
            fields = new ArrayList<>(DelimitedText.split(line, delimiter));
        } catch (IllegalArgumentException e) {
            throw InputFormatException.atLine(file, lineNo, e.getMessage());
        }
        while (fields.size() > 3 && fields.get(fields.size() - 1).isBlank()) {
            fields.remove(fields.size() - 1);
        }
        if (fields.size() < 2 || fields.size() > 3) {
            throw InputFormatException.atLine(file, lineNo, "expected 2 or 3 fields (start"
                    + delimiter + "end[" + delimiter + "label]) separated by '"
                    + (delimiter == '\t' ? "\\t" : String.valueOf(delimiter)) + "', found "
                    + fields.size());
        }
        return fields;
    }

    /**
     * Picks the delimiter from the first non-blank line: the first of comma, semicolon and tab
     * that yields two leading numbers; for a header row, semicolon or tab when the line has one and
     * no comma, else comma.
     */
    static char detectDelimiter(String line) {
        for (char d : new char[] {',', ';', '\t'}) {
            if (twoLeadingNumbers(line, d)) {
                return d;
            }
        }
        if (line.indexOf(',') < 0) {
            if (line.indexOf(';') >= 0) {
                return ';';
            }
            if (line.indexOf('\t') >= 0) {
                return '\t';
            }
        }
        return ',';
    }

    private static boolean twoLeadingNumbers(String line, char d) {
        try {
            List<String> f = DelimitedText.split(line, d);
            return f.size() >= 2 && Decimals.isNumber(f.get(0)) && Decimals.isNumber(f.get(1));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Writes events as CSV with the header {@code start,end,label}, times with six decimals and a
     * point whatever the locale, labels quoted when they contain a comma or a quote; through a
     * temporary file renamed over the target.
     *
     * @param file the file to create or replace
     * @param events the events in the given order
     * @throws IllegalArgumentException if a label contains a line break
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<Annotation> events) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(events, "events");
        StringBuilder sb = new StringBuilder("start,end,label\n");
        for (Annotation a : events) {
            sb.append(Decimals.format(a.start(), 6)).append(',')
                    .append(Decimals.format(a.end(), 6)).append(',')
                    .append(DelimitedText.quote(Rows.writableLabel(a.label(), null, ','), ','))
                    .append('\n');
        }
        TextFiles.writeAtomically(file, out -> out.write(sb.toString()));
    }
}
