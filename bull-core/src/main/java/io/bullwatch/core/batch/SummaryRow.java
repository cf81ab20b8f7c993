package io.bullwatch.core.batch;

import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.DelimitedText;
import io.bullwatch.core.text.JsonText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One row of {@value BatchDetection#SUMMARY}.
 *
 * @param recording the input's {@link BatchInput#recording()}
 * @param seconds the recording's length, {@code NaN} when unknown (unreadable file)
 * @param events detected events, {@code -1} for a failed input
 * @param minutesToReview total length of the events in minutes, {@code NaN} for a failed input
 * @param realTimeFactor audio seconds per second of detection, {@code NaN} when unknown
 * @param status done or failed
 * @param error why it failed; empty when done
 * @param warning what a reviewer should know about a detection that is done (a night flagged far
 *     beyond what calibration expects, {@link io.bullwatch.core.events.FlaggingGuard}, or whose
 *     background sits far from the model's sites, {@link SiteDistance#warning()}); empty when
 *     nothing
 * @param background how far the recording's background sits from the model's sites, as a ratio to
 *     how far they sit from one another ({@link io.bullwatch.core.events.SiteDistance#ratio()}; above
 *     1 the threshold was never checked on such a background); {@code NaN} when unknown
 * @param embedding the same ratio measured on the network's embeddings of the recording's windows
 *     (the background as the network sees it); {@code NaN} when unknown
 */
public record SummaryRow(String recording, double seconds, int events, double minutesToReview,
        double realTimeFactor, Status status, String error, String warning, double background,
        double embedding) {

    /** The header of {@value BatchDetection#SUMMARY}. */
    public static final String HEADER =
            "recording,seconds,events,minutes_to_review,real_time_factor,status,error,warning,background,embedding";
    /** The header of summaries written before the embedding column; still read. */
    public static final String HEADER_WITHOUT_EMBEDDING =
            "recording,seconds,events,minutes_to_review,real_time_factor,status,error,warning,background";
    /** The header of summaries written before the background column; still read. */
    public static final String HEADER_WITHOUT_BACKGROUND =
            "recording,seconds,events,minutes_to_review,real_time_factor,status,error,warning";
    /** The header of summaries written before the warning column; still read. */
    public static final String HEADER_WITHOUT_WARNING =
            "recording,seconds,events,minutes_to_review,real_time_factor,status,error";

    /** Whether an input ended well. */
    public enum Status {
        /** Detected; its outputs are complete. */
        DONE,
        /** Not detected; the row says why. */
        FAILED;

        /** @return the text in {@value BatchDetection#SUMMARY}: {@code done} or {@code failed} */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }


    /** Validates; line breaks in the error and the warning become spaces. */
    public SummaryRow {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(status, "status");
        error = oneLine(Objects.requireNonNull(error, "error"));
        warning = oneLine(Objects.requireNonNull(warning, "warning"));
    }

    /**
     * A row without a warning.
     *
     * @param recording the input's recording
     * @param seconds its length
     * @param events detected events, {@code -1} for a failed input
     * @param minutesToReview total length of the events in minutes
     * @param realTimeFactor audio seconds per second of detection
     * @param status done or failed
     * @param error why it failed; empty when done
     */
    public SummaryRow(String recording, double seconds, int events, double minutesToReview,
            double realTimeFactor, Status status, String error) {
        this(recording, seconds, events, minutesToReview, realTimeFactor, status, error, "", Double.NaN, Double.NaN);
    }

    /**
     * The row of a recording detected well: its length, events, minutes to review, the warning
     * ({@link RecordingDetection#warning}) and the background distances (bands and embeddings).
     *
     * @param recording the input's recording
     * @param detection what was found
     * @param wallSeconds how long the detection took
     * @param expectedFlaggedShare the detector's expected flagged share
     * @return the row
     */
    public static SummaryRow done(String recording, RecordingDetection detection, double wallSeconds,
            OptionalDouble expectedFlaggedShare) {
        return new SummaryRow(recording, detection.seconds(), detection.events().size(),
                detection.secondsToReview() / 60, detection.seconds() / Math.max(1e-9, wallSeconds), Status.DONE, "",
                detection.warning(expectedFlaggedShare),
                detection.background().map(SiteDistance::ratio).orElse(Double.NaN),
                detection.embedding().map(SiteDistance::ratio).orElse(Double.NaN));
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * @param text the warning
     * @return this row with that warning
     */
    public SummaryRow withWarning(String text) {
        return new SummaryRow(recording, seconds, events, minutesToReview, realTimeFactor, status, error, text,
                background, embedding);
    }

    /** @return the row as a line of {@value BatchDetection#SUMMARY}, without line break */
    public String toCsv() {
        return String.join(",", DelimitedText.quote(recording, ','), number(seconds, 3),
                events < 0 ? "" : Integer.toString(events), number(minutesToReview, 2),
                number(realTimeFactor, 1), status.text(), DelimitedText.quote(error, ','),
                DelimitedText.quote(warning, ','), number(background, 2), number(embedding, 2));
    }

    /**
     * Parses a line written by {@link #toCsv()}, or by an earlier version without the warning,
     * the background or the embedding column.
     *
     * @param line the line
     * @return the row
     * @throws IllegalArgumentException if the line is not such a row
     */
    public static SummaryRow parse(String line) {
        List<String> f = DelimitedText.split(line, ',');
        if (f.size() < 7 || f.size() > 10) {
            throw new IllegalArgumentException("expected 10 fields (" + HEADER + "), found "
                    + f.size());
        }
        Status status = switch (f.get(5)) {
            case "done" -> Status.DONE;
            case "failed" -> Status.FAILED;
            default -> throw new IllegalArgumentException("status: expected done or failed, found '"
                    + f.get(5) + "'");
        };
        return new SummaryRow(f.get(0), parseOrNaN(f.get(1)),
                f.get(2).isEmpty() ? -1 : (int) Decimals.parseLong(f.get(2)), parseOrNaN(f.get(3)),
                parseOrNaN(f.get(4)), status, f.get(6), f.size() >= 8 ? f.get(7) : "",
                f.size() >= 9 ? parseOrNaN(f.get(8)) : Double.NaN,
                f.size() == 10 ? parseOrNaN(f.get(9)) : Double.NaN);
    }

    /**
     * Reads the lines of a whole {@value BatchDetection#SUMMARY}: the header (this version's, or an
     * earlier one without the embedding, the background or the warning column), then rows; blank lines are
     * skipped, a later row of a recording replaces an earlier one.
     *
     * @param lines the file's lines
     * @return the rows by recording, in file order
     * @throws IllegalArgumentException naming the line ({@code "line N: ..."}) if a line is not
     *     the header or a row
     */
    public static Map<String, SummaryRow> parseSummary(List<String> lines) {
        Map<String, SummaryRow> rows = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                if (i == 0) {
                    if (!line.equals(HEADER) && !line.equals(HEADER_WITHOUT_EMBEDDING)
                            && !line.equals(HEADER_WITHOUT_BACKGROUND)
                            && !line.equals(HEADER_WITHOUT_WARNING)) {
                        throw new IllegalArgumentException("expected the header " + HEADER);
                    }
                } else if (!line.isEmpty()) {
                    SummaryRow r = parse(line);
                    rows.put(r.recording(), r);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /**
     * The row a run's marker of a finished input stores, if the marker was written for this
     * input and detector ({@code .bull/NAME.json}: the key's fields and {@code row}).
     *
     * @param markerJson the marker's text
     * @param key what the input and detector are now (input, size, modification time, parameter
     *     hash)
     * @return the stored row, or null when a field of the key differs or there is no row
     * @throws IllegalArgumentException if the text is not a flat JSON object of strings, or the
     *     row is malformed
     */
    public static SummaryRow fromMarker(String markerJson, Map<String, String> key) {
        Map<String, String> m = JsonText.readFlatStrings(markerJson);
        for (Map.Entry<String, String> e : key.entrySet()) {
            if (!e.getValue().equals(m.get(e.getKey()))) {
                return null;
            }
        }
        String row = m.get("row");
        return row == null ? null : parse(row);
    }

    /**
     * The recording a marker was written for, when it is another file than {@code key}'s: another
     * {@code input}, and another {@code size} or {@code modified} time (the same file moved is the
     * same recording). A later recording of the same name must not replace its outputs.
     *
     * @param markerJson the marker's text
     * @param key the recording's {@code input}, {@code size} and {@code modified}
     * @return the marker's input, or null when it is this recording's (or names none)
     * @throws IllegalArgumentException if the text is not a marker
     */
    public static String otherRecording(String markerJson, Map<String, String> key) {
        Map<String, String> m = JsonText.readFlatStrings(markerJson);
        String input = m.get("input");
        boolean moved = Objects.equals(key.get("size"), m.get("size"))
                && Objects.equals(key.get("modified"), m.get("modified"));
        return input == null || input.equals(key.get("input")) || moved ? null : input;
    }

    /**
     * The failed row of a file whose path holds a line break, which no line of {@code summary.csv}
     * (nor a Raven table) can hold; the breaks are shown as {@code \n} and {@code \r}.
     *
     * @param recording the recording's name
     * @param file its path, as the user gave it
     * @return the row, or null when neither holds a line break
     */
    public static SummaryRow lineBreakFailure(String recording, String file) {
        if (!lineBreak(recording) && !lineBreak(file)) {
            return null;
        }
        return new SummaryRow(visible(recording), Double.NaN, -1, Double.NaN, Double.NaN, Status.FAILED,
                visible(file) + ": the file name holds a line break, which the output tables cannot hold; rename"
                        + " the file");
    }

    private static boolean lineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String number(double v, int decimals) {
        return Double.isNaN(v) ? "" : Decimals.format(v, decimals);
    }

    private static double parseOrNaN(String s) {
        return s.isEmpty() ? Double.NaN : Decimals.parse(s);
    }
}
