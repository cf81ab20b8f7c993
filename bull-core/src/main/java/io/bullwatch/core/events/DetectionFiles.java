package io.bullwatch.core.events;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.annotation.RavenSelectionTable;
import io.bullwatch.core.annotation.Selection;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.JsonText;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes what a detector found in one recording as the three files an expert and later tools
 * use, and reads the window scores back.
 *
 * <p>For a recording {@code NAME.wav} (NAME is the file name without its extension):
 * <ul>
 *   <li>{@code NAME.bull.selections.txt}: a Raven selection table, one row per event, columns
 *       {@value #RAVEN_HEADER_TEXT} (tab-separated), view {@code Spectrogram 1}, channel 1, times
 *       with 6 decimals, the band of {@link #nyquistBand(int)} unless another is given, the event
 *       score with 4 decimals. An empty detection writes the header only. Raven opens it with
 *       {@code File > Open Selection Table}; {@link io.bullwatch.core.annotation.RavenSelectionTable}
 *       writes it, as unlabelled selections with a {@value #SCORE} column, and reads it back.</li>
 *   <li>{@code NAME.bull.labels.txt}: an Audacity label track, one line
 *       {@code start<TAB>end<TAB>bull SCORE} per event (label {@value #LABEL}, a space and the
 *       score with 4 decimals, so that the score shows in Audacity), times with 6 decimals.</li>
 *   <li>{@code NAME.bull.windows.csv}: {@code start,end,score,detected} for every window, so that
 *       another threshold can be applied later without running the detector again. Times and
 *       scores are the shortest decimal text that reads back to the same {@code double} / {@code
 *       float} (no exponent); {@code detected} is {@code 1} when {@code score >= threshold}, else
 *       {@code 0}.</li>
 * </ul>
 * Every file is written through a temporary file renamed over the target
 * ({@link TextFiles#writeAtomically}), with {@code \n} line endings and a point as decimal
 * separator whatever the locale.
 */
public final class DetectionFiles {

    /** File name suffix of the Raven selection table. */
    public static final String SELECTIONS_SUFFIX = ".bull.selections.txt";
    /** File name suffix of the Audacity label track. */
    public static final String LABELS_SUFFIX = ".bull.labels.txt";
    /** File name suffix of the window scores. */
    public static final String WINDOWS_SUFFIX = ".bull.windows.csv";
    /** The label of every detected event (followed by a space and the score in label tracks). */
    public static final String LABEL = "bull";
    /** The column of a selection's score. */
    public static final String SCORE = "Score";
    /** The Raven header, tab-separated. */
    public static final String RAVEN_HEADER_TEXT = "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)"
            + "\tLow Freq (Hz)\tHigh Freq (Hz)\tScore";
    /** The header line of the window scores file. */
    public static final String WINDOWS_HEADER = "start,end,score,detected";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

    private DetectionFiles() {
    }

    /**
     * The three output files of one recording.
     *
     * @param selections {@code NAME.bull.selections.txt}
     * @param labels {@code NAME.bull.labels.txt}
     * @param windows {@code NAME.bull.windows.csv}
     */
    public record Outputs(Path selections, Path labels, Path windows) {

        /** Validates. */
        public Outputs {
            Objects.requireNonNull(selections, "selections");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(windows, "windows");
        }

        /** @return the three files, in the order they are written */
        public List<Path> all() {
            return List.of(selections, labels, windows);
        }

        /** @return whether all three files exist */
        public boolean exist() {
            return Files.isRegularFile(selections) && Files.isRegularFile(labels)
                    && Files.isRegularFile(windows);
        }
    }

    /**
     * The output files of a recording.
     *
     * @param dir the folder they go to
     * @param name the recording's name without extension (no path separators)
     * @return the paths
     * @throws IllegalArgumentException if the name is empty or contains a path separator
     */
    public static Outputs outputs(Path dir, String name) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a recording name must be non-empty and have no path"
                    + " separators, got '" + name + "'");
        }
        return new Outputs(dir.resolve(name + SELECTIONS_SUFFIX), dir.resolve(name + LABELS_SUFFIX),
                dir.resolve(name + WINDOWS_SUFFIX));
    }

    /**
     * The band from 0 Hz to the Nyquist frequency of a sample rate.
     *
     * @param sampleRate frames per second, {@code > 0}
     * @return {@code [0, sampleRate / 2]}
     */
    public static FrequencyBand nyquistBand(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("the sample rate must be > 0 Hz, got " + sampleRate);
        }
        return new FrequencyBand(0, sampleRate / 2.0);
    }

    /**
     * Writes the three files of one recording, selections first and window scores last.
     *
     * @param dir the folder (created if missing)
     * @param name the recording's name without extension
     * @param detection what the detector found (its rule's threshold decides {@code detected})
     * @param band the band of every Raven selection
     * @return the files written
     * @throws IOException if writing fails
     */
    public static Outputs write(Path dir, String name, RecordingDetection detection, FrequencyBand band)
            throws IOException {
        Objects.requireNonNull(detection, "detection");
        Outputs out = outputs(dir, name);
        Files.createDirectories(dir);
        writeSelections(out.selections(), detection.events(), band);
        writeLabels(out.labels(), detection.events());
        writeWindows(out.windows(), detection.windows(), detection.rule().threshold());
        return out;
    }

    /**
     * Writes events as a Raven selection table (see the class comment).
     *
     * @param file the file to create or replace
     * @param events the events, numbered 1, 2, ... in the given order
     * @param band the band of every selection
     * @throws IOException if writing fails
     */
    public static void writeSelections(Path file, List<DetectedEvent> events, FrequencyBand band)
            throws IOException {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(band, "band");
        List<Selection> rows = new ArrayList<>(events.size());
        for (DetectedEvent e : events) {
            rows.add(Selection.of(Annotation.of(e.start(), e.end()), band)
                    .withExtra(SCORE, Decimals.format(e.score(), 4)));
        }
        RavenSelectionTable.writeSelections(file, rows, band, List.of(SCORE));
    }

    /**
     * Writes events as an Audacity label track (see the class comment).
     *
     * @param file the file to create or replace
     * @param events the events in the given order
     * @throws IOException if writing fails
     */
    public static void writeLabels(Path file, List<DetectedEvent> events) throws IOException {
        Objects.requireNonNull(events, "events");
        StringBuilder sb = new StringBuilder();
        for (DetectedEvent e : events) {
            sb.append(Decimals.format(e.start(), 6)).append('\t')
                    .append(Decimals.format(e.end(), 6)).append('\t')
                    .append(LABEL).append(' ').append(Decimals.format(e.score(), 4)).append('\n');
        }
        TextFiles.writeAtomically(file, w -> w.write(sb.toString()));
    }

    /**
     * Writes every window's score (see the class comment).
     *
     * @param file the file to create or replace
     * @param windows the windows in the given order
     * @param threshold decides the {@code detected} column
     * @throws IOException if writing fails
     */
    public static void writeWindows(Path file, List<WindowScore> windows, double threshold) throws IOException {
        Objects.requireNonNull(windows, "windows");
        StringBuilder sb = new StringBuilder(WINDOWS_HEADER).append('\n');
        for (WindowScore w : windows) {
            sb.append(JsonText.plain(Double.toString(w.start()))).append(',')
                    .append(JsonText.plain(Double.toString(w.end()))).append(',')
                    .append(JsonText.plain(Float.toString(w.score()))).append(',')
                    .append(w.isFlagged(threshold) ? '1' : '0').append('\n');
        }
        TextFiles.writeAtomically(file, w -> w.write(sb.toString()));
    }

    /**
     * Reads a window scores file written by {@link #writeWindows}. Strict: the first line must be
     * the header {@value #WINDOWS_HEADER}; every other non-blank line has four comma-separated
     * fields: start and end seconds ({@code 0 <= start < end}), a finite score (decimal with a
     * point, optional exponent) and {@code detected} {@code 0} or {@code 1} (not checked against
     * any threshold).
     *
     * @param file the file
     * @return the windows in file order, with the scores exactly as written
     * @throws InputFormatException naming file and line for any other content
     * @throws IOException if the file cannot be read
     */
    public static List<WindowScore> readWindows(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = TextFiles.readLines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals(WINDOWS_HEADER)) {
            throw InputFormatException.atLine(file, 1, "expected the header '" + WINDOWS_HEADER + "', found "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0).strip() + "'"));
        }
        List<WindowScore> out = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw InputFormatException.atLine(file, lineNo, "expected 4 comma-separated fields"
                        + " (" + WINDOWS_HEADER + "), found " + f.length);
            }
            double start = number(file, lineNo, "start", f[0]);
            double end = number(file, lineNo, "end", f[1]);
            number(file, lineNo, "score", f[2]);
            float score = Float.parseFloat(f[2].strip());
            if (!Float.isFinite(score)) {
                throw InputFormatException.atLine(file, lineNo, "score: '" + f[2].strip()
                        + "' is out of the float range");
            }
            String detected = f[3].strip();
            if (!detected.equals("0") && !detected.equals("1")) {
                throw InputFormatException.atLine(file, lineNo, "detected: expected 0 or 1, found '"
                        + detected + "'");
            }
            try {
                out.add(new WindowScore(start, end, score));
            } catch (IllegalArgumentException e) {
                throw InputFormatException.atLine(file, lineNo, e.getMessage());
            }
        }
        return out;
    }

    private static double number(Path file, int line, String column, String text) throws InputFormatException {
        String t = text.strip();
        if (!NUMBER.matcher(t).matches()) {
            throw InputFormatException.atLine(file, line, column + ": expected a decimal number with a"
                    + " point, found '" + t + "'");
        }
        double v = Double.parseDouble(t);
        if (!Double.isFinite(v)) {
            throw InputFormatException.atLine(file, line, column + ": expected a finite number, found '"
                    + t + "'");
        }
        return v;
    }
}
