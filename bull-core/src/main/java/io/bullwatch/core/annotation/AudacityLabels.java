package io.bullwatch.core.annotation;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes Audacity label tracks ({@code File > Export > Labels}).
 *
 * <p>Each label is one line {@code start<TAB>end<TAB>label} with times in seconds; the label may be
 * missing or contain spaces (and tabs: everything after the second tab is the label). A line that
 * starts with a backslash follows a label of a spectral selection and holds its frequencies,
 * {@code \<TAB>low<TAB>high}: it never counts as an event, and when both frequencies are valid
 * ({@code 0 <= low <= high}; Audacity writes {@code -1} for "undefined") they become the
 * {@link Selection#band()} of the label above it. Lines without any tab are split at runs of white
 * space instead ({@code 12.5 14.0 bull}), so hand-written lists of times are accepted too.
 *
 * <p>Blank lines are skipped; any line ending, a UTF-8 byte-order mark and decimal commas
 * ({@code 12,5}) are accepted.
 */
public final class AudacityLabels {

    private AudacityLabels() {
    }

    /**
     * Reads a label track.
     *
     * @param file the file
     * @return its labels in file order
     * @throws InputFormatException naming file and line for a line with fewer than two fields, a
     *     time that is not a finite number, a negative time, or an end before its start
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = TextFiles.readLines(file);
        List<Selection> rows = new ArrayList<>();
        boolean lastHasBand = true;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.stripLeading().startsWith("\\")) {
                if (!rows.isEmpty() && !lastHasBand) {
                    Optional<FrequencyBand> band = spectralBand(line);
                    if (band.isPresent()) {
                        Selection last = rows.get(rows.size() - 1);
                        rows.set(rows.size() - 1,
                                new Selection(last.annotation(), band, last.extras()));
                    }
                }
                lastHasBand = true;
                continue;
            }
            String[] fields = line.indexOf('\t') >= 0
                    ? line.split("\t", 3)
                    : line.strip().split("\\s+", 3);
            if (fields.length < 2) {
                throw InputFormatException.atLine(file, lineNo,
                        "expected start<TAB>end[<TAB>label], found 1 field: '" + line.strip() + "'");
            }
            double start = Rows.seconds(file, lineNo, "start", fields[0]);
            double end = Rows.seconds(file, lineNo, "end", fields[1]);
            String label = fields.length == 3 ? fields[2] : "";
            if (line.indexOf('\t') < 0) {
                label = label.strip();
            }
            rows.add(Selection.of(Rows.event(file, lineNo, start, end, label)));
            lastHasBand = false;
        }
        return new AnnotationTable(file, AnnotationFormat.AUDACITY, rows);
    }

    private static Optional<FrequencyBand> spectralBand(String line) {
        String rest = line.stripLeading().substring(1).strip();
        String[] f = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        if (f.length != 2 || !Decimals.isNumber(f[0]) || !Decimals.isNumber(f[1])) {
            return Optional.empty();
        }
        double low = Decimals.parse(f[0]);
        double high = Decimals.parse(f[1]);
        if (low < 0 || high < low) {
            return Optional.empty();
        }
        return Optional.of(new FrequencyBand(low, high));
    }

    /**
     * Writes events as an Audacity label track, one {@code %.6f<TAB>%.6f<TAB>label} line each
     * (point as decimal separator whatever the locale), through a temporary file renamed over the
     * target.
     *
     * @param file the file to create or replace
     * @param events the events, written in the given order
     * @throws IllegalArgumentException if a label contains a line break
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<Annotation> events) throws IOException {
        Objects.requireNonNull(events, "events");
        writeSelections(file, events.stream().map(Selection::of).toList());
    }

    /**
     * Writes selections as an Audacity label track; a selection with a frequency band is followed
     * by its spectral line {@code \<TAB>low<TAB>high}. Extra columns are not written (the format
     * has no place for them).
     *
     * @param file the file to create or replace
     * @param rows the selections, written in the given order
     * @throws IllegalArgumentException if a label contains a line break
     * @throws IOException if writing fails
     */
    public static void writeSelections(Path file, List<Selection> rows) throws IOException {
        Objects.requireNonNull(file, "file");
        StringBuilder sb = new StringBuilder();
        for (Selection s : rows) {
            Annotation a = s.annotation();
            sb.append(Decimals.format(a.start(), 6)).append('\t')
                    .append(Decimals.format(a.end(), 6)).append('\t')
                    .append(Rows.writableLabel(a.label(), null, '\t')).append('\n');
            if (s.band().isPresent()) {
                FrequencyBand b = s.band().get();
                sb.append("\\\t").append(Decimals.format(b.lowHz(), 6)).append('\t')
                        .append(Decimals.format(b.highHz(), 6)).append('\n');
            }
        }
        TextFiles.writeAtomically(file, out -> out.write(sb.toString()));
    }
}
