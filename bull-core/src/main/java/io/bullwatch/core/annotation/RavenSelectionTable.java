package io.bullwatch.core.annotation;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes Raven selection tables ({@code *.selections.txt}).
 *
 * <p>A table is tab-separated text whose first non-blank line is a header. Required columns:
 * {@value #BEGIN_TIME}, {@value #END_TIME}; optional: {@value #SELECTION}, {@value #LOW_FREQ} /
 * {@value #HIGH_FREQ} (kept as the {@link Selection#band()} when both cells are filled),
 * a label column (see {@link RavenReadOptions}), and for tables that cover many recordings
 * {@value #BEGIN_FILE} (or {@value #BEGIN_PATH}, as BirdNET-Analyzer's combined tables have it)
 * and {@value #FILE_OFFSET} (see {@link #readCombined}). Column names match ignoring case and
 * surrounding blanks. Raven writes one
 * row per view ({@code Waveform 1}, {@code Spectrogram 1}) of the same selection: rows that repeat
 * a {@value #SELECTION} number are dropped (they must have the same times). Columns other than the
 * standard seven and the label column are kept as {@link Selection#extras()}.
 *
 * <p>Blank lines are skipped; any line ending, a UTF-8 or UTF-16 byte-order mark and decimal
 * commas ({@code 12,5}) are accepted. A trailing tab on the header or a row is accepted (empty
 * cells after the last column are ignored). A row with fewer cells than the header is read with
 * the missing trailing cells empty, as Raven and pandas read it (tools omit the tabs of empty
 * trailing annotation columns); a required cell that is empty or missing is still an error, and so
 * is a row with more non-empty cells than the header has columns.
 */
public final class RavenSelectionTable {

    /** Column with the selection number. */
    public static final String SELECTION = "Selection";
    /** Column with the view name. */
    public static final String VIEW = "View";
    /** Column with the channel number. */
    public static final String CHANNEL = "Channel";
    /** Column with the start time in seconds. */
    public static final String BEGIN_TIME = "Begin Time (s)";
    /** Column with the end time in seconds. */
    public static final String END_TIME = "End Time (s)";
    /** Column with the lower frequency bound. */
    public static final String LOW_FREQ = "Low Freq (Hz)";
    /** Column with the upper frequency bound. */
    public static final String HIGH_FREQ = "High Freq (Hz)";
    /** Column of multi-file tables naming the recording a selection starts in. */
    public static final String BEGIN_FILE = "Begin File";
    /**
     * Column of combined tables (BirdNET-Analyzer) naming the recording a selection starts in by
     * its path; read like {@value #BEGIN_FILE} (only the file name counts).
     */
    public static final String BEGIN_PATH = "Begin Path";
    /** Column of multi-file tables with the start time inside {@value #BEGIN_FILE}. */
    public static final String FILE_OFFSET = "File Offset (s)";
    /** The label column the writer uses and the reader looks for first. */
    public static final String ANNOTATION = "Annotation";
    /** The label column the reader looks for when {@value #ANNOTATION} is absent. */
    public static final String LABEL = "Label";

    /**
     * The band written for selections that have none: 0 Hz to 22,050 Hz, the whole spectrum of a
     * 44.1 kHz recording.
     */
    public static final FrequencyBand DEFAULT_BAND = new FrequencyBand(0, 22050);

    private static final List<String> STANDARD =
            List.of(SELECTION, VIEW, CHANNEL, BEGIN_TIME, END_TIME, LOW_FREQ, HIGH_FREQ);
    /** Duplicate view rows whose times differ by more than this are an error. */
    private static final double SAME_TIME_TOLERANCE = 1e-6;

    private RavenSelectionTable() {
    }

    /**
     * Reads a table with the default options.
     *
     * @param file the file
     * @return one row per selection, in file order
     * @throws InputFormatException see {@link #read(Path, RavenReadOptions)}
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file) throws IOException {
        return read(file, RavenReadOptions.defaults());
    }

    /**
     * Reads a table.
     *
     * @param file the file
     * @param options the label column and, for multi-file tables, the recording wanted
     * @return one row per selection, in file order (only the chosen recording's, when one is set)
     * @throws InputFormatException naming file and line when the file is empty, a required or
     *     requested column is missing (the message lists the columns found), a row has more
     *     non-empty cells than the header has columns, a required cell is empty or missing, a time
     *     or frequency is not a finite number, a time is negative, an end lies before its start, a
     *     band's high frequency lies below its low one, or a repeated selection number comes with
     *     other times
     * @throws IOException if the file cannot be read
     */
    public static AnnotationTable read(Path file, RavenReadOptions options) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        String wanted = options.recordingFile().map(RavenSelectionTable::fileName).orElse(null);
        List<Selection> rows = new ArrayList<>();
        for (Row r : parse(file, options.labelColumn(), wanted == null ? null
                : " (needed to pick the events of " + wanted + ")")) {
            if (wanted == null || r.recording().equalsIgnoreCase(wanted)) {
                rows.add(r.selection());
            }
        }
        return new AnnotationTable(file, AnnotationFormat.RAVEN, rows);
    }

    /**
     * Reads a table that covers many recordings: a Raven multi-file table, or a combined table
     * such as BirdNET-Analyzer writes. Each row belongs to the recording named in {@value
     * #BEGIN_FILE} or {@value #BEGIN_PATH} (only the file name counts: {@code D:\season\n1.wav}
     * is {@code n1.wav}), starts at {@value #FILE_OFFSET} in it and lasts {@code End Time (s) -
     * Begin Time (s)}.
     *
     * @param file the table
     * @param options the label column (a recording set in the options is ignored: every
     *     recording's rows are returned)
     * @return each recording's selections, by file name as written in the table, in order of first
     *     appearance
     * @throws InputFormatException as {@link #read(Path, RavenReadOptions)}, and when the table lacks
     *     {@value #BEGIN_FILE} (or {@value #BEGIN_PATH}) or {@value #FILE_OFFSET}, or a row's file
     *     cell is empty
     * @throws IOException if the file cannot be read
     */
    public static Map<String, AnnotationTable> readCombined(Path file, RavenReadOptions options)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Map<String, List<Selection>> by = new LinkedHashMap<>();
        for (Row r : parse(file, options.labelColumn(), " (a table that covers many recordings names"
                + " each row's recording and its start in it)")) {
            by.computeIfAbsent(r.recording(), k -> new ArrayList<>()).add(r.selection());
        }
        Map<String, AnnotationTable> tables = new LinkedHashMap<>();
        by.forEach((name, rows) -> tables.put(name, new AnnotationTable(file, AnnotationFormat.RAVEN, rows)));
        return tables;
    }

    /** A selection and the file name of the recording it is in (null for one-recording tables). */
    private record Row(String recording, Selection selection) {
    }

    /**
     * Parses every row.
     *
     * @param multiFile null for a table of one recording (times from {@value #BEGIN_TIME}), else why
     *     the file and offset columns are required (rows are then timed by {@value #FILE_OFFSET})
     */
    private static List<Row> parse(Path file, Optional<String> labelColumn, String multiFile)
            throws IOException {
        List<String> lines = TextFiles.readLines(file);
        int headerIndex = 0;
        while (headerIndex < lines.size() && lines.get(headerIndex).isBlank()) {
            headerIndex++;
        }
        if (headerIndex == lines.size()) {
            throw InputFormatException.of(file, "the file is empty; expected a header line with"
                    + " the columns '" + BEGIN_TIME + "' and '" + END_TIME + "'");
        }
        int headerLine = headerIndex + 1;
        String[] header = lines.get(headerIndex).split("\t", -1);
        for (int i = 0; i < header.length; i++) {
            header[i] = header[i].strip();
        }
        int columns = header.length;
        while (columns > 1 && header[columns - 1].isEmpty()) {
            columns--; // trailing tabs after the header
        }
        header = Arrays.copyOf(header, columns);

        int begin = require(file, headerLine, header, BEGIN_TIME, "required column", "");
        int end = require(file, headerLine, header, END_TIME, "required column", "");
        int selection = find(header, SELECTION);
        int low = find(header, LOW_FREQ);
        int high = find(header, HIGH_FREQ);
        int label;
        if (labelColumn.isPresent()) {
            label = require(file, headerLine, header, labelColumn.get(),
                    "label column", "");
        } else {
            label = find(header, ANNOTATION);
            if (label < 0) {
                label = find(header, LABEL);
            }
        }
        int beginFile = -1;
        int fileOffset = -1;
        if (multiFile != null) {
            beginFile = find(header, BEGIN_FILE);
            if (beginFile < 0) {
                beginFile = find(header, BEGIN_PATH);
            }
            if (beginFile < 0) {
                throw InputFormatException.atLine(file, headerLine, "missing column '" + BEGIN_FILE + "' or '"
                        + BEGIN_PATH + "'" + multiFile + "; found columns: " + String.join(", ", quoted(header)));
            }
            fileOffset = require(file, headerLine, header, FILE_OFFSET, "column", multiFile);
        }
        List<Integer> extraColumns = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            if (c != label && find(STANDARD, header[c]) < 0) {
                extraColumns.add(c);
            }
        }

        List<Row> rows = new ArrayList<>();
        Map<String, double[]> seen = new HashMap<>();
        Map<String, Integer> seenLine = new HashMap<>();
        for (int i = headerIndex + 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = cells(file, lineNo, line, header.length, headerLine);
            double start = Rows.seconds(file, lineNo, BEGIN_TIME, cells[begin]);
            double stop = Rows.seconds(file, lineNo, END_TIME, cells[end]);
            Annotation event = Rows.event(file, lineNo, start, stop,
                    label < 0 ? "" : cells[label].strip());
            String key = selection < 0 ? "" : cells[selection].strip();
            if (!key.isEmpty()) {
                double[] first = seen.get(key);
                if (first != null) {
                    if (Math.abs(first[0] - start) > SAME_TIME_TOLERANCE
                            || Math.abs(first[1] - stop) > SAME_TIME_TOLERANCE) {
                        throw InputFormatException.atLine(file, lineNo, "selection " + key
                                + " appears again with other times (" + span(start, stop)
                                + ", line " + seenLine.get(key) + " has " + span(first[0], first[1])
                                + "); expected the rows of one selection's views to agree");
                    }
                    continue;
                }
                seen.put(key, new double[] {start, stop});
                seenLine.put(key, lineNo);
            }
            Optional<FrequencyBand> band = band(file, lineNo, low, high, cells);
            String recording = null;
            if (multiFile != null) {
                recording = fileName(filled(file, lineNo, header, beginFile, cells));
                double offset = Rows.seconds(file, lineNo, FILE_OFFSET, cells[fileOffset]);
                event = new Annotation(offset, offset + (stop - start), event.label());
            }
            Map<String, String> extras = new LinkedHashMap<>();
            for (int c : extraColumns) {
                extras.put(header[c], cells[c]);
            }
            rows.add(new Row(recording, new Selection(event, band, extras)));
        }
        return rows;
    }

    /**
     * A row's cells, as many as the header has columns: empty cells after the last column (a
     * trailing tab) are dropped, and a short row gets its missing trailing cells empty.
     */
    private static String[] cells(Path file, int lineNo, String line, int expected, int headerLine)
            throws InputFormatException {
        String[] cells = line.split("\t", -1);
        int n = cells.length;
        while (n > expected && cells[n - 1].isBlank()) {
            n--;
        }
        if (n > expected) {
            throw InputFormatException.atLine(file, lineNo, "expected at most " + expected
                    + " tab-separated cells as in the header (line " + headerLine + "), found " + n);
        }
        if (n < expected) {
            String[] padded = Arrays.copyOf(cells, expected);
            Arrays.fill(padded, n, expected, "");
            return padded;
        }
        return n == cells.length ? cells : Arrays.copyOf(cells, n);
    }

    /** A required cell's text; an empty or missing one is an error naming the column. */
    private static String filled(Path file, int lineNo, String[] header, int column, String[] cells)
            throws InputFormatException {
        String text = cells[column];
        if (text.isBlank()) {
            throw InputFormatException.atLine(file, lineNo, header[column] + ": expected a recording's"
                    + " file name, found an empty field");
        }
        return text;
    }

    private static Optional<FrequencyBand> band(Path file, int lineNo, int low, int high,
            String[] cells) throws InputFormatException {
        if (low < 0 || high < 0 || cells[low].isBlank() || cells[high].isBlank()) {
            return Optional.empty();
        }
        double lo = Rows.number(file, lineNo, LOW_FREQ, cells[low]);
        double hi = Rows.number(file, lineNo, HIGH_FREQ, cells[high]);
        if (lo < 0 || hi < lo) {
            throw InputFormatException.atLine(file, lineNo, "frequency band " + cells[low].strip()
                    + " to " + cells[high].strip() + " Hz: expected 0 <= " + LOW_FREQ + " <= "
                    + HIGH_FREQ);
        }
        return Optional.of(new FrequencyBand(lo, hi));
    }

    private static String span(double start, double end) {
        return Decimals.format(start, 6) + " to " + Decimals.format(end, 6) + " s";
    }

    private static int find(String[] header, String name) {
        return find(Arrays.asList(header), name);
    }

    private static int find(List<String> header, String name) {
        String n = name.strip();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(n)) {
                return i;
            }
        }
        return -1;
    }

    private static int require(Path file, int headerLine, String[] header, String name,
            String what, String purpose) throws InputFormatException {
        int i = find(header, name);
        if (i < 0) {
            String hint = header.length == 1
                    ? " (columns must be separated by tabs)" : "";
            throw InputFormatException.atLine(file, headerLine, "missing " + what + " '"
                    + name.strip() + "'" + purpose + "; found columns: " + String.join(", ", quoted(header))
                    + hint);
        }
        return i;
    }

    private static List<String> quoted(String[] header) {
        List<String> q = new ArrayList<>();
        for (String h : header) {
            q.add("'" + h + "'");
        }
        return q;
    }

    /** The last path segment of a file name written with {@code /} or {@code \}. */
    static String fileName(String path) {
        String p = path.strip();
        int cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return p.substring(cut + 1);
    }

    /**
     * Writes events as a selection table with the {@link #DEFAULT_BAND}.
     *
     * @param file the file to create or replace
     * @param events the events, numbered 1, 2, ... in the given order
     * @throws IllegalArgumentException if a label contains a tab or a line break
     * @throws IOException if writing fails
     */
    public static void write(Path file, List<Annotation> events) throws IOException {
        Objects.requireNonNull(events, "events");
        writeSelections(file, events.stream().map(Selection::of).toList(), DEFAULT_BAND);
    }

    /**
     * Writes selections as a Raven selection table, one row per selection (view
     * {@code Spectrogram 1}, channel 1), through a temporary file renamed over the target. The
     * columns are {@code Selection, View, Channel, Begin Time (s), End Time (s), Low Freq (Hz),
     * High Freq (Hz)}, then {@code Annotation} when any selection has a label, then every extra
     * column that any selection has, in order of first appearance (cells of selections without it
     * stay empty). Numbers are written with six decimals and a point whatever the locale. This is
     * the one Raven writer: detections ({@code DetectionFiles}) are unlabelled selections with a
     * {@code Score} column.
     *
     * @param file the file to create or replace
     * @param rows the selections, numbered 1, 2, ... in the given order
     * @param defaultBand the band written for selections that have none
     * @throws IllegalArgumentException if a label or extra cell contains a tab or line break, or an
     *     extra column is named like a standard column
     * @throws IOException if writing fails
     */
    public static void writeSelections(Path file, List<Selection> rows, FrequencyBand defaultBand)
            throws IOException {
        writeSelections(file, rows, defaultBand, List.of());
    }

    /**
     * {@link #writeSelections(Path, List, FrequencyBand)} with extra columns that are written
     * whatever the rows hold (first, in the given order): a table of no selections still has them
     * in its header, as the detector's tables have their {@code Score} column.
     *
     * @param file the file to create or replace
     * @param rows the selections, numbered 1, 2, ... in the given order
     * @param defaultBand the band written for selections that have none
     * @param columns extra columns always written
     * @throws IllegalArgumentException as {@link #writeSelections(Path, List, FrequencyBand)}
     * @throws IOException if writing fails
     */
    public static void writeSelections(Path file, List<Selection> rows, FrequencyBand defaultBand,
            List<String> columns) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(defaultBand, "defaultBand");
        List<String> standard = new ArrayList<>(STANDARD);
        standard.add(ANNOTATION);
        boolean labelled = rows.stream().anyMatch(s -> !s.annotation().label().isEmpty());
        Set<String> extras = new LinkedHashSet<>();
        List<Map<String, String>> cells = new ArrayList<>(List.of(Map.of()));
        rows.forEach(s -> cells.add(s.extras()));
        Map<String, String> declared = new LinkedHashMap<>();
        columns.forEach(c -> declared.put(c, ""));
        cells.set(0, declared);
        for (Map<String, String> row : cells) {
            for (String column : row.keySet()) {
                if (find(standard, column) >= 0 || column.isBlank()) {
                    throw new IllegalArgumentException("extra column '" + column
                            + "' must not be blank or named like a standard column " + standard);
                }
                Rows.writableLabel(column, "tab", '\t');
                extras.add(column);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.join("\t", labelled ? standard : STANDARD));
        for (String column : extras) {
            sb.append('\t').append(column);
        }
        sb.append('\n');
        int number = 0;
        for (Selection s : rows) {
            number++;
            Annotation a = s.annotation();
            FrequencyBand b = s.band().orElse(defaultBand);
            sb.append(number).append("\tSpectrogram 1\t1\t")
                    .append(Decimals.format(a.start(), 6)).append('\t')
                    .append(Decimals.format(a.end(), 6)).append('\t')
                    .append(Decimals.format(b.lowHz(), 6)).append('\t')
                    .append(Decimals.format(b.highHz(), 6));
            if (labelled) {
                sb.append('\t').append(Rows.writableLabel(a.label(), "tab", '\t'));
            }
            for (String column : extras) {
                sb.append('\t').append(Rows.writableLabel(s.extras().getOrDefault(column, ""),
                        "tab", '\t'));
            }
            sb.append('\n');
        }
        TextFiles.writeAtomically(file, out -> out.write(sb.toString()));
    }
}
